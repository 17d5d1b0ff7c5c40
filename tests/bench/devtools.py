"""A headless Chromium driven through the Chrome DevTools protocol on --remote-debugging-pipe:
JSON messages ending in NUL on the browser's fds 3 (in) and 4 (out). A pipe needs no debugging
port and no WebSocket client, so the reference side of bench_window needs nothing beyond Debian."""
import json
import os
import select
import subprocess
import time


class DevTools:
    def __init__(self, chromium, profile, flags=()):
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        # The shell puts the two pipe ends where Chromium expects them, then becomes Chromium.
        shell = f'exec "$0" "$@" 3<&{to_read} 4>&{from_write}'
        command = [chromium, "--headless", "--no-sandbox", "--no-first-run", f"--user-data-dir={profile}",
                   "--remote-debugging-pipe", *flags, "about:blank"]
        self.process = subprocess.Popen(["/bin/sh", "-c", shell, *command], pass_fds=(to_read, from_write),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_read)
        os.close(from_write)
        self._out, self._in = to_write, from_read
        self._buffer = b""
        self._last_id = 0
        self._events = []

    def call(self, method, session=None, timeout=60, **params):
        """Sends one command and returns its result; events that arrive meanwhile are kept."""
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self._last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply["result"]
            self._events.append(reply)

    def forget_events(self):
        self._events.clear()

    def wait_for_event(self, method, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event.get("method") == method:
                    self._events.remove(event)
                    return event.get("params", {})
            self._events.append(self._receive(deadline, method))

    def evaluate(self, session, expression, timeout=60):
        """The value of a JavaScript expression in the page, awaited when it is a promise."""
        result = self.call("Runtime.evaluate", session, timeout=timeout, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def open_page(self, width, height):
        """Attaches to the browser's first tab with a width x height viewport; returns the session."""
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(target for target in targets if target["type"] == "page")
        session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session)
        self.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1,
                  mobile=False)
        return session

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._out)
        os.close(self._in)

    def _receive(self, deadline, waiting_for):
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError(f"Chromium did not answer {waiting_for} in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)
