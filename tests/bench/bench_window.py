#!/usr/bin/python3
"""Window benchmark: Notebench under Xvfb beside the classic Jupyter Notebook in headless Chromium,
on the same notebooks, the sides alternating, in one run; prints medians beside issue 3's targets.
Usage: bench_window.py NOTEBENCH NOTEBOOK_DIR [REPEATS] [LIMIT_S]   (bench_window.sh makes the notebooks)
A first screen later than LIMIT_S (default 120) is reported as "> LIMIT_S" and not tried again."""
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from notebook_reference import NotebookServer, run_notebook
from processes import stop

SIZE = (1100, 800)      # Notebench's window, Chromium's viewport
SCROLL_STEP = 200       # pixels a frame, on both sides
SETTLE_S = 2            # from the first screen to scrolling, on both sides (the kernel starts meanwhile)
NOTEBOOKS = {"tiny": ("tiny.ipynb", 1), "small": ("small.ipynb", 5000), "big": ("big.ipynb", 200)}
SIDES = [("notebench", "Notebench"), ("no-kernel", "Notebench, no kernel"), ("notebook", "Notebook 6 + Chromium")]
ROWS = [  # (label, notebook, measure, target)
    ("start → window painted, ms", "tiny", "window", "≤ 300"),
    ("1-cell notebook → first screen, ms", "tiny", "first_screen", ""),
    ("5,000 cells → first screen, ms", "small", "first_screen", "≤ 500"),
    ("5,000 cells: scroll frame p50, ms", "small", "p50", ""),
    ("5,000 cells: scroll frame p99, ms", "small", "p99", ""),
    ("5,000 cells: scroll frame max, ms", "small", "max", "≤ 50"),
    ("5,000 cells open: RSS, MiB", "small", "rss", "≤ 200"),
    ("5,000 cells open: PSS, MiB", "small", "pss", ""),
    ("5,000 cells scrolled through: RSS, MiB", "small", "rss_scrolled", ""),
    ("40 MB → first screen, ms", "big", "first_screen", "≤ 500"),
    ("40 MB → first screen with its images, ms", "big", "images", "≤ 500"),
    ("40 MB: scroll frame p50, ms", "big", "p50", ""),
    ("40 MB: scroll frame p99, ms", "big", "p99", ""),
    ("40 MB: scroll frame max, ms", "big", "max", "≤ 50"),
    ("40 MB: scroll frames showing a placeholder", "big", "placeholder", ""),
    ("40 MB open: RSS, MiB", "big", "rss", ""),
    ("40 MB open: PSS, MiB", "big", "pss", ""),
]


class Xvfb:
    """A private X display for Notebench (Chromium runs headless without one)."""

    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0",
                                         "1280x1024x24"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as displayfd:
            self.display = ":" + displayfd.readline().strip()


def read_report(process, last, deadline):
    """The probe's lines up to the one starting with `last`; None past the deadline."""
    out = b""
    while last.encode() not in out or not out.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([process.stdout], [], [], left)[0]:
            return None
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            break  # it exited
        out += chunk
    return out.decode()


def run_notebench(binary, path, env, scroll, limit_s):
    """One cold start of Notebench on the notebook, measured by its probe (app/benchprobe.h)."""
    env = dict(env, NOTEBENCH_BENCH_REPORT="1", NOTEBENCH_BENCH_QUIT="1", QT_QPA_PLATFORM="xcb")
    if scroll:
        env["NOTEBENCH_BENCH_SCROLL"] = str(SCROLL_STEP)
    process = subprocess.Popen([binary, path], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    result = {}
    try:
        deadline = time.monotonic() + limit_s + (120 if scroll else 0)
        out = read_report(process, "bench: memory scrolled" if scroll else "bench: memory notebook-painted", deadline)
        if out is None:
            return {"limit": limit_s}
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            result["exit_hang"] = 1  # it said all it had to say, then did not exit
    finally:
        stop(process)
    for line in out.splitlines():
        words = line.split()
        if line.startswith("bench: window-painted"):
            result["window"] = float(words[2])
        elif line.startswith("bench: notebook-painted"):
            result["first_screen"] = float(words[2])
        elif line.startswith("bench: images-painted"):
            result["images"] = float(words[2])
        elif line.startswith("bench: scroll placeholder-frames"):
            result["placeholder"] = float(words[3])
        elif line.startswith("bench: memory notebook-painted"):
            result["rss"], result["pss"] = float(words[4]), float(words[7])
        elif line.startswith("bench: memory scrolled"):
            result["rss_scrolled"], result["pss_scrolled"] = float(words[4]), float(words[7])
        elif line.startswith("bench: scroll frames"):
            result.update(frames=int(words[3]), p50=float(words[8]), p99=float(words[11]), max=float(words[14]))
    if "first_screen" not in result:
        raise RuntimeError(f"notebench reported no first screen:\n{out}")
    return result


def cell(results, measure):
    """Median (min–max) over the runs; "> N s" where a run missed the limit."""
    if any("limit" in run for run in results) and measure not in ("rss", "pss"):
        return f"> {results[0]['limit']} s"
    values = [run[measure] for run in results if run.get(measure) is not None]
    if not values:
        return "n/a"
    digits = 0 if statistics.median(values) >= 100 else 1
    text = f"{statistics.median(values):.{digits}f}"
    if len(values) > 1:
        text += f" ({min(values):.{digits}f}–{max(values):.{digits}f})"
    return text + ("*" if any("limit" in run for run in results) else "")


def isolated_environment(scratch):
    """Settings, recovery journal, Jupyter and IPython state in the scratch folder, not the user's."""
    env = dict(os.environ)
    for name, folder in [("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                         ("XDG_RUNTIME_DIR", "runtime"), ("JUPYTER_CONFIG_DIR", "jupyter-config"),
                         ("JUPYTER_DATA_DIR", "jupyter-data"), ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
                         ("IPYTHONDIR", "ipython")]:
        env[name] = os.path.join(scratch, folder)
        os.makedirs(env[name], mode=0o700)
    return env


def without_kernel(env, scratch):
    """The first kernelspec named python3 becomes a sleeping process: the window opens as usual,
    but no Python starts beside it."""
    spec = os.path.join(scratch, "no-kernel", "kernels", "python3")
    os.makedirs(spec)
    with open(os.path.join(spec, "kernel.json"), "w") as file:
        json.dump({"argv": ["/bin/sleep", "600"], "display_name": "none", "language": "python"}, file)
    return dict(env, JUPYTER_PATH=os.path.join(scratch, "no-kernel"))


def main():
    binary, notebooks = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    limit_s = int(sys.argv[4]) if len(sys.argv) > 4 else 120
    scratch = tempfile.mkdtemp(prefix="bench_window.")
    xvfb = server = None
    try:
        env = isolated_environment(scratch)
        xvfb = Xvfb()
        env["DISPLAY"] = xvfb.display
        no_kernel_env = without_kernel(env, scratch)
        served = os.path.join(scratch, "served")  # the server's own copies: it may write what it opens
        shutil.copytree(notebooks, served)
        server = NotebookServer(served, env)
        print(f"load average {os.getloadavg()[0]:.1f}; jupyter notebook answering after {server.start_ms:.0f} ms; "
              f"{repeats} runs of each, sides alternating", flush=True)

        runs = {side: {key: [] for key in NOTEBOOKS} for side, _ in SIDES}
        for repeat in range(repeats):
            for key, (notebook, cells) in NOTEBOOKS.items():
                path, scroll = os.path.join(notebooks, notebook), key != "tiny"
                measure = {
                    "notebench": lambda: run_notebench(binary, path, env, scroll, limit_s),
                    "no-kernel": lambda: run_notebench(binary, path, no_kernel_env, False, limit_s),
                    "notebook": lambda: run_notebook(server, notebook, cells, scratch, scroll and SCROLL_STEP,
                                                     SETTLE_S, limit_s, SIZE),
                }
                sides = [side for side, _ in SIDES]
                for side in sides if repeat % 2 == 0 else reversed(sides):
                    if any("limit" in run for run in runs[side][key]):
                        continue  # it will not open in time on a second try either
                    result = measure[side]()
                    runs[side][key].append(result)
                    print(f"run {repeat + 1} {key:5} {side:9} " + " ".join(
                        f"{name}={value:.1f}" for name, value in result.items() if value is not None), flush=True)

        starts = [run["browser_start"] for results in runs["notebook"].values() for run in results]
        print(f"\nmedian (min–max) of the runs; load average now {os.getloadavg()[0]:.1f}; Chromium's launch "
              f"(not counted) took {statistics.median(starts):.0f} ms; * measured at the {limit_s} s limit")
        print(f"{'':42}" + "".join(f"{title:>24}" for _, title in SIDES) + f"{'target':>8}")
        for label, key, measure, target in ROWS:
            print(f"{label:42}" + "".join(f"{cell(runs[side][key], measure):>24}" for side, _ in SIDES)
                  + f"{target:>8}")
        ours = [run for side in ("notebench", "no-kernel") for results in runs[side].values() for run in results]
        if hangs := sum(run.get("exit_hang", 0) for run in ours):
            print(f"Notebench did not exit after its report in {hangs} of {len(ours)} runs (killed after 5 s)")
    finally:
        if server:
            server.close()
        if xvfb:
            stop(xvfb.process)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
