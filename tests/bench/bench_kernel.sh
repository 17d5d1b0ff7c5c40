#!/usr/bin/env bash
# Execute round trip, Notebench beside Python jupyter_client on the same kernelspec, in one run.
# The two sides alternate REPEATS times (the machine's noise is larger than the difference), and
# the medians of each side's p50 and p99 are printed last.
set -euo pipefail
build=${1:-build}
rounds=${ROUNDS:-1000}
repeats=${REPEATS:-3}
here=$(dirname "$0")
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for _ in $(seq "$repeats"); do
    "$build/tests/bench/bench_kernel" "$rounds" | tee -a "$log"
    PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 "$here/bench_kernel.py" "$rounds" | tee -a "$log"
done
/usr/bin/python3 - "$log" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) execute\('pass'\) x\d+: p50 ([\d.]+) ms\s+p99 ([\d.]+) ms", line)
    if m:
        rows.setdefault(m[1], []).append((float(m[2]), float(m[3])))
    m = re.match(r"(\S+) kernel start to ready: ([\d.]+) ms", line)
    if m:
        rows.setdefault(m[1] + " start", []).append((float(m[2]), 0))
nb, py = rows["notebench"], rows["jupyter_client"]
med = lambda xs, i: statistics.median(x[i] for x in xs)
print(f"median of {len(nb)} runs: notebench p50 {med(nb, 0):.2f} ms p99 {med(nb, 1):.2f} ms | "
      f"jupyter_client p50 {med(py, 0):.2f} ms p99 {med(py, 1):.2f} ms | "
      f"start to ready {med(rows['notebench start'], 0):.0f} vs {med(rows['jupyter_client start'], 0):.0f} ms")
PY
