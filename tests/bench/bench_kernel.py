#!/usr/bin/python3
"""Reference side of bench_kernel: Python jupyter_client on Debian's python3 kernel."""
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
start = time.perf_counter()
km, kc = start_new_kernel(kernel_name="python3")
print(f"jupyter_client kernel start to ready: {(time.perf_counter() - start) * 1000:.0f} ms")
for _ in range(20):
    kc.execute_interactive("pass", timeout=10)
samples = []
for _ in range(rounds):
    t = time.perf_counter()
    kc.execute_interactive("pass", timeout=10)  # waits for the reply and the idle status, as notebench does
    samples.append((time.perf_counter() - t) * 1000)
samples.sort()
at = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
print(f"jupyter_client execute('pass') x{rounds}: p50 {at(0.5):.3f} ms  p99 {at(0.99):.3f} ms")
kc.stop_channels()
km.shutdown_kernel(now=True)
sys.stdout.flush()
os._exit(0)  # skip jupyter_client's noisy __del__ at interpreter exit
