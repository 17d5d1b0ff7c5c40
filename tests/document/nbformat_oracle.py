"""Oracle for tst_writer: notebooks written by Python nbformat, the reference serialiser.

  generate DIR          canonical notebooks (nbformat.write) as DIR/canonical-*.ipynb, and non-canonical inputs
                        as DIR/input-*.ipynb, each with DIR/input-*.expected = what nbformat.write makes of it
  canonical IN OUT [N]  nbformat.read(IN) then nbformat.write to OUT (with indent N instead of 1 when given)
"""
import json
import os
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell
from nbformat.v4.rwbase import split_lines, strip_transient

BREAKS = "a\nb\r\nc\rd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l"
CONTROLS = "".join(chr(i) for i in range(32)) + "\x7f \"q\" \\ / é 中文 😀 \U0001F600\u200d"
FLOATS = [1.0, 1e-07, 1e100, -0.0, 0.0, 1e15, 1e16, 1e17, 0.1, 0.0001, 0.00001, 123456789.123, 5e-324,
          1.7976931348623157e308, 1234567890123456.7, 2.5e-5, 3.14159, -2.0, 100.0, 1e22, 1e21]
INTS = [0, -1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64 - 1, 2**64, -2**63, -2**63 - 1, 10**30, -10**40]


def tricky(minor=5):
    nb = new_notebook()
    nb.nbformat_minor = minor
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata.language_info = {"name": "python", "version": "3.11.2"}
    nb.metadata.unknown = {"floats": FLOATS, "ints": INTS, "special": [float("nan"), float("inf"), -float("inf")],
                           "deep": {"z": [{"b": None, "A": True, "é": {"😀": [[], {}, [[1]]]}}], "a": "x"},
                           "empty": {"list": [], "dict": {}, "str": ""}}
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    cells = [
        new_code_cell(source=BREAKS + "\n", execution_count=7, outputs=[
            new_output("stream", name="stdout", text="  0%|          |\r 50%|#####     |\r100%|##########|\ndone\n"),
            new_output("stream", name="stderr", text="warning\n"),
            new_output("display_data", data={
                "image/png": png, "image/jpeg": "/9j/4AAQSkZJRgABAQ==",
                "image/svg+xml": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n <circle r=\"1\"/>\n</svg>\n",
                "text/html": "<table>\n<tr><td>é</td></tr>\n</table>", "text/latex": "$$\\alpha^2$$\n",
                "text/markdown": "# Title\n\n* item\r\n", "application/javascript": "console.log(1);\nalert('x')",
                "application/json": {"a": [1, 2.5, None, "x\ny"], "b": {"c": True}},
                "application/vnd.custom+json": {"k": ["not", "joined\n"]},
                "application/pdf": "JVBERi0xLjQK",
                "text/plain": "<Figure size 640x480 with 1 Axes>"},
                metadata={"image/png": {"width": 320, "height": 240}, "needs_background": "light"}),
            new_output("execute_result", data={"text/plain": "42\n" + CONTROLS}, execution_count=7),
            new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                       traceback=["\x1b[0;31m---------\x1b[0m", "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero\n"]),
        ]),
        new_markdown_cell(source=CONTROLS),
        new_markdown_cell(source="![a](attachment:a.png)\n![b](attachment:b.svg)"),
        new_raw_cell(source=""),
        new_code_cell(source="", execution_count=None),
        new_code_cell(source="single line no newline"),
        new_markdown_cell(source="trailing\n\n\n"),
    ]
    cells[2].attachments = {"a.png": {"image/png": png}, "b.svg": {"image/svg+xml": "<svg>\n</svg>\n", "text/plain": "x\ny"}}
    cells[0].metadata = {"tags": ["a", "b"], "collapsed": False, "scrolled": True, "jupyter": {"source_hidden": True},
                         "execution": {"iopub.status.busy": "2024-01-01T00:00:00.000000Z"}, "zz": 1e-9}
    nb.cells = cells
    if minor < 5:
        for cell in nb.cells:
            del cell["id"]
    else:
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{i}_x"
    return nb


def write_canonical(nb, path, indent=None):
    if indent is None:
        nbformat.write(nb, path)
        return
    nb = strip_transient(split_lines(nb))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(nb, indent=indent, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n")


def canonical(source, target, indent=None):
    write_canonical(nbformat.read(source, as_version=nbformat.NO_CONVERT), target, indent)


def generate(out):
    write_canonical(tricky(5), os.path.join(out, "canonical-tricky45.ipynb"))
    write_canonical(tricky(4), os.path.join(out, "canonical-tricky44.ipynb"))
    empty = new_notebook()
    write_canonical(empty, os.path.join(out, "canonical-empty.ipynb"))
    colab = tricky(0)
    colab.metadata["colab"] = {"provenance": [], "gpuType": "T4"}
    colab.metadata["accelerator"] = "GPU"
    write_canonical(colab, os.path.join(out, "canonical-colab.ipynb"), indent=2)

    # Non-canonical spellings of the same content; the expected bytes are nbformat's own rewrite.
    plain = json.loads(json.dumps(tricky(5)))  # joined strings, not split lines
    inputs = {
        "indent4": json.dumps(plain, indent=4, sort_keys=True, ensure_ascii=False),
        "unsorted": json.dumps({k: plain[k] for k in reversed(sorted(plain))}, indent=1, ensure_ascii=False),
        "compact-ascii": json.dumps(plain, ensure_ascii=True),
        "crlf": json.dumps(plain, indent=1, sort_keys=True, ensure_ascii=False).replace("\n", "\r\n"),
        "no-final-newline": json.dumps(plain, indent=1, sort_keys=True, ensure_ascii=False),
        "signed-and-trusted": None,
    }
    signed = json.loads(json.dumps(plain))
    signed["metadata"]["signature"] = "sha256:0123"
    signed["metadata"]["orig_nbformat"] = 3
    signed["cells"][0]["metadata"]["trusted"] = True
    inputs["signed-and-trusted"] = json.dumps(signed, indent=1)
    for name, text in inputs.items():
        path = os.path.join(out, f"input-{name}.ipynb")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        canonical(path, path[:-len(".ipynb")] + ".expected")
    # Colab style: two-space indent, unsorted keys, minor 0; nbformat's rules with the indent kept.
    colab_input = os.path.join(out, "input-colab.ipynb")
    with open(colab_input, "w", encoding="utf-8", newline="\n") as f:
        body = json.loads(json.dumps(colab))
        f.write(json.dumps({k: body[k] for k in ["nbformat", "nbformat_minor", "metadata", "cells"]}, indent=2,
                           ensure_ascii=False))
    canonical(colab_input, colab_input[:-len(".ipynb")] + ".expected", indent=2)


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    elif sys.argv[1] == "canonical":
        canonical(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None)
    else:
        sys.exit("usage: nbformat_oracle.py generate DIR | canonical IN OUT [INDENT]")
