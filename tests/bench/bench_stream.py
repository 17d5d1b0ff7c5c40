"""The 1,000,000-line stream: Python jupyter_client alone, the Notebench window (offscreen, its
benchmark probe), `notebench run` and nbclient, alternating, medians of REPEATS.

  bench_stream.py NOTEBENCH WORKDIR REPEATS LINES
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

import nbformat
from nbconvert.preprocessors.coalescestreams import coalesce_streams

NOTEBENCH, WORK, REPEATS, LINES = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
CODE = f"for i in range({LINES}): print(i)"
NOTEBOOK = os.path.join(WORK, "stream.ipynb")


def make_notebook():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CODE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, NOTEBOOK)


def expected_text():
    return "".join(f"{i}\n" for i in range(LINES))


def stream_text(path):
    """The cell's stdout as Jupyter saves it (consecutive streams coalesced, as nbconvert does)."""
    nb = nbformat.read(path, as_version=4)
    nb, _ = coalesce_streams(nb, {})
    outputs = nb.cells[0].outputs
    return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout"), outputs


def jupyter_client_alone():
    """Execute to idle with every IOPub stream message received, as a client must."""
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        start = time.perf_counter()
        msg_id = kc.execute(CODE)
        lines = 0
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                lines += msg["content"]["text"].count("\n")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        elapsed = time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert lines == LINES, f"jupyter_client received {lines} lines"
    return elapsed


def notebench_window(run, expected):
    saved = os.path.join(WORK, f"window-{run}.ipynb")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTEBENCH_BENCH_REPORT="1", NOTEBENCH_BENCH_RUN=saved)
    # A fresh data, cache and config home: no recovery question from an earlier run can stop the window.
    for key in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[key] = os.path.join(WORK, f"home-{run}", key.lower())
    out = subprocess.run([NOTEBENCH, NOTEBOOK], env=env, capture_output=True, text=True, timeout=600).stdout
    found = re.search(r"run-finished ([\d.]+) ms max-stall ([\d.]+) ms peak-rss (\d+) kB", out)
    save = re.search(r"saved .* in ([\d.]+) ms peak-rss (\d+) kB", out)
    if not found or not save:
        sys.exit("the window did not report:\n" + out)
    text, _ = stream_text(saved)
    complete = text == expected
    return float(found[1]) / 1e3, float(found[2]), int(save[2]) / 1024, float(save[1]) / 1e3, complete


def notebench_run(run):
    out = os.path.join(WORK, f"run-{run}.ipynb")
    start = time.perf_counter()
    subprocess.run([NOTEBENCH, "run", NOTEBOOK, "-o", out], check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start, out


def nbclient_alone(run):
    from nbclient import NotebookClient
    out = os.path.join(WORK, f"nbclient-{run}.ipynb")
    start = time.perf_counter()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name="python3").execute()
    elapsed = time.perf_counter() - start
    nbformat.write(nb, out)
    return elapsed, out


def main():
    make_notebook()
    expected = expected_text()
    rows = {key: [] for key in ("jupyter_client", "window", "stall", "rss", "save", "nbclient", "run")}
    checks = {"window saved every line": [], "notebench run = nbclient (outputs, coalesced)": []}

    def window(run):
        seconds, stall, rss, save, complete = notebench_window(run, expected)
        for key, value in (("window", seconds), ("stall", stall), ("rss", rss), ("save", save)):
            rows[key].append(value)
        checks["window saved every line"].append(complete)

    for run in range(REPEATS):
        # Alternate which side goes first, so neither always gets the warmer machine.
        first, second = (lambda: rows["jupyter_client"].append(jupyter_client_alone()), lambda: window(run))
        for side in ((first, second) if run % 2 == 0 else (second, first)):
            side()
        outs = {}
        first = lambda: outs.setdefault("run", notebench_run(run))
        second = lambda: outs.setdefault("nbclient", nbclient_alone(run))
        for side in ((first, second) if run % 2 == 0 else (second, first)):
            side()
        rows["run"].append(outs["run"][0])
        rows["nbclient"].append(outs["nbclient"][0])
        ours, theirs = stream_text(outs["run"][1])[1], stream_text(outs["nbclient"][1])[1]
        checks["notebench run = nbclient (outputs, coalesced)"].append(ours == theirs and
                                                                         stream_text(outs["run"][1])[0] == expected)

    med = {key: statistics.median(values) for key, values in rows.items()}
    print(f"{LINES:,}-line stream, median of {REPEATS} (alternating sides):")
    print(f"  jupyter_client alone   {med['jupyter_client']:7.2f} s")
    print(f"  Notebench window       {med['window']:7.2f} s = {med['window'] / med['jupyter_client']:.2f}x"
          f" | max stall {med['stall']:.1f} ms | peak RSS {med['rss']:.0f} MiB | save {med['save']:.2f} s")
    print(f"  nbclient               {med['nbclient']:7.2f} s")
    print(f"  notebench run          {med['run']:7.2f} s = {med['run'] / med['nbclient']:.2f}x")
    for name, results in checks.items():
        print(f"  {name}: {'yes' if all(results) else 'NO'}")
    print("  every run: " + json.dumps({key: [round(v, 2) for v in values] for key, values in rows.items()}))
    return 0 if all(all(results) for results in checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
