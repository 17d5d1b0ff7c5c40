#!/bin/sh
# Times Python nbformat and Notebench reading and writing the same two notebooks, side by side:
# big.ipynb (200 cells, ~40 MB of PNG outputs) and small.ipynb (5,000 cells), from generate_notebooks.py.
# Usage: tests/bench/bench_document.sh [path/to/bench_document] [runs]
set -eu
BENCH=${1:-build/tests/bench/bench_document}
RUNS=${2:-5}
PYTHON=/usr/bin/python3
[ -x "$BENCH" ] || { echo "bench_document not found at $BENCH (build the bench_document target first)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" "$(dirname "$0")/generate_notebooks.py" "$WORK"
"$PYTHON" - "$WORK" "$RUNS" >"$WORK/python.txt" <<'PY'
import os, sys, time
import nbformat

work, runs = sys.argv[1], int(sys.argv[2])
for name in ("big.ipynb", "small.ipynb"):
    path = os.path.join(work, name)
    best_read = best_write = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        best_read = min(best_read, time.perf_counter() - start)
        start = time.perf_counter()
        nbformat.write(nb, path + ".py-out")
        best_write = min(best_write, time.perf_counter() - start)
    os.remove(path + ".py-out")
    print(f"{name} {best_read * 1000:.1f} {best_write * 1000:.1f} {os.path.getsize(path)}")
PY

echo "best of $RUNS runs, milliseconds (Notebench write = serialise + write the file, like nbformat.write)"
printf '%-12s %9s %12s %12s %12s %10s %10s %10s %s\n' notebook MB nbformat_rd nbformat_wr notebench_rd notebench_wr rd_ratio rw_ratio identical
while read -r name pyread pywrite size; do
    line=$("$BENCH" "$WORK/$name" --runs "$RUNS")
    ours_read=$(echo "$line" | sed -n 's/.*read_ms=\([0-9.]*\).*/\1/p')
    ours_write=$(echo "$line" | sed -n 's/.* write_ms=\([0-9.]*\).*/\1/p')
    identical=$(echo "$line" | sed -n 's/.*identical=\([a-zA-Z]*\).*/\1/p')
    awk -v n="$name" -v s="$size" -v pr="$pyread" -v pw="$pywrite" -v cr="$ours_read" -v cw="$ours_write" -v id="$identical" \
        'BEGIN { printf "%-12s %9.1f %12.1f %12.1f %12.1f %12.1f %9.1fx %9.1fx %s\n", n, s / 1e6, pr, pw, cr, cw, pr / cr, (pr + pw) / (cr + cw), id }'
done <"$WORK/python.txt"
