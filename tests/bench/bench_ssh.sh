#!/usr/bin/env bash
# The SSH backend beside the local one on the same kernelspec: attach time, execute round trip and
# stream throughput over a real sshd on loopback. REPEATS runs; the medians are printed last.
set -euo pipefail
build=${1:-build}
rounds=${ROUNDS:-200}
lines=${LINES_OUT:-200000}
repeats=${REPEATS:-3}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for _ in $(seq "$repeats"); do
    "$build/tests/bench/bench_ssh" "$rounds" "$lines" | tee -a "$log"
done
/usr/bin/python3 - "$log" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    for key, pattern in (("attach", r"(\w+) attach \(start to ready\): ([\d.]+) ms"),
                         ("p50", r"(\w+) execute\('pass'\) x\d+: p50 ([\d.]+) ms"),
                         ("stream", r"(\w+) stream \d+ lines: ([\d.]+) s")):
        m = re.match(pattern, line)
        if m:
            rows.setdefault((m[1], key), []).append(float(m[2]))
med = lambda side, key: statistics.median(rows[(side, key)])
print(f"median of {len(rows[('ssh', 'attach')])} runs: attach local {med('local', 'attach'):.0f} ms | ssh {med('ssh', 'attach'):.0f} ms; "
      f"execute p50 local {med('local', 'p50'):.2f} ms | ssh {med('ssh', 'p50'):.2f} ms; "
      f"stream local {med('local', 'stream'):.2f} s | ssh {med('ssh', 'stream'):.2f} s "
      f"(ssh throughput = {med('local', 'stream') / med('ssh', 'stream'):.2f}x local)")
PY
