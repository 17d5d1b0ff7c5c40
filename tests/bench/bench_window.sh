#!/bin/sh
# Notebench's window beside the classic Jupyter Notebook in headless Chromium, on the same
# generated notebooks (tiny, 5,000 cells, 40 MB of images): start to painted window, first screen,
# scrolling frame times and memory. Notebench runs under Xvfb with its benchmark probe
# (NOTEBENCH_BENCH_REPORT); the Notebook runs on 127.0.0.1 and Chromium is driven over DevTools.
# Needs: apt-get install -y --no-install-recommends xvfb chromium jupyter-notebook
# Usage: tests/bench/bench_window.sh [path/to/notebench] [repeats, 5] [limit in seconds for a first screen, 120]
set -eu
HERE=$(dirname "$0")
NOTEBENCH=${1:-build/app/notebench}
REPEATS=${2:-5}
[ -x "$NOTEBENCH" ] || { echo "notebench not found at $NOTEBENCH (build the notebench target first)" >&2; exit 1; }
for tool in Xvfb /usr/bin/chromium jupyter-notebook; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y xvfb chromium jupyter-notebook" >&2; exit 1; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 "$HERE/generate_notebooks.py" "$WORK"
/usr/bin/python3 "$HERE/bench_window.py" "$NOTEBENCH" "$WORK" "$REPEATS" "${3:-120}"
