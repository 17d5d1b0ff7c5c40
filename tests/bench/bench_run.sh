#!/usr/bin/env bash
# `notebench run` of 200 one-line cells beside `jupyter nbconvert --execute` and nbclient alone.
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$work/cells200.ipynb" <<'PY'
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell
nb = new_notebook(cells=[new_code_cell(f"x{i} = {i}") for i in range(200)])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(nb, sys.argv[1])
PY
now() { date +%s.%N; }
t0=$(now); "$build/app/notebench" run "$work/cells200.ipynb" -o "$work/nb.out.ipynb" 2>/dev/null; t1=$(now)
jupyter nbconvert --execute --to notebook --output "$work/nbconvert.out.ipynb" "$work/cells200.ipynb" 2>/dev/null; t2=$(now)
/usr/bin/python3 -c "
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name='python3').execute()
" "$work/cells200.ipynb"; t3=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
    nb = b - a; nc = c - b; cl = d - c;
    printf "200 one-line cells: notebench run %.2f s | jupyter nbconvert --execute %.2f s | nbclient %.2f s | notebench/nbconvert = %.2fx\n", nb, nc, cl, nb / nc }'
