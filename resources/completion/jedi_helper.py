"""Notebench's static completion helper: jedi, run by the kernel's own interpreter.

It answers while the kernel is busy running a cell. One JSON object per line on stdin, one per
line on stdout, nothing else (so the same script can run on a remote host through an SSH channel):

  -> {"id": 1, "op": "complete" | "inspect", "context": CELLS_ABOVE, "code": CELL,
      "cursor": CODE_POINTS_INTO_CELL, "detail": 0 | 1}
  <- {"id": 1, "cursor_start": N, "cursor_end": N, "items": [{"text", "type", "signature"}]}
  <- {"id": 1, "found": true, "text": "Signature: ...\\nDocstring:\\n..."}
  <- {"id": 1, "error": "..."}

Cursor positions count code points, as the Jupyter messaging spec does. The first line written
is {"ready": true, "jedi": VERSION} or {"ready": false, "error": WHY}.
"""
import json
import sys
import time

try:
    import jedi
    from jedi.api.environment import InterpreterEnvironment
except Exception as error:  # jedi missing or broken in this environment: say so and stop
    sys.stdout.write(json.dumps({"ready": False, "error": "jedi is not available to %s: %s" % (sys.executable, error)}) + "\n")
    sys.stdout.flush()
    sys.exit(0)

# In-process inference: no compiled-module subprocess, several times faster for stdlib stubs.
ENVIRONMENT = InterpreterEnvironment()
SIGNATURE_BUDGET_S = 0.04  # signatures for the first items only, while the answer stays quick
MAX_ITEMS = 400


def blank_magics(source):
    """IPython magics and shell escapes are not Python: blank them, keeping the line count."""
    lines = source.split("\n")
    if lines and lines[0].startswith("%%"):
        return "\n" * (len(lines) - 1)
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)


def script_at(message):
    context = blank_magics(message.get("context", ""))
    code = message.get("code", "")
    cursor = max(0, min(int(message.get("cursor", len(code))), len(code)))
    before = code[:cursor]
    cell_lines = before.split("\n")
    lines_above = context.count("\n") + 1 if context else 0
    prefix = context + "\n" if context else ""
    line = lines_above + len(cell_lines)
    column = len(cell_lines[-1])
    cell = blank_magics(code)
    # The cursor's own line keeps its text even when it is a magic ("%time x.").
    rows = cell.split("\n")
    rows[len(cell_lines) - 1] = code.split("\n")[len(cell_lines) - 1]
    return jedi.Script(prefix + "\n".join(rows), environment=ENVIRONMENT), line, column, cursor


def complete(message):
    script, line, column, cursor = script_at(message)
    started = time.monotonic()
    items = []
    start = cursor
    completions = script.complete(line, column)[:MAX_ITEMS]
    for index, completion in enumerate(completions):
        typed = len(completion.name) - len(completion.complete or "")
        start = min(start, cursor - typed)
    for completion in completions:
        typed = len(completion.name) - len(completion.complete or "")
        # Items whose typed part starts later are widened to the common start.
        lead = message.get("code", "")[start:cursor - typed]
        signature = ""
        if completion.type in ("function", "class") and time.monotonic() - started < SIGNATURE_BUDGET_S:
            signatures = completion.get_signatures()
            if signatures:
                signature = signatures[0].to_string()
                signature = signature[signature.find("("):] if "(" in signature else signature
        items.append({"text": lead + completion.name, "type": completion.type, "signature": signature})
    return {"cursor_start": start, "cursor_end": cursor, "items": items}


def inspect(message):
    script, line, column, _ = script_at(message)
    detail = int(message.get("detail", 0))
    names = []
    signatures = script.get_signatures(line, column)
    if signatures:
        names = [signatures[0]]
    else:
        for col in (column, column - 1):
            if col >= 0:
                names = script.help(line, col) or script.infer(line, col)
                if names:
                    break
    if not names:
        return {"found": False, "text": ""}
    name = names[0]
    parts = []
    call_signatures = [s.to_string() for s in name.get_signatures()] if hasattr(name, "get_signatures") else []
    if call_signatures:
        parts.append("Signature: " + "\n           ".join(call_signatures))
    if name.type:
        parts.append("Type:      " + name.type)
    doc = name.docstring(raw=True) if call_signatures else name.docstring()
    if doc:
        if detail == 0 and len(doc) > 2000:
            doc = doc[:2000] + "\n..."
        parts.append("Docstring:\n" + doc)
    if detail > 0 and name.module_path:
        parts.append("File:      %s" % name.module_path)
    return {"found": True, "text": "\n".join(parts)}


OPERATIONS = {"complete": complete, "inspect": inspect}


def main():
    sys.stdout.write(json.dumps({"ready": True, "jedi": jedi.__version__}) + "\n")
    sys.stdout.flush()
    for raw in sys.stdin:
        raw = raw.strip()
        if not raw:
            continue
        request_id = None
        try:
            message = json.loads(raw)
            request_id = message.get("id")
            answer = OPERATIONS[message.get("op", "")](message)
        except Exception as error:  # one bad request must not end the helper
            answer = {"error": "%s: %s" % (type(error).__name__, error)}
        answer["id"] = request_id
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
