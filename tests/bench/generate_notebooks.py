#!/usr/bin/python3
"""Writes the benchmark notebooks into DIR with Python nbformat:
  big.ipynb   — 200 code cells, each one display_data with a ~200 KB base64 PNG (about 40 MB)
  small.ipynb — 5,000 code cells, each with a short stream output
  tiny.ipynb  — one empty code cell
Usage: generate_notebooks.py DIR"""
import base64
import os
import random
import struct
import sys
import zlib

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output


def noise_png(rng, width=320, height=156):
    """A valid PNG of random pixels: it does not compress, so ~150 KB of PNG is ~200 KB of base64,
    and a viewer that renders images has real decoding to do."""
    rows = b"".join(b"\0" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


def main(work):
    rng = random.Random(3)
    big = new_notebook()
    for i in range(200):
        png = base64.b64encode(noise_png(rng)).decode()
        big.cells.append(new_code_cell(f"plot({i})", execution_count=i + 1, outputs=[
            new_output("display_data", data={"image/png": png, "text/plain": "<Figure size 640x480 with 1 Axes>"},
                       metadata={"image/png": {"width": 640, "height": 480}})]))
    nbformat.write(big, os.path.join(work, "big.ipynb"))

    small = new_notebook()
    for i in range(5000):
        small.cells.append(new_code_cell(f"x = {i}\nprint(x)", execution_count=i + 1,
                                         outputs=[new_output("stream", name="stdout", text=f"{i}\n")]))
    nbformat.write(small, os.path.join(work, "small.ipynb"))

    nbformat.write(new_notebook(cells=[new_code_cell()]), os.path.join(work, "tiny.ipynb"))


if __name__ == "__main__":
    main(sys.argv[1])
