#!/usr/bin/env python3
"""Notebench remote agent: keeps Jupyter kernels running on a host when the network drops.

Notebench copies this file to the host over SFTP and runs it through an SSH exec channel.
It needs Python 3 with jupyter_client (and pyzmq, which jupyter_client brings) on the host.

Subcommands
  serve [--kernel NAME] [--cwd DIR] [--attach] [-- EXTRA_KERNEL_ARGS…]
        Starts a kernel from the host's kernelspecs in a detached daemon (a new session that
        outlives the SSH connection), prints the session id and the kernel's language on two
        lines and exits. With --attach it prints nothing: it writes the frame
        {"seq": 0, "channel": "agent", "msg": {"event": "served", "session": S, "language": L}}
        (or {"event": "serve_failed", "message": M} and exit status 1), then goes on as
        attach S --from 0, so one exec both starts the kernel and streams it.
  attach SESSION [--from N]
        Relays frames between stdin/stdout and the session's daemon: first every journal entry
        with seq > N, then live ones. A finished session (its daemon gone) replays its journal.
  list          JSON array of sessions: session, kernel, started, cwd, last_seq, alive.
  kernelspecs   JSON object: the host's kernelspecs, as jupyter kernelspec list --json.
  stop SESSION  shutdown_request, then kill after jupyter_client's wait; removes the session.
  gpus [--every SECONDS] [--nvidia-smi PROGRAM]
        nvidia-smi's GPU readings as JSON lines, once or every SECONDS (see cmd_gpus).
Exit status 3: no such session.
Every subcommand takes --state-dir DIR (or $NOTEBENCH_AGENT_STATE); the default is
~/.local/share/notebench/agent.

Frames (both directions, on stdout/stdin of attach and on the daemon's socket):
  4-byte big-endian length L, then L bytes of UTF-8 JSON.
  daemon -> client: {"seq": n, "channel": "shell"|"iopub"|"stdin"|"control"|"agent", "msg": M}
  client -> daemon: {"channel": "shell"|"stdin"|"control"|"agent", "msg": M}
  The first client frame on the daemon's socket is {"from": N}.
  M is a Jupyter message {"header", "parent_header", "metadata", "content", "buffers"} with
  buffers base64-encoded. Messages are NOT signed on this link: the daemon checks the kernel's
  HMAC on everything it receives and signs what it sends, so the kernel's key never leaves the
  host; the SSH channel already authenticates and encrypts the link, and the journal stays plain.
  "agent" messages from the daemon: {"event": "kernel_died", "exit_code": c, "reason": r} and
  {"event": "heartbeat", "alive": bool}; to the daemon: {"command": "interrupt"|"shutdown"|"kill"}.
  seq 0 marks a frame outside the journal (serve --attach's first frame).
  seq numbers every daemon->client frame of a session: 1, 2, 3, … with no gaps, so a client
  that remembers the last seq it saw resumes with attach --from that seq and sees each frame once.
"""

import base64
import hashlib
import hmac
import json
import os
import shutil
import socket
import struct
import sys
import threading
import time
import uuid

STATE_ENV = "NOTEBENCH_AGENT_STATE"
DELIMITER = b"<IDS|MSG>"
IS_WINDOWS = os.name == "nt"
# A client that falls this far behind is dropped; it re-attaches from its last seq.
CLIENT_BACKLOG_LIMIT = 64 * 1024 * 1024


def state_dir(args):
    if args.get("state_dir"):
        return args["state_dir"]
    if os.environ.get(STATE_ENV):
        return os.environ[STATE_ENV]
    return os.path.join(os.path.expanduser("~"), ".local", "share", "notebench", "agent")


def encode_frame(obj):
    data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    return struct.pack(">I", len(data)) + data


class FrameReader:
    """Splits a byte stream into frames; incomplete tails wait for more bytes."""

    def __init__(self):
        self.buffer = bytearray()

    def feed(self, data):
        self.buffer += data
        frames = []
        while len(self.buffer) >= 4:
            (length,) = struct.unpack(">I", self.buffer[:4])
            if len(self.buffer) < 4 + length:
                break
            frames.append(bytes(self.buffer[4:4 + length]))
            del self.buffer[:4 + length]
        return frames


def journal_frames(path):
    """Yields (offset, length) of every frame in a journal file; a torn tail is ignored."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        offset = 0
        while offset + 4 <= size:
            f.seek(offset)
            (length,) = struct.unpack(">I", f.read(4))
            if offset + 4 + length > size:
                break
            yield offset, length
            offset += 4 + length


def pid_alive(pid):
    if pid <= 0:
        return False
    if IS_WINDOWS:
        import ctypes
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def session_dir(args, session):
    if not session or any(c not in "0123456789abcdef" for c in session):
        raise SystemExit("notebench-agent: '%s' is not a session id" % session)
    return os.path.join(state_dir(args), session)


def connect_daemon(directory):
    if IS_WINDOWS:
        with open(os.path.join(directory, "port")) as f:
            port = int(f.read())
        return socket.create_connection(("127.0.0.1", port), timeout=10)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(os.path.join(directory, "sock"))
    return sock


# ---------------------------------------------------------------------------------------------
# The daemon

class Client:
    def __init__(self, sock):
        self.sock = sock
        self.reader = FrameReader()
        self.journal = None  # open once the hello frame said where to start
        self.position = 0


def kernel_spec_manager():
    """A KernelSpecManager that finds an installed kernelspec without importing IPython or
    ipykernel. jupyter_client's own imports IPython for ~/.ipython/kernels and ipykernel for the
    python3 spec: seconds before the kernel even starts (on a loaded host 4-6 s), and the kernel
    imports both again itself."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_core.paths import jupyter_path

    class InstalledFirst(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            # jupyter_client matches the folder name case-insensitively; a name found nowhere
            # goes to its own lookup (the native ipykernel fallback, NoSuchKernel).
            for directory in self.kernel_dirs:
                try:
                    names = sorted(os.listdir(directory))
                except OSError:
                    continue
                for name in names:
                    path = os.path.join(directory, name)
                    if name.lower() == kernel_name.lower() and os.path.isfile(os.path.join(path, "kernel.json")):
                        return self.kernel_spec_class.from_resource_dir(path)
            return super().get_kernel_spec(kernel_name)

    # IPython's get_ipython_dir: $IPYTHONDIR, else ~/.ipython.
    ipython_dir = os.environ.get("IPYTHONDIR") or os.path.join(os.path.expanduser("~"), ".ipython")
    return InstalledFirst(kernel_dirs=jupyter_path("kernels") + [os.path.join(ipython_dir, "kernels")])


class Daemon:
    def __init__(self, directory, kernel_name, cwd, extra_args):
        import zmq
        from jupyter_client import KernelManager

        self.zmq = zmq
        self.directory = directory
        specs = kernel_spec_manager()
        self.km = (KernelManager(kernel_name=kernel_name, kernel_spec_manager=specs) if kernel_name
                   else KernelManager(kernel_spec_manager=specs))
        self.km.ip = "127.0.0.1"  # the ports stay on the host; only the agent reaches them
        self.km.connection_file = os.path.join(directory, "kernel.json")
        self.km.start_kernel(cwd=cwd or os.path.expanduser("~"), extra_arguments=extra_args)
        self.key = self.km.session.key
        # One identity for shell, control and stdin: ipykernel routes input_request to the shell
        # request's identity, so the stdin socket must answer to the same name.
        identity = self.km.session.bsession
        self.sockets = {
            "shell": self.km.connect_shell(identity=identity),
            "control": self.km.connect_control(identity=identity),
            "stdin": self.km.connect_stdin(identity=identity),
            "iopub": self.km.connect_iopub(),
        }
        self.channel_of = {s: name for name, s in self.sockets.items()}
        self.hb = self.km.connect_hb()
        self.hb_sent = None
        self.hb_misses = 0
        self.hb_alive = True
        self.journal_path = os.path.join(directory, "journal")
        self.journal = open(self.journal_path, "ab")
        self.seq = 0
        self.offsets = []  # offsets[i] is where the frame with seq i + 1 starts
        self.clients = []
        self.listener = self.listen()
        self.kernel_dead = False
        self.dead_since = None
        self.remove_when_done = False

    def listen(self):
        if IS_WINDOWS:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            with open(os.path.join(self.directory, "port"), "w") as f:
                f.write(str(sock.getsockname()[1]))
        else:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            path = os.path.join(self.directory, "sock")
            old = os.umask(0o077)  # only the owner may attach
            try:
                sock.bind(path)
            finally:
                os.umask(old)
        sock.listen(8)
        sock.setblocking(False)
        return sock

    # -- kernel side --------------------------------------------------------------------------

    def sign(self, parts):
        if not self.key:
            return b""
        mac = hmac.new(self.key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode("ascii")

    def receive_from_kernel(self, sock):
        frames = sock.recv_multipart(copy=True)
        try:
            split = frames.index(DELIMITER)
        except ValueError:
            return
        parts = frames[split + 1:]
        if len(parts) < 5:
            return
        # jupyter_client Session.deserialize: compare the HMAC before parsing anything.
        if self.key and not hmac.compare_digest(parts[0], self.sign(parts[1:5])):
            return
        # The signed parts are JSON text already: the frame is spliced from them, not parsed and
        # dumped again, which halves the daemon's work on a flood of output. A frame that is not
        # JSON after all is skipped by the client on its own; the length prefix stays right.
        buffers = ",".join('"%s"' % base64.b64encode(b).decode("ascii") for b in parts[5:])
        self.seq += 1
        body = b"".join((b'{"seq":', str(self.seq).encode(), b',"channel":"', self.channel_of[sock].encode(),
                         b'","msg":{"header":', parts[1], b',"parent_header":', parts[2], b',"metadata":', parts[3],
                         b',"content":', parts[4], b',"buffers":[', buffers.encode(), b"]}}"))
        self.offsets.append(self.journal.tell())
        self.journal.write(struct.pack(">I", len(body)) + body)

    def send_to_kernel(self, channel, msg):
        sock = self.sockets.get(channel)
        if sock is None or channel == "iopub" or not isinstance(msg, dict):
            return
        try:
            parts = [json.dumps(msg.get(k, {}), separators=(",", ":")).encode("utf-8")
                     for k in ("header", "parent_header", "metadata", "content")]
            buffers = [base64.b64decode(b) for b in msg.get("buffers", [])]
        except (TypeError, ValueError):
            return
        sock.send_multipart([DELIMITER, self.sign(parts)] + parts + buffers)

    def append(self, channel, msg):
        self.seq += 1
        self.offsets.append(self.journal.tell())
        self.journal.write(encode_frame({"seq": self.seq, "channel": channel, "msg": msg}))

    def check_kernel(self):
        if self.kernel_dead:
            return
        if not self.km.is_alive():
            self.report_death("exited")
            return
        now = time.monotonic()
        if self.hb_sent is not None and self.hb.poll(0):
            self.hb.recv()
            self.hb_sent = None
            self.hb_misses = 0
            if not self.hb_alive:
                self.hb_alive = True
                self.append("agent", {"event": "heartbeat", "alive": True})
        if self.hb_sent is not None and now - self.hb_sent > 3.0:
            # A REQ socket that got no answer cannot send again: start over with a fresh one.
            self.hb.close(linger=0)
            self.hb = self.km.connect_hb()
            self.hb_sent = None
            self.hb_misses += 1
            if self.hb_misses >= 2 and self.hb_alive:
                self.hb_alive = False
                self.append("agent", {"event": "heartbeat", "alive": False})
        if self.hb_sent is None:
            self.hb.send(b"ping")
            self.hb_sent = now

    def report_death(self, reason):
        code = None
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None:
            code = process.poll()
        self.kernel_dead = True
        self.dead_since = time.monotonic()
        self.append("agent", {"event": "kernel_died", "exit_code": code, "reason": reason})
        self.write_info(alive=False)

    def command(self, msg):
        name = msg.get("command") if isinstance(msg, dict) else None
        if self.kernel_dead:
            return
        if name == "interrupt":
            self.km.interrupt_kernel()  # signal or interrupt_request, as the kernelspec says
        elif name in ("shutdown", "kill"):
            # jupyter_client: shutdown_request, wait shutdown_wait_time, then terminate and kill.
            self.km.shutdown_kernel(now=name == "kill")
            # The user ended the session: it goes once the clients have the news.
            self.remove_when_done = True
            self.report_death("shutdown" if name == "shutdown" else "killed")

    # -- client side --------------------------------------------------------------------------

    def accept(self):
        try:
            sock, _ = self.listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        sock.setblocking(False)
        self.clients.append(Client(sock))

    def drop(self, client):
        self.clients.remove(client)
        if client.journal:
            client.journal.close()
        client.sock.close()

    def read_client(self, client):
        try:
            data = client.sock.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.drop(client)
            return
        for raw in client.reader.feed(data):
            try:
                frame = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(frame, dict):
                continue
            if client.journal is None:
                start = max(0, int(frame.get("from", 0)))
                client.journal = open(self.journal_path, "rb")
                client.position = self.offsets[start] if start < len(self.offsets) else self.journal.tell()
            elif frame.get("channel") == "agent":
                self.command(frame.get("msg"))
            else:
                self.send_to_kernel(frame.get("channel"), frame.get("msg"))

    def write_client(self, client):
        end = self.journal.tell()
        if client.journal is None or client.position >= end:
            return
        if end - client.position > CLIENT_BACKLOG_LIMIT:
            self.drop(client)
            return
        client.journal.seek(client.position)
        chunk = client.journal.read(min(end - client.position, 1 << 18))
        try:
            client.position += client.sock.send(chunk)
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            self.drop(client)

    def behind(self, client):
        return client.journal is not None and client.position < self.journal.tell()

    def write_info(self, alive):
        info = {"session": os.path.basename(self.directory), "kernel": self.km.kernel_name,
                "language": self.km.kernel_spec.language if self.km.kernel_spec else "",
                "started": self.started, "pid": os.getpid(), "alive": alive}
        temp = os.path.join(self.directory, "info.json.tmp")
        with open(temp, "w") as f:
            json.dump(info, f)
        os.replace(temp, os.path.join(self.directory, "info.json"))

    def wait_until_ready(self, timeout=30.0):
        """As jupyter_client's wait_for_ready: kernel_info until the kernel answers on shell and
        its status reaches IOPub. Until then a message the kernel publishes can be lost to
        ZeroMQ's slow joiner, and a client's first cell would never see its output or idle.

        The answers are the agent's own and must not reach the journal. The kernel answers in
        order and IOPub keeps its order, so once a request's idle has arrived (IOPub has joined)
        every later request's idle will too: no new request is sent after that, and when the last
        one's reply and idle are in, nothing of ours is left in flight (no quiet period to wait)."""
        shell, iopub = self.sockets["shell"], self.sockets["iopub"]
        session = self.km.session
        deadline = time.monotonic() + timeout
        sent = []
        joined = False
        replied = set()
        idle = set()
        resend_at = 0.0
        while time.monotonic() < deadline and self.km.is_alive():
            now = time.monotonic()
            if not joined and now >= resend_at:
                sent.append(session.send(shell, "kernel_info_request", {})["header"]["msg_id"])
                resend_at = now + 1.0
            if shell.poll(20):
                _, reply = session.recv(shell)
                if reply and reply["parent_header"].get("msg_id") in sent:
                    replied.add(reply["parent_header"]["msg_id"])
                    if not joined:
                        # The kernel is up; its idle follows at once unless IOPub missed it.
                        resend_at = min(resend_at, time.monotonic() + 0.1)
            while iopub.poll(0):
                _, msg = session.recv(iopub)
                parent = msg["parent_header"].get("msg_id") if msg else None
                if parent in sent and msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                    idle.add(parent)
                    joined = True
            if sent[-1] in replied and sent[-1] in idle:
                return

    def run(self):
        zmq = self.zmq
        self.started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.wait_until_ready()
        self.write_info(alive=True)
        next_check = 0.0
        while True:
            poller = zmq.Poller()
            for sock in self.sockets.values():
                poller.register(sock, zmq.POLLIN)
            poller.register(self.listener, zmq.POLLIN)
            for client in self.clients:
                poller.register(client.sock, zmq.POLLIN | (zmq.POLLOUT if self.behind(client) else 0))
            events = dict(poller.poll(200))
            for sock in self.sockets.values():
                # Drain each socket: a burst of output is journaled in one go.
                for _ in range(1000):
                    if not sock.poll(0):
                        break
                    self.receive_from_kernel(sock)
            if self.listener.fileno() in events:
                self.accept()
            for client in list(self.clients):
                if events.get(client.sock.fileno(), 0) & zmq.POLLIN:
                    self.read_client(client)
            self.journal.flush()
            for client in list(self.clients):
                if client in self.clients:
                    self.write_client(client)
            now = time.monotonic()
            if now >= next_check:
                self.check_kernel()
                next_check = now + 0.5
            if self.kernel_dead and (not any(self.behind(c) for c in self.clients) or now - self.dead_since > 10):
                break
        self.finish()

    def finish(self):
        self.journal.flush()
        for client in list(self.clients):
            client.sock.setblocking(True)
            client.sock.settimeout(2)
            try:
                while self.behind(client):
                    self.write_client(client)
                    if client not in self.clients:
                        break
            except OSError:
                pass
        for client in list(self.clients):
            self.drop(client)
        self.listener.close()
        self.journal.close()
        self.km.cleanup_resources()
        if not IS_WINDOWS:
            try:
                os.unlink(os.path.join(self.directory, "sock"))
            except OSError:
                pass
        if self.remove_when_done or os.path.exists(os.path.join(self.directory, "remove")):
            shutil.rmtree(self.directory, ignore_errors=True)


def run_daemon(directory, kernel, cwd, extra):
    try:
        daemon = Daemon(directory, kernel, cwd, extra)
    except Exception as error:  # report anything to the waiting foreground, then give up
        with open(os.path.join(directory, "error"), "w") as f:
            f.write("%s: %s" % (type(error).__name__, error))
        return
    daemon.run()


def detach_posix(directory, kernel, cwd, extra):
    if os.fork() > 0:
        return
    os.setsid()  # a new session: the SSH connection's hangup does not reach the daemon
    if os.fork() > 0:
        os._exit(0)
    # The SSH channel closes only when nothing holds its stdio any more.
    null = os.open(os.devnull, os.O_RDWR)
    log = os.open(os.path.join(directory, "daemon.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    try:
        run_daemon(directory, kernel, cwd, extra)
    finally:
        os._exit(0)


def detach_windows(directory, kernel, cwd, extra):
    import subprocess
    flags = 0x00000008 | 0x00000200  # DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP
    argv = [sys.executable, os.path.abspath(__file__), "_daemon", directory, kernel or "", cwd or "", "--"] + extra
    with open(os.path.join(directory, "daemon.log"), "ab") as log:
        subprocess.Popen(argv, creationflags=flags, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                         close_fds=True)


def start_session(args):
    """Starts the daemon and waits until its kernel is ready: (session, language, None), or
    (None, None, why) when the kernel did not start."""
    session = uuid.uuid4().hex[:16]
    directory = os.path.join(state_dir(args), session)
    os.makedirs(directory, mode=0o700)
    if IS_WINDOWS:
        detach_windows(directory, args.get("kernel"), args.get("cwd"), args["extra"])
    else:
        detach_posix(directory, args.get("kernel"), args.get("cwd"), args["extra"])
        os.waitpid(-1, 0)  # the first child exits at once; the daemon is the grandchild
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if os.path.exists(os.path.join(directory, "info.json")):
            with open(os.path.join(directory, "info.json")) as f:
                return session, json.load(f).get("language", ""), None
        if os.path.exists(os.path.join(directory, "error")):
            with open(os.path.join(directory, "error")) as f:
                why = "the kernel did not start: %s" % f.read()
            shutil.rmtree(directory, ignore_errors=True)
            return None, None, why
        time.sleep(0.02)
    return None, None, "the kernel did not start within 60 seconds"


def cmd_serve(args):
    session, language, why = start_session(args)
    if why:
        sys.stderr.write("notebench-agent: %s\n" % why)
    if not args.get("attach"):
        if why:
            return 1
        print(session, flush=True)
        print(language, flush=True)
        return 0
    # One exec starts and streams: the client learns the session from this first frame (seq 0,
    # outside the journal) and needs no second exec, Python start and channel for attach.
    event = ({"event": "serve_failed", "message": why} if why
             else {"event": "served", "session": session, "language": language})
    sys.stdout.buffer.write(encode_frame({"seq": 0, "channel": "agent", "msg": event}))
    sys.stdout.buffer.flush()
    if why:
        return 1
    args["session"] = session
    args["from"] = 0
    return cmd_attach(args)


# ---------------------------------------------------------------------------------------------
# Clients of the daemon

def cmd_attach(args):
    directory = session_dir(args, args["session"])
    if not os.path.isdir(directory):
        sys.stderr.write("notebench-agent: no session %s\n" % args["session"])
        return 3
    out = sys.stdout.buffer
    try:
        sock = connect_daemon(directory)
    except OSError:
        # The daemon has finished: what the session produced is all in its journal.
        path = os.path.join(directory, "journal")
        if os.path.exists(path):
            with open(path, "rb") as f:
                for seq, (offset, length) in enumerate(journal_frames(path), start=1):
                    if seq > args["from"]:
                        f.seek(offset)
                        out.write(f.read(4 + length))
        out.flush()
        return 0
    sock.settimeout(None)
    sock.sendall(encode_frame({"from": args["from"]}))

    def upstream():
        stdin = sys.stdin.buffer
        while True:
            data = stdin.read1(1 << 16) if hasattr(stdin, "read1") else stdin.read(1)
            if not data:
                break
            sock.sendall(data)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        os._exit(0)  # the client went away: this relay's work is done

    threading.Thread(target=upstream, daemon=True).start()
    while True:
        try:
            data = sock.recv(1 << 18)
        except OSError:
            break
        if not data:
            break
        out.write(data)
        out.flush()
    os._exit(0)  # the upstream thread may sit in a read of stdin; nothing is left to flush


def cmd_list(args):
    root = state_dir(args)
    sessions = []
    if os.path.isdir(root):
        for name in sorted(os.listdir(root)):
            directory = os.path.join(root, name)
            try:
                with open(os.path.join(directory, "info.json")) as f:
                    info = json.load(f)
            except (OSError, ValueError):
                continue
            journal = os.path.join(directory, "journal")
            last = sum(1 for _ in journal_frames(journal)) if os.path.exists(journal) else 0
            sessions.append({"session": name, "kernel": info.get("kernel"), "started": info.get("started"),
                             "last_seq": last,
                             "alive": bool(info.get("alive")) and pid_alive(int(info.get("pid", 0)))})
    json.dump(sessions, sys.stdout)
    sys.stdout.write("\n")
    return 0


def cmd_kernelspecs(args):
    from jupyter_client.kernelspec import KernelSpecManager
    json.dump({"kernelspecs": KernelSpecManager().get_all_specs()}, sys.stdout)
    sys.stdout.write("\n")
    return 0


def cmd_stop(args):
    directory = session_dir(args, args["session"])
    if not os.path.isdir(directory):
        return 0
    try:
        with open(os.path.join(directory, "info.json")) as f:
            pid = int(json.load(f).get("pid", 0))
    except (OSError, ValueError):
        pid = 0
    open(os.path.join(directory, "remove"), "w").close()
    try:
        sock = connect_daemon(directory)
        sock.sendall(encode_frame({"from": 1 << 62}))
        sock.sendall(encode_frame({"channel": "agent", "msg": {"command": "shutdown"}}))
        deadline = time.monotonic() + 15
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        sock.close()
    except OSError:
        pass
    shutil.rmtree(directory, ignore_errors=True)
    return 0


# The columns Notebench's parser reads (backends/gpu/nvidiasmi.cpp: nvidiaSmiQueryArguments).
NVIDIA_SMI_QUERY = ["--query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total",
                    "--format=csv,noheader,nounits"]
# A wedged driver can hang nvidia-smi; a sample that takes longer says so instead.
NVIDIA_SMI_TIMEOUT = 10


def gpu_sample(program):
    """One run of nvidia-smi: {"csv": TEXT}, or {"error": KIND, "message": WHY, …} where KIND is
    not_found (no nvidia-smi here: no NVIDIA GPU), failed (with its status and stderr) or timeout."""
    import subprocess
    path = shutil.which(program)
    if path is None:
        return {"error": "not_found", "message": "%s not found on this host" % program}
    try:
        result = subprocess.run([path] + NVIDIA_SMI_QUERY, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=NVIDIA_SMI_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"error": "timeout", "message": "%s did not answer within %d s" % (path, NVIDIA_SMI_TIMEOUT)}
    except OSError as e:
        return {"error": "failed", "message": "could not run %s: %s" % (path, e.strerror or e)}
    out = result.stdout.decode("utf-8", "replace")
    if result.returncode != 0:
        err = result.stderr.decode("utf-8", "replace").strip()
        # nvidia-smi prints its own failures ("NVIDIA-SMI has failed because …") on stdout.
        why = (err or out.strip() or "no message")[:2000]
        return {"error": "failed", "status": result.returncode, "stderr": err[:2000],
                "message": "%s exited with status %d: %s" % (path, result.returncode, why)}
    return {"csv": out}


def cmd_gpus(args):
    """gpus [--every SECONDS] [--nvidia-smi PROGRAM]: one JSON line per sample on stdout,
    {"csv": …} with nvidia-smi's CSV or {"error": …, "message": …} saying why there is none.
    Once without --every (status 0, or 1 when the sample is an error); with it, a sample every
    SECONDS until stdout is gone (the SSH channel closed). nvidia-smi is found on PATH unless
    --nvidia-smi names another program (an odd install, or a test's stand-in)."""
    program = args.get("nvidia_smi") or "nvidia-smi"
    every = args.get("every")
    if every is not None:
        try:
            every = max(0.1, float(every))
        except ValueError:
            raise SystemExit("notebench-agent: --every needs a number of seconds")
    while True:
        began = time.monotonic()
        sample = gpu_sample(program)
        try:
            sys.stdout.write(json.dumps(sample, separators=(",", ":")) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader left: nothing more to say, and nothing to flush at exit either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        if every is None:
            return 1 if "error" in sample else 0
        time.sleep(max(0.0, every - (time.monotonic() - began)))


def parse(argv):
    if not argv:
        raise SystemExit(__doc__)
    args = {"command": argv[0], "from": 0, "extra": []}
    rest = argv[1:]
    i = 0
    positional = []
    while i < len(rest):
        word = rest[i]
        if word == "--":
            args["extra"] = rest[i + 1:]
            break
        if word == "--attach":
            args["attach"] = True
            i += 1
            continue
        if word in ("--state-dir", "--kernel", "--cwd", "--from", "--every", "--nvidia-smi"):
            if i + 1 >= len(rest):
                raise SystemExit("notebench-agent: %s needs a value" % word)
            args[word[2:].replace("-", "_")] = rest[i + 1]
            i += 2
            continue
        positional.append(word)
        i += 1
    try:
        args["from"] = int(args["from"])
    except ValueError:
        raise SystemExit("notebench-agent: --from needs a number")
    args["positional"] = positional
    return args


def main(argv):
    if argv and argv[0] == "_daemon":  # the Windows detached child
        run_daemon(argv[1], argv[2] or None, argv[3] or None, argv[5:])
        return 0
    args = parse(argv)
    command = args["command"]
    if command in ("attach", "stop"):
        if len(args["positional"]) != 1:
            raise SystemExit("notebench-agent: %s needs a session id" % command)
        args["session"] = args["positional"][0]
    handlers = {"serve": cmd_serve, "attach": cmd_attach, "list": cmd_list,
                "kernelspecs": cmd_kernelspecs, "stop": cmd_stop,
                "gpus": cmd_gpus}
    if command not in handlers:
        raise SystemExit("notebench-agent: unknown command '%s'" % command)
    return handlers[command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
