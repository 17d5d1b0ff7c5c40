#!/usr/bin/python3
"""Reference side of bench_complete: Python jupyter_client's complete round trip on Debian's
python3 kernel (request sent to reply received), idle, and while a cell sleeps."""
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
queries = ["import o", "os.pa", "experiment_results.", "os.path.is", "pr"]
km, kc = start_new_kernel(kernel_name="python3")
kc.execute_interactive("import os\nexperiment_results = {'accuracy': 0.9, 'loss': 0.1}", timeout=10)


def complete(code, timeout=30):
    t = time.perf_counter()
    msg_id = kc.complete(code, len(code))
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return (time.perf_counter() - t) * 1000


def report(label, samples):
    samples.sort()
    at = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print(f"jupyter_client {label} x{len(samples)}: p50 {at(0.5):.2f} ms  p95 {at(0.95):.2f} ms")


for i in range(10):
    complete(queries[i % len(queries)])
report("complete round trip (kernel idle)", [complete(queries[i % len(queries)]) for i in range(rounds)])
# While a cell runs, the kernel answers only when it ends: a few rounds of a 1 s sleep show it.
busy = []
for i in range(3):
    kc.execute("import time; time.sleep(1)")
    time.sleep(0.2)
    busy.append(complete(queries[i % len(queries)]))
report("complete round trip (kernel busy, 1 s cell)", busy)
kc.stop_channels()
km.shutdown_kernel(now=True)
sys.stdout.flush()
os._exit(0)  # skip jupyter_client's noisy __del__ at interpreter exit
