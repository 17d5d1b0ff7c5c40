#!/usr/bin/python3
"""Runs one of nbclient's own test notebooks through `notebench run` and through nbclient, and
compares both with the outputs stored in the file, normalised as nbclient's tests normalise
(nbclient/tests/test_client.py: normalize_output, assert_notebooks_equal). Streams are coalesced
on every side, as nbconvert's coalesce_streams does, because notebench coalesces them.

usage: nbclient_oracle.py NAME NOTEBENCH_BINARY WORKDIR   (exit 0 when all three agree)
"""
import base64
import copy
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors.coalescestreams import coalesce_streams

FILES = "/usr/lib/python3/dist-packages/nbclient/tests/files"
# Per-notebook options, as nbclient's test_run_all_notebooks passes them.
OPTIONS = {
    "Interrupt.ipynb": {"timeout": 3, "allow_errors": True},
    "Skip Exceptions.ipynb": {"allow_errors": True},
}
ANSI = re.compile(r"\x1b\[[0-9;]*[a-zA-Z]")
HEXADDR = re.compile(r"0x[0-9a-f]{7,9}")
# The two traceback patterns of nbclient's tests: IPython 7 and IPython 8 cell references.
IPY_INPUT = re.compile(r"(<ipython-input-\d+-[0-9a-f]+>|<IPY-INPUT>) in (<module>|<cell line: \d>\(\))")
IPY8_INPUT = re.compile(r"((Cell|Input) In\s?\[\d+\]|<IPY-INPUT>), (in )?(line \d|<module>|<cell line: \d>\(\))")


def normalize_output(output):
    output = copy.deepcopy(output)
    output.pop("metadata", None)
    if "text" in output:
        output["text"] = HEXADDR.sub("<HEXADDR>", output["text"])
    data = output.get("data", {})
    if "text/plain" in data:
        data["text/plain"] = HEXADDR.sub("<HEXADDR>", data["text/plain"])
    if "image/svg+xml" in data:
        # nbclient compares SVG structurally (xmltodict); C14N sorts attributes the same way.
        data["image/svg+xml"] = ET.canonicalize(data["image/svg+xml"], strip_text=True)
    for key, value in data.items():
        if isinstance(value, str) and key.startswith("image/") and key != "image/svg+xml":
            data[key] = base64.b64encode(base64.b64decode(value)).decode()
    if "traceback" in output:
        output["traceback"] = [IPY8_INPUT.sub("<IPY-INPUT>", IPY_INPUT.sub("<IPY-INPUT>", ANSI.sub("", line)))
                               for line in output["traceback"]]
    return output


def normalized_cells(nb):
    nb = copy.deepcopy(nb)
    nb, _ = coalesce_streams(nb, {})
    return [
        (cell.get("execution_count"), [normalize_output(o) for o in cell.get("outputs", [])])
        for cell in nb.cells
    ]


def differences(label, expected, actual):
    if len(expected) != len(actual):
        return [f"{label}: {len(actual)} cells, expected {len(expected)}"]
    problems = []
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want != got:
            problems.append(f"{label}: cell {index + 1} differs\n  expected {want!r}\n  got      {got!r}")
    return problems


def fresh_copy(name, workdir, tag):
    folder = os.path.join(workdir, tag)
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(FILES, "python.png"), folder)
    nb = nbformat.read(os.path.join(FILES, name), as_version=4)
    for cell in nb.cells:  # as nbclient's run_notebook does before executing
        cell.pop("execution_count", None)
        cell["outputs"] = [] if cell.cell_type == "code" else cell.get("outputs", [])
    path = os.path.join(folder, name)
    nbformat.write(nb, path)
    return path


def main():
    name, notebench, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
    options = OPTIONS.get(name, {})
    stored = nbformat.read(os.path.join(FILES, name), as_version=4)
    env = dict(os.environ, COLUMNS="80", LINES="24")
    os.environ.update(COLUMNS="80", LINES="24")

    ours_in = fresh_copy(name, workdir, "notebench")
    ours_out = ours_in + ".out.ipynb"
    command = [notebench, "run", ours_in, "-o", ours_out, "--kernel", "python3"]
    if "timeout" in options:
        command += ["--timeout", str(options["timeout"])]
    if options.get("allow_errors"):
        command.append("--allow-errors")
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        print(f"notebench run exited {run.returncode}:\n{run.stderr}")
        return 1
    ours = nbformat.read(ours_out, as_version=4)

    theirs_path = fresh_copy(name, workdir, "nbclient")
    theirs = nbformat.read(theirs_path, as_version=4)
    client = NotebookClient(theirs, kernel_name="python3", resources={"metadata": {"path": os.path.dirname(theirs_path)}},
                            timeout=options.get("timeout", 60), allow_errors=options.get("allow_errors", False),
                            interrupt_on_timeout="timeout" in options)
    client.execute()

    problems = differences("notebench vs stored nbclient outputs", normalized_cells(stored), normalized_cells(ours))
    problems += differences("notebench vs nbclient now", normalized_cells(theirs), normalized_cells(ours))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
