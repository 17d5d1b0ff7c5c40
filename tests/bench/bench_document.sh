#!/bin/sh
# Times Python nbformat and Notebench reading and writing the same two notebooks, side by side:
#   big.ipynb   — 200 code cells, each one display_data with a ~200 KB base64 PNG (about 40 MB)
#   small.ipynb — 5,000 code cells, each with a short stream output
# Usage: tests/bench/bench_document.sh [path/to/bench_document] [runs]
set -eu
BENCH=${1:-build/tests/bench/bench_document}
RUNS=${2:-5}
PYTHON=/usr/bin/python3
[ -x "$BENCH" ] || { echo "bench_document not found at $BENCH (build the bench_document target first)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" - "$WORK" "$RUNS" >"$WORK/python.txt" <<'PY'
import base64, os, sys, time
import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

work, runs = sys.argv[1], int(sys.argv[2])
big = new_notebook()
for i in range(200):
    png = base64.b64encode(os.urandom(150_000)).decode()  # 200 KB of base64
    big.cells.append(new_code_cell(f"plot({i})", execution_count=i + 1, outputs=[
        new_output("display_data", data={"image/png": png, "text/plain": "<Figure size 640x480 with 1 Axes>"},
                   metadata={"image/png": {"width": 640, "height": 480}})]))
nbformat.write(big, os.path.join(work, "big.ipynb"))
small = new_notebook()
for i in range(5000):
    small.cells.append(new_code_cell(f"x = {i}\nprint(x)", execution_count=i + 1,
                                     outputs=[new_output("stream", name="stdout", text=f"{i}\n")]))
nbformat.write(small, os.path.join(work, "small.ipynb"))

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
