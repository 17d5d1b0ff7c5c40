"""bench_window's reference side: the classic Jupyter Notebook server (Debian's notebook 6) on
127.0.0.1, and one freshly launched headless Chromium per measurement, driven over DevTools."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from devtools import DevTools
from processes import descendants, free_port, memory_mib, stop

# Resolves window.__bench once the notebook's EXPECTED cells are in the page and the frame showing
# them has been painted (the next animation frame's callback, then a task after that frame), and
# again once the images on the first screen are decoded and painted. performance.now() counts from
# the start of the navigation.
FIRST_SCREEN = """(() => {
  let resolve;
  window.__bench = new Promise(done => resolve = done);
  const painted = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const onScreen = image => { const box = image.getBoundingClientRect(); return box.bottom > 0 && box.top < innerHeight; };
  const finish = async () => {
    await painted();
    const cells = performance.now();
    const images = [...document.querySelectorAll('#notebook-container img')].filter(onScreen);
    await Promise.all(images.map(image => image.decode().catch(() => null)));
    await painted();
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    resolve({cells, images: performance.now(), fcp: fcp ? fcp.startTime : null});
  };
  const watch = new MutationObserver(() => {
    const container = document.getElementById('notebook-container');
    if (container && container.childElementCount >= EXPECTED
        && container.querySelectorAll(':scope > .cell').length >= EXPECTED) {
      watch.disconnect();
      finish();
    }
  });
  watch.observe(document, {childList: true, subtree: true});
})();"""

# Scrolls the notebook's scroll box (#site) STEP pixels an animation frame down to the bottom and
# returns the times between frames.
SCROLL = """new Promise(resolve => {
  const site = document.getElementById('site');
  const frames = [];
  let last = null;
  const frame = () => {
    const now = performance.now();
    if (last !== null) frames.push(now - last);
    last = now;
    const before = site.scrollTop;
    site.scrollTop = before + STEP;
    if (site.scrollTop === before) resolve(frames); else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""


class NotebookServer:
    def __init__(self, root, env):
        self.port, self.token = free_port(), os.urandom(12).hex()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={self.port}", "--NotebookApp.port_retries=0", f"--NotebookApp.token={self.token}",
             f"--notebook-dir={root}"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        while True:
            try:
                self._api("GET", "status")
                break
            except OSError:
                if time.monotonic() - started > 60 or self.process.poll() is not None:
                    stop(self.process)
                    raise RuntimeError("jupyter notebook did not start")
                time.sleep(0.05)
        self.start_ms = (time.monotonic() - started) * 1000

    def url(self, notebook):
        return f"http://127.0.0.1:{self.port}/notebooks/{notebook}?token={self.token}"

    def shut_down_kernels(self):
        # The Notebook keeps a page's kernel running after the page closes.
        for session in self._api("GET", "sessions"):
            self._api("DELETE", f"sessions/{session['id']}")

    def close(self):
        self.shut_down_kernels()
        stop(self.process)

    def _api(self, method, path):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as reply:
            body = reply.read()
        return json.loads(body) if body else None


def warm_up(browser, page, server, notebook):
    """Opens a notebook once and leaves it, so the Notebook's scripts come from the browser's
    cache, as they do in a browser in daily use."""
    browser.call("Page.navigate", page, url=server.url(notebook))
    browser.wait_for_event("Page.domContentEventFired")
    browser.evaluate(page, """new Promise(done => {
        const poll = () => document.querySelector('#notebook-container > .cell') ? done() : setTimeout(poll, 50);
        poll(); })""")
    browser.evaluate(page, "window.onbeforeunload = null")  # no "leave this page?" question
    browser.call("Page.navigate", page, url="about:blank")
    server.shut_down_kernels()
    browser.forget_events()


def run_notebook(server, notebook, expected_cells, scratch, scroll_step, settle_s, limit_s, size):
    """Opens the notebook in a freshly launched headless Chromium (after one warm-up visit to
    tiny.ipynb) and measures it as bench_window measures Notebench. A first screen later than
    limit_s after the navigation's start gives {"limit": limit_s} and the memory at that moment."""
    profile = tempfile.mkdtemp(dir=scratch)
    launched = time.monotonic()
    # Frames are not held to 60 Hz, so frame times show the work, as Notebench's do.
    browser = DevTools("/usr/bin/chromium", profile, ["--disable-frame-rate-limit", "--disable-gpu-vsync"])
    pids = lambda: descendants(browser.process.pid) + [server.process.pid]
    try:
        browser.call("Browser.getVersion")
        result = {"browser_start": (time.monotonic() - launched) * 1000}
        page = browser.open_page(*size)
        warm_up(browser, page, server, "tiny.ipynb")
        browser.call("Page.addScriptToEvaluateOnNewDocument", page,
                     source=FIRST_SCREEN.replace("EXPECTED", str(expected_cells)))
        navigated = time.monotonic()
        browser.call("Page.navigate", page, url=server.url(notebook))
        try:
            browser.wait_for_event("Page.domContentEventFired", timeout=limit_s)
            screen = browser.evaluate(page, "window.__bench", timeout=max(1, limit_s - (time.monotonic() - navigated)))
        except TimeoutError:
            result["limit"] = limit_s
            result["rss"], result["pss"] = memory_mib(pids())
            return result
        result.update(window=screen["fcp"], first_screen=screen["cells"], images=screen["images"])
        result["rss"], result["pss"] = memory_mib(pids())
        if scroll_step:
            # An autosave (the kernel's metadata makes the notebook dirty) must not land in the frames.
            browser.evaluate(page, "Jupyter.notebook.set_autosave_interval(0)")
            time.sleep(settle_s)
            frames = sorted(browser.evaluate(page, SCROLL.replace("STEP", str(scroll_step)), timeout=600))
            at = lambda q: frames[min(len(frames) - 1, int(q * len(frames)))]
            result.update(frames=len(frames), p50=at(0.5), p99=at(0.99), max=frames[-1])
            result["rss_scrolled"], result["pss_scrolled"] = memory_mib(pids())
        return result
    finally:
        stop(browser.process)
        browser.close()
        server.shut_down_kernels()
        shutil.rmtree(profile, ignore_errors=True)
