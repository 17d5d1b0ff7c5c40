#!/usr/bin/env bash
# Completion popup latency (keystroke to popup) beside Python jupyter_client's complete round
# trip on the same kernelspec, in one run. Usage: tests/bench/bench_complete.sh [build] [rounds]
set -euo pipefail
build=${1:-build}
rounds=${2:-60}
here=$(dirname "$0")
QT_QPA_PLATFORM=offscreen "$build/tests/bench/bench_complete" "$rounds"
PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 "$here/bench_complete.py" "$rounds"
