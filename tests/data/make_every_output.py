#!/usr/bin/python3
"""Writes every_output.ipynb: one code cell per output kind Notebench renders or deliberately
skips, for tests/view/tst_everyoutput and for looking at the window.
Usage: /usr/bin/python3 tests/data/make_every_output.py tests/data/every_output.ipynb"""
import base64
import struct
import sys
import zlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

# A 48x32 blue-to-orange gradient made once with ImageMagick (Python's standard library has no
# JPEG encoder); the PNG below is made here from raw rows.
JPEG = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAUDBAQEAwUEBAQFBQUGBwwIBwcHBw8LCwkMEQ8SEhEPERETFhwXExQaFRERGCEYGh0dHx8fExciJCIeJBweHx7/2wBDAQUFBQcGBw4ICA4eFBEUHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh7/wAARCAAgADADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAUG/8QAFhAAAwAAAAAAAAAAAAAAAAAAABRh/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAUH/8QAFhEAAwAAAAAAAAAAAAAAAAAAABVh/9oADAMBAAIRAxEAPwDNrwLwrLwLwsvaQEUJK8C8Ky8C8D2hFCSvAvCsvAvA9oRQrLwLwqrwLwxl7TZUUJS8C8Kq8C8D2hFCUvAvCqvAvA9oRQ//2Q=="


def gradient_png(width, height):
    rows = b"".join(b"\0" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width))
                    for y in range(height))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


DATAFRAME = """<div>
<table border="1" class="dataframe">
  <thead>
    <tr style="text-align: right;">
      <th></th>
      <th>city</th>
      <th>population</th>
      <th>area_km2</th>
    </tr>
  </thead>
  <tbody>
    <tr><th>0</th><td>Lyon</td><td>522250</td><td>47.87</td></tr>
    <tr><th>1</th><td>Porto</td><td>231800</td><td>41.42</td></tr>
    <tr><th>2</th><td>Gdańsk</td><td>486022</td><td>261.96</td></tr>
  </tbody>
</table>
<p>3 rows × 3 columns <a href="https://pandas.pydata.org/">pandas</a></p>
<script>document.title = "owned"</script>
<img src="https://example.com/tracker.png" alt="remote tracker">
</div>"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120" width="240" height="120">
  <rect x="4" y="4" width="232" height="112" rx="10" fill="#e3f2fd" stroke="#1976d2" stroke-width="3"/>
  <circle cx="60" cy="60" r="36" fill="#ff7043"/>
  <text x="104" y="67" font-family="sans-serif" font-size="18" fill="#0d47a1">SVG output</text>
</svg>"""

TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m                         Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[2], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m \x1b[38;5;241m1\x1b[39m \x1b[38;5;241m/\x1b[39m \x1b[38;5;241m0\x1b[39m",
    "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
]


def display(data, metadata=None):
    return new_output("display_data", data=data, metadata=metadata or {})


def main(path):
    png = base64.b64encode(gradient_png(120, 80)).decode()
    cells = [
        new_markdown_cell("# Every output kind\nOne code cell per MIME type Notebench shows or skips."),
        new_code_cell("print('\\x1b[1;32mgreen bold\\x1b[0m, \\x1b[38;5;208m256-colour\\x1b[0m, "
                      "\\x1b[38;2;120;40;200mtrue colour\\x1b[0m')", outputs=[
            new_output("stream", name="stdout", text="\x1b[1;32mgreen bold\x1b[0m, \x1b[38;5;208m256-colour\x1b[0m, "
                                                     "\x1b[38;2;120;40;200mtrue colour\x1b[0m\nprogress 10%\rprogress 100%\n"),
            new_output("stream", name="stderr", text="a warning on stderr\n")]),
        new_code_cell("1 / 0", outputs=[new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                                   traceback=TRACEBACK)]),
        new_code_cell("40 + 2", execution_count=3, outputs=[
            new_output("execute_result", data={"text/plain": "42"}, execution_count=3)]),
        new_code_cell("df", execution_count=4, outputs=[
            new_output("execute_result", execution_count=4,
                       data={"text/html": DATAFRAME, "text/plain": "     city  population  area_km2\n0    Lyon ..."})]),
        new_code_cell("Image(png, width=240)", outputs=[
            display({"image/png": png, "text/plain": "<IPython.core.display.Image object>"},
                    {"image/png": {"width": 240, "height": 160}})]),
        new_code_cell("Image(jpeg)", outputs=[display({"image/jpeg": JPEG, "text/plain": "<JPEG image>"})]),
        new_code_cell("SVG(svg)", outputs=[display({"image/svg+xml": SVG, "text/plain": "<SVG object>"})]),
        new_code_cell("Markdown(md)", outputs=[
            display({"text/markdown": "### A markdown output\n\n*Emphasis*, **bold** and `code`.\n\n- one\n- two",
                     "text/plain": "<Markdown object>"})]),
        new_code_cell("Math(tex)", outputs=[
            display({"text/latex": "$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$", "text/plain": "<Math object>"})]),
        new_code_cell("JSON(data)", outputs=[
            display({"application/json": {"name": "notebench", "version": [1, 2, 3],
                                          "nested": {"ok": True, "ratio": 0.5, "none": None}},
                     "text/plain": "<IPython.core.display.JSON object>"})]),
        new_code_cell("Javascript(js)", outputs=[
            display({"application/javascript": "alert('never run')", "text/plain": "<IPython.core.display.Javascript object>"})]),
        new_code_cell("pdf", outputs=[
            display({"application/pdf": base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode(), "text/plain": "<PDF document>"})]),
        new_code_cell("IntSlider(3)", outputs=[
            display({"application/vnd.jupyter.widget-view+json": {"model_id": "0a1b", "version_major": 2, "version_minor": 0},
                     "text/plain": "IntSlider(value=3)"})]),
    ]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index}"  # stable ids: writing the file again changes nothing
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                  "language": "python"}})
    nbformat.validate(notebook)
    nbformat.write(notebook, path)


if __name__ == "__main__":
    main(sys.argv[1])
