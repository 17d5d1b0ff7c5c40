"""Process helpers for bench_window: memory of a set of processes, a process's descendants, and
stopping what the benchmark started, by PID."""
import os
import signal
import socket
import subprocess


def memory_mib(pids):
    """Sums Rss and Pss (shared pages divided among their sharers) over the processes, in MiB."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    key, value = line.split()[:2]
                    rss += int(value) if key == "Rss:" else 0
                    pss += int(value) if key == "Pss:" else 0
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass  # the process ended meanwhile
    return rss / 1024, pss / 1024


def descendants(root):
    """The process and everything it started that is still running, root first."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def stop(process, grace=10):
    """Ends a process the benchmark started, then whatever it started that outlived it."""
    family = descendants(process.pid)
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in family[1:]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
