#!/usr/bin/env bash
# Execute round trip, Notebench beside Python jupyter_client, same kernel, same run.
set -euo pipefail
build=${1:-build}
rounds=${ROUNDS:-1000}
"$build/tests/bench/bench_kernel" "$rounds"
/usr/bin/python3 "$(dirname "$0")/bench_kernel.py" "$rounds"
