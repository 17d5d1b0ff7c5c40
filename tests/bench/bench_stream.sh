#!/bin/sh
# A cell printing 1,000,000 lines: Python jupyter_client alone (execute, every IOPub stream message
# received, until idle) beside the Notebench window in a Release build (offscreen, its benchmark
# probe: wall time from run to the cell finished with all output in the model, the longest
# event-loop stall between 5 ms ticks, peak RSS from VmHWM, the saved notebook checked line by line),
# and `notebench run` beside nbclient on the same notebook (outputs compared).
# Usage: tests/bench/bench_stream.sh [path/to/notebench, build-rel/app/notebench] [repeats, 3] [lines, 1000000]
set -eu
HERE=$(dirname "$0")
NOTEBENCH=${1:-build-rel/app/notebench}
[ -x "$NOTEBENCH" ] || { echo "notebench not found at $NOTEBENCH (build the notebench target first, Release)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 "$HERE/bench_stream.py" "$(realpath "$NOTEBENCH")" "$WORK" "${2:-3}" "${3:-1000000}"
