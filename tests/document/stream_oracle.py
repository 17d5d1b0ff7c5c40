"""Oracle for tst_streamtext: what Jupyter saves for a cell whose stream arrived in pieces.

  stream_oracle.py IN OUT   IN is JSON {"name": "stdout", "chunks": [...]}: one stream message per chunk.
                            OUT is the notebook nbformat.write makes of one code cell (id "stream-cell")
                            holding those outputs after nbconvert's coalesce_streams.
"""
import json
import sys

import nbformat
from nbconvert.preprocessors.coalescestreams import coalesce_streams
from nbformat.v4 import new_code_cell, new_notebook, new_output

with open(sys.argv[1], encoding="utf-8") as f:
    spec = json.load(f)
cell = new_code_cell("", id="stream-cell")
cell.outputs = [new_output("stream", name=spec["name"], text=chunk) for chunk in spec["chunks"]]
nb = new_notebook(cells=[cell])
nb, _ = coalesce_streams(nb, {})  # the decorator makes it walk the notebook's cells
nbformat.write(nb, sys.argv[2])
