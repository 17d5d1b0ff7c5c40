#!/usr/bin/env python3
"""The remote agent alone, against Debian's ipykernel: serve --attach, execute, detach, execute
more, attach --from N; seqs contiguous, nothing missing or duplicated; list; stop; serve of a
kernel that does not exist, plain and with --attach. And gpus, against stand-in nvidia-smi
scripts (no GPU here: the real nvidia-smi is never run).

Usage: agent_test.py AGENT.py   (exit 0 on success; every wait has a deadline)
"""

import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import uuid

AGENT = sys.argv[1]
STATE = tempfile.mkdtemp(prefix="nb-agent-test-")
SCRIPTS = tempfile.mkdtemp(prefix="nb-agent-scripts-")  # stand-in programs, outside the state folder
PYTHON = sys.executable


def agent(*args, check=True, timeout=60):
    result = subprocess.run([PYTHON, AGENT] + list(args) + ["--state-dir", STATE], capture_output=True,
                            timeout=timeout, text=True)
    if check and result.returncode != 0:
        raise AssertionError("agent %s failed: %s" % (args, result.stderr))
    return result


class Attached:
    def __init__(self, session, start, command=None):
        command = command or ["attach", session, "--from", str(start)]
        self.proc = subprocess.Popen([PYTHON, AGENT] + command + ["--state-dir", STATE],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""
        self.session_id = uuid.uuid4().hex

    def send(self, channel, msg_type, content):
        msg = {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session_id,
                          "username": "test", "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"},
               "parent_header": {}, "metadata": {}, "content": content, "buffers": []}
        data = json.dumps({"channel": channel, "msg": msg}).encode()
        self.proc.stdin.write(struct.pack(">I", len(data)) + data)
        self.proc.stdin.flush()
        return msg["header"]["msg_id"]

    def frame(self, deadline):
        while True:
            if len(self.buffer) >= 4:
                (length,) = struct.unpack(">I", self.buffer[:4])
                if len(self.buffer) >= 4 + length:
                    raw, self.buffer = self.buffer[4:4 + length], self.buffer[4 + length:]
                    return json.loads(raw)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no frame before the deadline")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    return None
                self.buffer += chunk

    def until_idle(self, msg_id, frames, timeout=30):
        """Collects frames until the request's reply and status idle have both arrived."""
        deadline = time.monotonic() + timeout
        got_reply = got_idle = False
        while not (got_reply and got_idle):
            f = self.frame(deadline)
            if f is None:
                raise AssertionError("attach ended early")
            frames.append(f)
            msg = f["msg"]
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if f["channel"] == "shell" and msg["header"]["msg_type"].endswith("_reply"):
                got_reply = True
            if msg["header"]["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                got_idle = True

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def stream_text(frames):
    return "".join(f["msg"]["content"]["text"] for f in frames
                   if f["channel"] == "iopub" and f["msg"]["header"]["msg_type"] == "stream")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


# A stand-in for nvidia-smi: checks that it was asked the parser's query, then prints a reading in
# the real format (as tests/gpu/tst_nvidiasmi's H100 line) whose utilisation counts the calls.
FAKE_SMI = """#!/bin/sh
if [ "$1" != "--query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total" ] || [ "$2" != "--format=csv,noheader,nounits" ]; then
    echo "unexpected arguments: $*" >&2; exit 2
fi
n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$0.count"
echo "0, NVIDIA H100 80GB HBM3, GPU-5d1e2a3b-0000-1111-2222-333344445555, $n, 12390, 81559"
"""
BROKEN_SMI = """#!/bin/sh
echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
exit 9
"""


def write_script(name, text):
    path = os.path.join(SCRIPTS, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    return path


def gpu_line(n):
    return "0, NVIDIA H100 80GB HBM3, GPU-5d1e2a3b-0000-1111-2222-333344445555, %d, 12390, 81559\n" % n


def check_gpus():
    absent = agent("gpus", "--nvidia-smi", os.path.join(SCRIPTS, "no-such-nvidia-smi"), check=False)
    check(absent.returncode == 1, "gpus without nvidia-smi exited %d" % absent.returncode)
    reading = json.loads(absent.stdout)
    check(reading["error"] == "not_found" and "not found on this host" in reading["message"], "absent: %r" % reading)

    fake = write_script("nvidia-smi", FAKE_SMI)
    once = agent("gpus", "--nvidia-smi", fake)
    check(json.loads(once.stdout) == {"csv": gpu_line(1)}, "gpus once: %r" % once.stdout)

    broken = agent("gpus", "--nvidia-smi", write_script("broken-smi", BROKEN_SMI), check=False)
    reading = json.loads(broken.stdout)
    check(broken.returncode == 1 and reading["error"] == "failed" and reading["status"] == 9
          and "couldn't communicate with the NVIDIA driver" in reading["message"], "broken: %r" % reading)
    bad = agent("gpus", "--every", "soon", check=False)
    check(bad.returncode != 0 and "--every needs a number" in bad.stderr, "--every soon: %r" % bad.stderr)

    # Streaming: one line per sample, each a fresh run; the loop ends once its reader is gone.
    proc = subprocess.Popen([PYTHON, AGENT, "gpus", "--every", "0.2", "--nvidia-smi", fake], stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        samples = []
        while len(samples) < 3:
            check(time.monotonic() < deadline, "gpus --every gave %d samples in 20 s" % len(samples))
            line = proc.stdout.readline()
            check(line, "gpus --every ended early")
            samples.append(json.loads(line))
        check(samples == [{"csv": gpu_line(n)} for n in (2, 3, 4)], "gpus --every: %r" % samples)
        proc.stdout.close()
        check(proc.wait(timeout=10) == 0, "gpus --every did not end cleanly once its reader left")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def unknown_kernel():
    """Both forms of serve say why, and leave no session behind."""
    plain = agent("serve", "--kernel", "no-such-kernel", check=False)
    check(plain.returncode == 1 and "no-such-kernel" in plain.stderr and not plain.stdout,
          "plain serve of an unknown kernel: %r" % (plain,))
    attached = Attached(None, 0, ["serve", "--attach", "--kernel", "no-such-kernel"])
    f = attached.frame(time.monotonic() + 60)
    check(f["seq"] == 0 and f["msg"]["event"] == "serve_failed" and "no-such-kernel" in f["msg"]["message"],
          "serve --attach of an unknown kernel: %r" % f)
    check(attached.frame(time.monotonic() + 10) is None and attached.proc.wait(timeout=10) == 1,
          "serve --attach went on after its kernel failed")
    check(os.listdir(STATE) == [], "a failed serve left %r" % os.listdir(STATE))


def main():
    unknown_kernel()
    check_gpus()
    # One exec starts the kernel and streams it: the session comes first, outside the journal.
    first = Attached(None, 0, ["serve", "--attach", "--kernel", "python3"])
    served = first.frame(time.monotonic() + 60)
    check(served["seq"] == 0 and served["channel"] == "agent" and served["msg"]["event"] == "served",
          "serve --attach began with %r" % served)
    session = served["msg"]["session"]
    check(len(session) == 16 and served["msg"]["language"] == "python", "served %r" % served)
    try:
        seen = []
        msg_id = first.send("shell", "execute_request", {"code": "for i in range(5): print('a', i)", "silent": False,
                                                        "store_history": True, "user_expressions": {},
                                                        "allow_stdin": False, "stop_on_error": True})
        first.until_idle(msg_id, seen)
        check("a 4" in stream_text(seen), "first cell output missing: %r" % stream_text(seen))
        # The daemon's own kernel_info requests (waiting for the kernel) never reach the journal.
        strays = [f for f in seen if f["msg"]["parent_header"].get("msg_id") != msg_id]
        check(not strays and seen[0]["seq"] == 1, "the journal holds more than the first cell: %r" % strays)
        first.close()
        last = seen[-1]["seq"]

        # Detached: run a cell from a second client that then leaves before it finishes.
        second = Attached(session, last)
        msg_id = second.send("shell", "execute_request", {"code": "import time\nfor i in range(20):\n    print('b', i, flush=True)\n    time.sleep(0.02)",
                                                         "silent": False, "store_history": True, "user_expressions": {},
                                                         "allow_stdin": False, "stop_on_error": True})
        deadline = time.monotonic() + 30
        while second.frame(deadline)["msg"]["header"]["msg_type"] != "stream":
            pass  # the cell has started printing: now the client vanishes mid-cell
        second.proc.kill()
        second.proc.wait(timeout=10)
        time.sleep(1.0)

        third = Attached(session, last)
        rest = []
        third.until_idle(msg_id, rest)
        seqs = [f["seq"] for f in seen + rest]
        check(seqs == list(range(1, len(seqs) + 1)), "seqs not contiguous: %s" % seqs)
        check(stream_text(rest) == "".join("b %d\n" % i for i in range(20)), "replay wrong: %r" % stream_text(rest))

        # stdin: input_request reaches the client, the reply goes back on stdin.
        msg_id = third.send("shell", "execute_request", {"code": "print(input('name? ') * 2)", "silent": False,
                                                        "store_history": True, "user_expressions": {},
                                                        "allow_stdin": True, "stop_on_error": True})
        deadline = time.monotonic() + 30
        while True:
            f = third.frame(deadline)
            if f["channel"] == "stdin":
                break
        third.send("stdin", "input_reply", {"value": "xy"})
        more = []
        third.until_idle(msg_id, more)
        check("xyxy" in stream_text(more), "input round trip failed: %r" % stream_text(more))
        third.close()

        listed = json.loads(agent("list").stdout)
        check(len(listed) == 1 and listed[0]["session"] == session and listed[0]["alive"], "list: %r" % listed)
        check(listed[0]["last_seq"] >= more[-1]["seq"], "list last_seq %r" % listed)
        specs = json.loads(agent("kernelspecs").stdout)
        check("python3" in specs["kernelspecs"], "kernelspecs: %r" % specs)
    finally:
        agent("stop", session, check=False)
    check(not os.path.exists(os.path.join(STATE, session)), "stop left the session directory")
    check(json.loads(agent("list").stdout) == [], "list after stop not empty")
    print("agent test passed")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(STATE, ignore_errors=True)
        shutil.rmtree(SCRIPTS, ignore_errors=True)
