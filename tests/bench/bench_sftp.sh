#!/usr/bin/env bash
# SFTP throughput over a real sshd on loopback: Notebench's SftpSession beside OpenSSH's sftp and
# scp on the same random file, REPEATS runs of MEGABYTES each.
set -euo pipefail
build=${1:-build}
megabytes=${MEGABYTES:-64}
for _ in $(seq "${REPEATS:-3}"); do
    "$build/tests/bench/bench_sftp" "$megabytes"
done
