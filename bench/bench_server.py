"""Benchmark of the language server over stdio (issue 3): cold start, edit → diagnostics, completion, RSS.

    python bench/bench_server.py                     # synthetic 1,000-module project, push then pull mode
    python bench/bench_server.py --mode push --edits 100 --completions 100 --arbitrary 0 --typing 0
    python bench/bench_server.py --project DIR --file DIR/convex/big.ts
    python bench/bench_server.py --profile /tmp/server.prof   # the server runs under cProfile (all threads)
    CONVEX_LSP_BENCH_PROFILE=/tmp/server.prof python bench/bench_server.py   # same, from the environment

Starts `python -m convex_lsp.server --stdio` as a subprocess and speaks LSP to it with the minimal
JSON-RPC client below (Content-Length framing, a reader thread that timestamps every message as it
arrives and answers the server's requests: `window/workDoneProgress/create`, `client/registerCapability`,
`workspace/configuration` (with the benchmark settings), `workspace/diagnostic/refresh`).

The client looks like VS Code: no `positionEncodings` (so utf-16), work-done progress, dynamic
registration of watched files and configuration, snippets. It is run twice:
- push: no `textDocument.diagnostic` capability, `diagnostics.debounceMs` = 0, so the time from a
  `didChange` to the `publishDiagnostics` of that version is server work only;
- pull: `textDocument.diagnostic` declared; after each `didChange` the client sends
  `textDocument/diagnostic` (with the previous resultId) and times the round trip.

Measured, on the 1,500-line module of the synthetic project (bench/synth.py):
- cold start to first diagnostics: process spawn → the first diagnostics of that module, opened right
  after `initialized` (includes Python start-up, imports and the whole workspace index);
- warm reopen (info): `didClose` + `didOpen` of the same module → its diagnostics;
- one-character edits inside identifiers of handler bodies (type a letter, delete it; incremental
  `didChange`) → fresh diagnostics for that version: p50/p95/p99 over 2 x --edits edits;
- an informational run at arbitrary offsets of handler bodies (transient syntax errors);
- completion round trips (server idle): just after the quote of `.query("`, of `.withIndex("` and
  just after `internal.` of the existing code (function references, the path `api.` takes too);
  an informational run while typing (the trigger text was just inserted, so the tree has errors);
- peak RSS of the server (`VmHWM` of /proc/<pid>/status, read before shutdown).

Wall clock is measured in this process (send → arrival of the answer). CPU time is the server's:
the sum of `/proc/<pid>/task/*/schedstat` (ns, every thread: event loop, analysis thread, stdin
reader) over the same interval, or utime+stime (10 ms ticks) for the cold start. On a shared machine
a wall-clock MISS whose CPU passes means contention, not a slow server.
Targets (2-core machine): cold start < 3 s; edit → diagnostics p99 < 50 ms; completion p99 < 20 ms;
peak RSS < 400 MB. The report never asserts; `--strict` only sets the exit code.

Profiling (`--profile PATH` or CONVEX_LSP_BENCH_PROFILE=PATH): the server is started through a small
bootstrap that gives every thread its own cProfile profiler (`python -m cProfile` sees only the main
thread, and the analysis runs on a worker thread). At exit it writes PATH (all threads merged) and
PATH.<thread name> per thread; the top functions of each are printed. Profiled times are inflated.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import synth  # noqa: E402  (bench/synth.py)
from bench_model import arbitrary_positions, handler_bodies, identifier_positions  # noqa: E402

TARGET_COLD_S = 3.0
TARGET_EDIT_P99_MS = 50.0
TARGET_COMPLETION_P99_MS = 20.0
TARGET_RSS_MB = 400.0
SECTION = "convexLsp"
TIMEOUT = 120.0  # seconds to wait for any single answer (the cold index included)

# ----------------------------------------------------------------------------- profiling bootstrap
PROFILE_BOOTSTRAP = r"""
import atexit, cProfile, os, runpy, sys, threading
_out = os.environ["CONVEX_LSP_BENCH_PROFILE"]
_profs = []
_orig_run = threading.Thread.run
def _run(self):
    p = cProfile.Profile()
    _profs.append((self.name, p))
    p.enable()
    try:
        _orig_run(self)
    finally:
        p.disable()
threading.Thread.run = _run
_main = cProfile.Profile()
_profs.append(("main", _main))
def _dump():
    import pstats
    _main.disable()
    merged = None
    for name, p in _profs:
        try:
            st = pstats.Stats(p)
        except Exception:
            continue
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
        st.dump_stats(f"{_out}.{safe}")
        if merged is None:
            merged = pstats.Stats(p)
        else:
            merged.add(p)
    if merged is not None:
        merged.dump_stats(_out)
atexit.register(_dump)
sys.argv = ["convex_lsp.server", "--stdio"]
_main.enable()
runpy.run_module("convex_lsp.server", run_name="__main__", alter_sys=True)
"""


# ----------------------------------------------------------------------------- helpers
def _pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))]


def _loadavg() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _summary(wall: list[float], cpu: list[float]) -> dict:
    out = {"n": len(wall)}
    for name, xs in (("", wall), ("cpu_", cpu)):
        out.update({f"{name}p50_ms": _pct(xs, 50), f"{name}p95_ms": _pct(xs, 95), f"{name}p99_ms": _pct(xs, 99),
                    f"{name}max_ms": max(xs, default=float("nan")),
                    f"{name}mean_ms": statistics.fmean(xs) if xs else float("nan")})
    return out


class LineMap:
    """Byte offset → LSP position (utf-16 units), for the ASCII-or-not text of one file."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]

    def pos(self, off: int) -> dict:
        import bisect

        line = bisect.bisect_right(self.starts, off) - 1
        prefix = self.data[self.starts[line]:off].decode("utf-8", "surrogatepass")
        return {"line": line, "character": len(prefix.encode("utf-16-le", "surrogatepass")) // 2}


class ProcStats:
    """CPU time and memory of the server process, from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.tick = os.sysconf("SC_CLK_TCK")
        self.schedstat = os.path.exists(f"/proc/{pid}/task/{pid}/schedstat")

    def cpu_ns(self) -> int:
        """CPU time of all live threads (ns; schedstat), or utime+stime when schedstat is missing."""
        if not self.schedstat:
            return int(self.cpu_s() * 1e9)
        total = 0
        try:
            tids = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return 0
        for tid in tids:
            try:
                with open(f"/proc/{self.pid}/task/{tid}/schedstat") as fh:
                    total += int(fh.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total

    def cpu_s(self) -> float:
        """utime+stime of the whole process (dead threads included; 10 ms ticks)."""
        try:
            with open(f"/proc/{self.pid}/stat") as fh:
                f = fh.read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) / self.tick
        except (OSError, ValueError, IndexError):
            return float("nan")

    def status_mb(self, key: str) -> float:
        try:
            with open(f"/proc/{self.pid}/status") as fh:
                for line in fh:
                    if line.startswith(key + ":"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def threads(self) -> int:
        try:
            return len(os.listdir(f"/proc/{self.pid}/task"))
        except OSError:
            return 0


# ----------------------------------------------------------------------------- JSON-RPC client
class ServerGone(RuntimeError):
    pass


class LspClient:
    """A minimal LSP client over the stdio of a subprocess.

    The reader thread timestamps each message (`time.perf_counter_ns()`, before `json.loads`), answers
    server→client requests itself (so the server never waits on the main thread) and hands responses
    and notifications to the main thread through a condition variable."""

    def __init__(self, argv: list[str], env: dict, stderr_path: str, settings: dict) -> None:
        self.settings = settings
        self.stderr = open(stderr_path, "wb")
        self.t_spawn = time.perf_counter_ns()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, env=env)
        self.stats = ProcStats(self.proc.pid)
        self._wlock = threading.Lock()
        self._cond = threading.Condition()
        self._responses: dict[int, tuple[int, dict, int]] = {}
        self._notes: collections.deque[tuple[int, dict]] = collections.deque()
        self._next_id = 0
        self.closed = False
        self.server_requests: collections.Counter[str] = collections.Counter()
        self.notifications: collections.Counter[str] = collections.Counter()
        self._reader = threading.Thread(target=self._read, name="lsp-reader", daemon=True)
        self._reader.start()

    # ---- writing
    def _send(self, msg: dict) -> int:
        body = json.dumps(msg, separators=(",", ":")).encode("utf-8")
        with self._wlock:
            t = time.perf_counter_ns()
            try:
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError, OSError) as exc:
                raise ServerGone(f"server stdin closed: {exc}") from exc
        return t

    def request(self, method: str, params: Any) -> tuple[int, int]:
        """Send a request; returns (id, send timestamp in ns)."""
        with self._cond:
            self._next_id += 1
            rid = self._next_id
        return rid, self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})

    def notify(self, method: str, params: Any) -> int:
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # ---- reading
    def _read(self) -> None:
        f = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = f.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is None:
                    continue
                body = f.read(length)
                t = time.perf_counter_ns()
                if len(body) < length:
                    return
                msg = json.loads(body)
                if "method" in msg and "id" in msg:
                    self._answer(msg)
                elif "method" in msg:
                    self.notifications[msg["method"]] += 1
                    with self._cond:
                        self._notes.append((t, msg))
                        self._cond.notify_all()
                else:
                    with self._cond:
                        self._responses[msg.get("id")] = (t, msg, length)
                        self._cond.notify_all()
        finally:
            with self._cond:
                self.closed = True
                self._cond.notify_all()

    def _answer(self, msg: dict) -> None:
        method = msg["method"]
        self.server_requests[method] += 1
        result: Any = None
        if method == "workspace/configuration":
            items = (msg.get("params") or {}).get("items") or []
            result = [self.settings if it.get("section") in (SECTION, None) else None for it in items]
        # window/workDoneProgress/create, client/registerCapability, workspace/diagnostic/refresh,
        # window/showMessageRequest, ...: null is a valid answer
        try:
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        except ServerGone:
            pass

    # ---- waiting
    def response(self, rid: int, timeout: float = TIMEOUT) -> tuple[int, dict]:
        t, msg, _size = self.response_sized(rid, timeout)
        return t, msg

    def response_sized(self, rid: int, timeout: float = TIMEOUT) -> tuple[int, dict, int]:
        """(arrival ns, message, body bytes) of the response to `rid`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while rid not in self._responses:
                if self.closed:
                    raise ServerGone("server closed its stdout")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no response to request {rid} within {timeout:g} s")
                self._cond.wait(left)
            t, msg, size = self._responses.pop(rid)
        if "error" in msg:
            raise RuntimeError(f"request {rid} failed: {msg['error']}")
        return t, msg, size

    def notification(self, pred: Callable[[dict], bool], timeout: float = TIMEOUT) -> tuple[int, dict]:
        """The first queued or future notification matching `pred`; earlier ones are dropped."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                while self._notes:
                    t, msg = self._notes.popleft()
                    if pred(msg):
                        return t, msg
                if self.closed:
                    raise ServerGone("server closed its stdout")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching notification within {timeout:g} s")
                self._cond.wait(left)

    def drop_notifications(self) -> None:
        with self._cond:
            self._notes.clear()

    def call(self, method: str, params: Any, timeout: float = TIMEOUT) -> tuple[float, dict]:
        rid, t0 = self.request(method, params)
        t1, msg = self.response(rid, timeout)
        return (t1 - t0) / 1e6, msg.get("result")

    # ---- end
    def close(self) -> int | None:
        try:
            self.call("shutdown", None, timeout=30)
            self.notify("exit", None)
        except (ServerGone, TimeoutError, RuntimeError):
            pass
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.stderr.close()
        return rc


# ----------------------------------------------------------------------------- client profile
def vscode_capabilities(pull: bool) -> dict:
    """The parts of VS Code's client capabilities the server looks at (no positionEncodings: utf-16)."""
    td: dict[str, Any] = {
        "synchronization": {"dynamicRegistration": True, "willSave": True, "willSaveWaitUntil": True, "didSave": True},
        "completion": {
            "dynamicRegistration": True,
            "contextSupport": True,
            "completionItem": {
                "snippetSupport": True, "commitCharactersSupport": True, "documentationFormat": ["markdown", "plaintext"],
                "deprecatedSupport": True, "preselectSupport": True, "tagSupport": {"valueSet": [1]},
                "insertReplaceSupport": True, "labelDetailsSupport": True,
                "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]},
                "insertTextModeSupport": {"valueSet": [1, 2]},
            },
            "completionItemKind": {"valueSet": list(range(1, 26))},
        },
        "hover": {"dynamicRegistration": True, "contentFormat": ["markdown", "plaintext"]},
        "definition": {"dynamicRegistration": True, "linkSupport": True},
        "references": {"dynamicRegistration": True},
        "documentSymbol": {"dynamicRegistration": True, "hierarchicalDocumentSymbolSupport": True},
        "codeAction": {
            "dynamicRegistration": True, "isPreferredSupport": True, "dataSupport": True,
            "resolveSupport": {"properties": ["edit"]},
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                "", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source",
                "source.organizeImports", "source.fixAll"]}},
        },
        "rename": {"dynamicRegistration": True, "prepareSupport": True},
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True, "tagSupport": {"valueSet": [1, 2]},
                               "codeDescriptionSupport": True, "dataSupport": True},
    }
    ws: dict[str, Any] = {
        "applyEdit": True,
        "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create", "rename", "delete"]},
        "didChangeConfiguration": {"dynamicRegistration": True},
        "didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True},
        "executeCommand": {"dynamicRegistration": True},
        "workspaceFolders": True,
        "configuration": True,
    }
    if pull:
        td["diagnostic"] = {"dynamicRegistration": True, "relatedDocumentSupport": False}
        ws["diagnostics"] = {"refreshSupport": True}
    return {
        "workspace": ws,
        "textDocument": td,
        "window": {"workDoneProgress": True, "showMessage": {"messageActionItem": {"additionalPropertiesSupport": True}},
                   "showDocument": {"support": True}},
        "general": {"regularExpressions": {"engine": "ECMAScript", "version": "ES2020"},
                    "markdown": {"parser": "marked", "version": "1.1.0"}},
    }


# ----------------------------------------------------------------------------- scenario
class Session:
    """One server process, one open document (the big module), push or pull diagnostics."""

    def __init__(self, project: str, path: str, pull: bool, settings: dict, log_path: str, profile: str | None) -> None:
        self.project, self.path, self.pull = project, path, pull
        self.uri = Path(path).as_uri()
        self.data = Path(path).read_bytes()
        self.text = self.data.decode("utf-8")
        self.lines = LineMap(self.data)
        self.version = 1
        self.result_id: str | None = None
        self.settings = settings
        env = dict(os.environ)
        if profile:
            env["CONVEX_LSP_BENCH_PROFILE"] = profile
            argv = [sys.executable, "-c", PROFILE_BOOTSTRAP]
        else:
            env.pop("CONVEX_LSP_BENCH_PROFILE", None)
            argv = [sys.executable, "-m", "convex_lsp.server", "--stdio"]
        self.c = LspClient(argv, env, log_path, settings)

    # ---- diagnostics of the current version
    def _diag_pred(self, version: int | None) -> Callable[[dict], bool]:
        def pred(msg: dict) -> bool:
            if msg.get("method") != "textDocument/publishDiagnostics":
                return False
            p = msg.get("params") or {}
            return p.get("uri") == self.uri and (version is None or p.get("version") == version)

        return pred

    def pull_request(self) -> tuple[int, int]:
        params: dict[str, Any] = {"textDocument": {"uri": self.uri}}
        if self.result_id is not None:
            params["previousResultId"] = self.result_id
        return self.c.request("textDocument/diagnostic", params)

    def pull_answer(self, rid: int) -> tuple[int, int]:
        """(arrival ns, number of diagnostics) of a pull; checks the report is for the current version."""
        t, msg = self.c.response(rid)
        rep = msg.get("result") or {}
        if rep.get("kind") == "full":
            rid_s = rep.get("resultId")
            if rid_s is not None and not str(rid_s).startswith(f"{self.version}@"):
                raise RuntimeError(f"pull report {rid_s!r} is not for version {self.version}")
            self.result_id = rid_s
            return t, len(rep.get("items") or ())
        self.result_id = rep.get("resultId", self.result_id)
        return t, -1

    def fresh_diagnostics(self, t_sent: int) -> tuple[int, int]:
        """Wait for the diagnostics of `self.version`; returns (arrival ns, count).
        Push: the publishDiagnostics of that version. Pull: a textDocument/diagnostic round trip."""
        if self.pull:
            rid, _ = self.pull_request()
            t, n = self.pull_answer(rid)
            self.c.drop_notifications()
            return t, n
        t, msg = self.c.notification(self._diag_pred(self.version))
        return t, len(msg["params"].get("diagnostics") or ())

    # ---- start-up
    def start(self) -> dict:
        c = self.c
        root_uri = Path(self.project).as_uri()
        rid, _ = c.request("initialize", {
            "processId": os.getpid(),
            "clientInfo": {"name": "Visual Studio Code", "version": "1.99.0"},
            "locale": "en",
            "rootPath": self.project,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": os.path.basename(self.project)}],
            "capabilities": vscode_capabilities(self.pull),
            "initializationOptions": {SECTION: self.settings},
            "trace": "off",
        })
        t_init, init = c.response(rid)
        caps = (init.get("result") or {}).get("capabilities") or {}
        c.notify("initialized", {})
        t_open = c.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri, "languageId": "typescript", "version": self.version, "text": self.text}})
        if self.pull:
            t_first, n = self.pull_answer(self.pull_request()[0])
        else:
            t_first, msg = c.notification(self._diag_pred(None))
            n = len(msg["params"].get("diagnostics") or ())
        cpu = c.stats.cpu_s()
        rss = c.stats.status_mb("VmRSS")
        return {"init_s": (t_init - c.t_spawn) / 1e9, "open_sent_s": (t_open - c.t_spawn) / 1e9,
                "first_diagnostics_s": (t_first - c.t_spawn) / 1e9, "cpu_s": cpu, "diagnostics": n,
                "rss_mb": rss, "position_encoding": caps.get("positionEncoding", "utf-16 (default)"),
                "threads": c.stats.threads()}

    # ---- reopen
    def reopen(self, rounds: int) -> dict:
        wall, cpu = [], []
        for _ in range(rounds):
            self.c.notify("textDocument/didClose", {"textDocument": {"uri": self.uri}})
            if not self.pull:
                self.c.notification(self._diag_pred(None))  # the clearing publish
            self.version += 1
            self.result_id = None
            time.sleep(0.05)
            self.c.drop_notifications()
            c0 = self.c.stats.cpu_ns()
            t0 = self.c.notify("textDocument/didOpen", {"textDocument": {
                "uri": self.uri, "languageId": "typescript", "version": self.version, "text": self.text}})
            t1, _ = self.fresh_diagnostics(t0)
            c1 = self.c.stats.cpu_ns()
            wall.append((t1 - t0) / 1e6)
            cpu.append((c1 - c0) / 1e6)
        return {"wall_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu), "rounds": rounds}

    # ---- edits
    def change(self, start: int, end: int, text: str) -> int:
        """Send one incremental didChange (byte offsets in the current text); returns the send time.
        The line map is rebuilt after the send, while the server works."""
        self.version += 1
        rng = {"start": self.lines.pos(start), "end": self.lines.pos(end)}
        t = self.c.notify("textDocument/didChange", {"textDocument": {"uri": self.uri, "version": self.version},
                                                     "contentChanges": [{"range": rng, "text": text}]})
        self.data = self.data[:start] + text.encode("utf-8") + self.data[end:]
        self.lines = LineMap(self.data)
        return t

    def edits(self, positions: list[int], warmup: int = 5, pause: float = 0.0) -> dict:
        """Type a letter at each byte offset and delete it; time each didChange → fresh diagnostics."""
        wall: list[float] = []
        cpu: list[float] = []
        counts: list[int] = []
        for i, p in enumerate(positions):
            for start, end, text in ((p, p, "x"), (p, p + 1, "")):
                c0 = self.c.stats.cpu_ns()
                t0 = self.change(start, end, text)
                t1, n = self.fresh_diagnostics(t0)
                c1 = self.c.stats.cpu_ns()
                if i >= warmup:
                    wall.append((t1 - t0) / 1e6)
                    cpu.append((c1 - c0) / 1e6)
                    counts.append(n)
                if pause:
                    time.sleep(pause)
        out = _summary(wall, cpu)
        out["edits"] = 2 * len(positions)
        out["diagnostics_min_max"] = (min(counts, default=0), max(counts, default=0))
        return out

    # ---- completion
    def complete(self, off: int, trigger: str | None) -> tuple[float, float, int, int]:
        ctx = {"triggerKind": 2, "triggerCharacter": trigger} if trigger else {"triggerKind": 1}
        params = {"textDocument": {"uri": self.uri}, "position": self.lines.pos(off), "context": ctx}
        c0 = self.c.stats.cpu_ns()
        rid, t0 = self.c.request("textDocument/completion", params)
        t1, msg, size = self.c.response_sized(rid)
        c1 = self.c.stats.cpu_ns()
        res = msg.get("result")
        items = res.get("items", []) if isinstance(res, dict) else (res or [])
        return (t1 - t0) / 1e6, (c1 - c0) / 1e6, len(items), size

    def completions(self, positions: list[tuple[int, str]], n: int, warmup: int = 10) -> dict:
        wall, cpu, counts, sizes = [], [], [], []
        for i in range(n + warmup):
            off, trig = positions[i % len(positions)]
            w, c, k, b = self.complete(off, trig)
            if i >= warmup:
                wall.append(w)
                cpu.append(c)
                counts.append(k)
                sizes.append(b)
        self.c.drop_notifications()
        out = _summary(wall, cpu)
        out["items_min_max"] = (min(counts, default=0), max(counts, default=0))
        out["response_kb_mean"] = statistics.fmean(sizes) / 1024 if sizes else float("nan")
        return out

    def typing_completions(self, inserts: list[tuple[int, str, int, str]], n: int, warmup: int = 3,
                           settle: bool = True) -> dict:
        """Insert the trigger text (as just typed), wait for the diagnostics of that version (server
        idle again; with settle=False the completion is sent right after the didChange, as an editor
        does, so in push mode with debounce 0 it queues behind that version's diagnostics run), time a
        completion at the cursor, then remove the text again."""
        wall, cpu, counts = [], [], []
        for i in range(n + warmup):
            at, text, cursor, trig = inserts[i % len(inserts)]
            t0 = self.change(at, at, text)
            if settle:
                self.fresh_diagnostics(t0)
            w, c, k, _b = self.complete(at + cursor, trig)
            if not settle:
                self.fresh_diagnostics(t0)
            t0 = self.change(at, at + len(text.encode("utf-8")), "")
            self.fresh_diagnostics(t0)
            if i >= warmup:
                wall.append(w)
                cpu.append(c)
                counts.append(k)
        out = _summary(wall, cpu)
        out["items_min_max"] = (min(counts, default=0), max(counts, default=0))
        return out

    def peak(self) -> dict:
        s = self.c.stats
        return {"vmhwm_mb": s.status_mb("VmHWM"), "vmrss_mb": s.status_mb("VmRSS"), "cpu_total_s": s.cpu_s(),
                "threads": s.threads()}

    def close(self) -> int | None:
        return self.c.close()


def completion_positions(data: bytes) -> dict[str, list[tuple[int, str]]]:
    """Offsets in the existing code: just after the quote of `.query("`, of `.withIndex("`, after `internal.`."""
    return {
        'query("': [(m.end(), '"') for m in re.finditer(rb'\.query\("', data)],
        'withIndex("': [(m.end(), '"') for m in re.finditer(rb'\.withIndex\("', data)],
        "internal.": [(m.end(), ".") for m in re.finditer(rb"(?<![.\w])internal\.", data)],
    }


def typing_inserts(path: str, data: bytes) -> dict[str, list[tuple[int, str, int, str]]]:
    """(offset, inserted text, cursor offset inside it, trigger) as typed with VS Code's auto-closing."""
    bodies = handler_bodies(path, data)
    query = []
    member = []
    for s, _e in bodies:
        text = '\n    ctx.db.query("")'
        query.append((s, text, len(text) - 2, '"'))
        text = "\n    internal."
        member.append((s, text, len(text), "."))
    widx = []
    for m in re.finditer(rb'\.query\("[A-Za-z0-9_]+"\)', data):
        text = '.withIndex("")'
        widx.append((m.end(), text, len(text) - 2, '"'))
    return {'ctx.db.query("': query, '.withIndex("': widx, "internal.": member}


def source_state() -> dict:
    """Which server code runs: git HEAD of the checkout and the newest mtime of its .py files.
    Other people edit the tree while benchmarks run; a change during the run is reported."""
    import convex_lsp.analysis as analysis_pkg
    import convex_lsp.server as server_pkg

    dirs = [os.path.dirname(analysis_pkg.__file__), os.path.dirname(server_pkg.__file__)]
    newest, newest_file = 0.0, ""
    for d in dirs:
        for base, _sub, names in os.walk(d):
            for n in names:
                if n.endswith(".py"):
                    f = os.path.join(base, n)
                    try:
                        m = os.stat(f).st_mtime
                    except OSError:
                        continue
                    if m > newest:
                        newest, newest_file = m, f
    head, dirty = "", -1
    top = os.path.dirname(dirs[0])
    try:
        head = subprocess.run(["git", "-C", top, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        st = subprocess.run(["git", "-C", top, "status", "--porcelain", "--", *dirs],
                            capture_output=True, text=True, timeout=10)
        dirty = len(st.stdout.splitlines()) if st.returncode == 0 else -1
    except (OSError, subprocess.SubprocessError):
        pass
    return {"head": head, "dirty": dirty, "newest_mtime": newest, "newest_file": newest_file}


def _spread(xs: list, n: int) -> list:
    if len(xs) <= n:
        return xs
    return [xs[i * len(xs) // n] for i in range(n)]


# ----------------------------------------------------------------------------- run
def run_mode(a: argparse.Namespace, project: str, path: str, pull: bool, log_path: str) -> dict:
    settings = {"diagnostics": {"debounceMs": 0}}
    profile = a.profile
    if profile and a.mode == "both":
        profile = f"{profile}.{'pull' if pull else 'push'}"
    s = Session(project, path, pull, settings, log_path, profile)
    res: dict = {"mode": "pull" if pull else "push", "profile": profile}
    try:
        res["cold"] = s.start()
        res["reopen"] = s.reopen(a.reopen)
        data = s.data
        ident = identifier_positions(path, data, a.edits)
        res["edit"] = s.edits(ident, pause=a.pause_ms / 1000)
        anyp = arbitrary_positions(path, data, a.arbitrary) if a.arbitrary > 0 else []
        res["edit_arbitrary"] = s.edits(anyp, warmup=0, pause=a.pause_ms / 1000) if anyp else None
        res["completion"] = {}
        for kind, pos in completion_positions(s.data).items():
            if not pos:
                continue
            r = s.completions(_spread(pos, 50), a.completions)
            res["completion"][kind] = r
        res["completion_typing"] = {}
        if a.typing:
            for kind, ins in typing_inserts(path, s.data).items():
                if ins:
                    res["completion_typing"][kind] = s.typing_completions(_spread(ins, 25), a.typing)
            ins = typing_inserts(path, s.data)['ctx.db.query("']
            if ins:
                res["completion_behind_lint"] = s.typing_completions(_spread(ins, 25), a.typing, settle=False)
        res["memory"] = s.peak()
        res["server_requests"] = dict(s.c.server_requests)
        res["notifications"] = dict(s.c.notifications)
    finally:
        res["exit_code"] = s.close()
    return res


def _row(name: str, wall: str, cpu: str = "", target: str = "", result: str = "") -> str:
    return f"  {name:<54} {wall:>19} {cpu:>19}  {target:>9}  {result}".rstrip()


def _verdict(wall_ok: bool, cpu_ok: bool) -> str:
    if wall_ok:
        return "PASS"
    return "MISS (cpu PASS: contention?)" if cpu_ok else "MISS"


def report(res: dict, edit_lines: int) -> int:
    """Print one mode's table; returns the number of wall-clock misses."""
    misses = 0

    def check(name: str, wall: str, cpu: str, target: str, wall_ok: bool, cpu_ok: bool) -> None:
        nonlocal misses
        misses += 0 if wall_ok else 1
        print(_row(name, wall, cpu, target, _verdict(wall_ok, cpu_ok)))

    mode = res["mode"]
    print()
    print(f"[{mode} diagnostics{'; PROFILED: times inflated' if res.get('profile') else ''}]")
    print(_row("metric", "wall", "server cpu", "target", "result"))
    c = res["cold"]
    check("cold start → first diagnostics of the open module", f"{c['first_diagnostics_s']:.2f} s", f"{c['cpu_s']:.2f} s",
          f"< {TARGET_COLD_S:g} s", c["first_diagnostics_s"] < TARGET_COLD_S, c["cpu_s"] < TARGET_COLD_S)
    print(_row("  spawn → initialize answered (start-up, imports)", f"{c['init_s']:.2f} s"))
    print(_row("  diagnostics / RSS at that moment", f"{c['diagnostics']} / {c['rss_mb']:.0f} MB"))
    r = res["reopen"]
    print(_row(f"(info) warm didClose+didOpen → diagnostics (median of {r['rounds']})", f"{r['wall_ms']:.1f} ms",
               f"{r['cpu_ms']:.1f} ms"))
    e = res["edit"]
    what = "textDocument/diagnostic round trip" if mode == "pull" else "publishDiagnostics"
    check(f"edit → {what} p99 ({e['n']} edits, {edit_lines} lines)"[:54], f"{e['p99_ms']:.1f} ms", f"{e['cpu_p99_ms']:.1f} ms",
          f"< {TARGET_EDIT_P99_MS:g} ms", e["p99_ms"] < TARGET_EDIT_P99_MS, e["cpu_p99_ms"] < TARGET_EDIT_P99_MS)
    print(_row("  p50 / p95 (ms)", f"{e['p50_ms']:.1f} / {e['p95_ms']:.1f}", f"{e['cpu_p50_ms']:.1f} / {e['cpu_p95_ms']:.1f}"))
    print(_row("  mean / max (ms)", f"{e['mean_ms']:.1f} / {e['max_ms']:.1f}", f"{e['cpu_mean_ms']:.1f} / {e['cpu_max_ms']:.1f}"))
    print(_row("  diagnostics per answer (min / max)", "%d / %d" % tuple(e["diagnostics_min_max"])))
    ea = res.get("edit_arbitrary")
    if ea:
        print(_row(f"(info) {ea['n']} edits at arbitrary offsets: p50 / p99 (ms)", f"{ea['p50_ms']:.1f} / {ea['p99_ms']:.1f}",
                   f"{ea['cpu_p50_ms']:.1f} / {ea['cpu_p99_ms']:.1f}"))
        print(_row("(info)   max (ms)", f"{ea['max_ms']:.1f}", f"{ea['cpu_max_ms']:.1f}"))
    for kind, cr in res["completion"].items():
        check(f"completion p99 after {kind} ({cr['n']} requests)", f"{cr['p99_ms']:.1f} ms", f"{cr['cpu_p99_ms']:.1f} ms",
              f"< {TARGET_COMPLETION_P99_MS:g} ms", cr["p99_ms"] < TARGET_COMPLETION_P99_MS,
              cr["cpu_p99_ms"] < TARGET_COMPLETION_P99_MS)
        print(_row("  p50 / p95 (ms); items; KB per answer", f"{cr['p50_ms']:.1f} / {cr['p95_ms']:.1f}",
                   f"{cr['cpu_p50_ms']:.1f} / {cr['cpu_p95_ms']:.1f}",
                   "%d-%d" % tuple(cr["items_min_max"]), f"{cr['response_kb_mean']:.0f} KB"))
        if cr["items_min_max"][1] == 0:
            print(_row("  WARNING: no completion items at these positions", ""))
    for kind, cr in (res.get("completion_typing") or {}).items():
        print(_row(f"(info) completion while typing {kind}: p50 / p99", f"{cr['p50_ms']:.1f} / {cr['p99_ms']:.1f}",
                   f"{cr['cpu_p50_ms']:.1f} / {cr['cpu_p99_ms']:.1f}", "%d-%d" % tuple(cr["items_min_max"])))
    cr = res.get("completion_behind_lint")
    if cr:
        label = "queued behind its diagnostics run" if mode == "push" else "before the pull"
        print(_row("(info)   same, sent right after the didChange: p50 / p99", f"{cr['p50_ms']:.1f} / {cr['p99_ms']:.1f}",
                   f"{cr['cpu_p50_ms']:.1f} / {cr['cpu_p99_ms']:.1f}", "", f"({label})"))
    m = res["memory"]
    check("peak RSS of the server (VmHWM)", f"{m['vmhwm_mb']:.0f} MB", "", f"< {TARGET_RSS_MB:g} MB",
          m["vmhwm_mb"] < TARGET_RSS_MB, m["vmhwm_mb"] < TARGET_RSS_MB)
    print(_row("  RSS at the end / server CPU in total / threads", f"{m['vmrss_mb']:.0f} MB",
               f"{m['cpu_total_s']:.1f} s", str(m["threads"])))
    print(_row("  server → client requests", ", ".join(f"{k} {v}" for k, v in sorted(res["server_requests"].items())) or "-"))
    return misses


def print_profile(path: str, top: int) -> None:
    import glob
    import pstats

    files = sorted(glob.glob(path + ".*"))
    for f in files:
        name = f[len(path) + 1:]
        if "." in name and name.split(".")[0] in ("push", "pull"):
            continue
        try:
            st = pstats.Stats(f)
        except Exception:
            continue
        if st.total_tt < 0.05:
            continue
        print(f"\n--- profile of thread {name} ({st.total_tt:.2f} s; {f})")
        st.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the language server over stdio (cold start, edits, completion, RSS).")
    ap.add_argument("--project", help="use this project instead of generating one")
    ap.add_argument("--file", help="the module to open and edit (default: convex/workspace.ts of the project)")
    ap.add_argument("--modules", type=int, default=1000, help="synthetic modules (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mode", choices=("push", "pull", "both"), default="both")
    ap.add_argument("--edits", type=int, default=200, help="edit positions; each is typed and deleted (default 200)")
    ap.add_argument("--arbitrary", type=int, default=50,
                    help="positions of the informational arbitrary-offset run (default 50, i.e. 100 edits; 0: skip)")
    ap.add_argument("--completions", type=int, default=200, help="completion requests per position kind (default 200)")
    ap.add_argument("--typing", type=int, default=25, help="completions while typing per kind (default 25; 0: skip)")
    ap.add_argument("--reopen", type=int, default=5, help="warm reopen rounds (default 5)")
    ap.add_argument("--pause-ms", type=float, default=0.0, help="pause between edits (default 0: back to back)")
    ap.add_argument("--profile", default=os.environ.get("CONVEX_LSP_BENCH_PROFILE"),
                    help="run the server under cProfile (all threads); write PATH, PATH.<thread>")
    ap.add_argument("--profile-top", type=int, default=25)
    ap.add_argument("--log", help="server stderr goes here (default: a temp file, printed on failure)")
    ap.add_argument("--json", help="write the results as JSON to this file")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    a = ap.parse_args(argv)

    load_start = _loadavg()
    tmp = None
    if a.project:
        project = os.path.abspath(a.project)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="convex-lsp-bench-server-")
        project = tmp.name
        t = time.perf_counter()
        info = synth.generate(project, modules=a.modules, seed=a.seed)
        print(f"synthetic project: {info.files} files, {info.lines:,} lines, {info.bytes / 1e6:.2f} MB, "
              f"{info.tables} tables, {info.functions:,} functions (generated in {time.perf_counter() - t:.2f} s) in {project}")
    path = os.path.abspath(a.file) if a.file else os.path.join(project, "convex", "workspace.ts")
    if not os.path.isfile(path):
        raise SystemExit(f"bench_server: no file {path} (use --file)")
    edit_lines = Path(path).read_bytes().count(b"\n")

    modes = {"push": [False], "pull": [True], "both": [False, True]}[a.mode]
    if a.profile:
        a.profile = os.path.abspath(a.profile)
        os.makedirs(os.path.dirname(a.profile), exist_ok=True)
    results: dict = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                     "load_average_start": load_start, "file": path, "lines": edit_lines, "runs": []}
    src_start = source_state()
    results["source_start"] = src_start
    log_dir = tempfile.mkdtemp(prefix="convex-lsp-bench-log-")
    for pull in modes:
        log_path = a.log or os.path.join(log_dir, f"server-{'pull' if pull else 'push'}.log")
        try:
            results["runs"].append(run_mode(a, project, path, pull, log_path))
        except Exception as exc:
            print(f"\nbench_server: {'pull' if pull else 'push'} run failed: {exc!r}; server log {log_path}:", file=sys.stderr)
            try:
                print(Path(log_path).read_text(errors="replace")[-4000:], file=sys.stderr)
            except OSError:
                pass
            raise
        try:
            log_text = Path(log_path).read_text(errors="replace")
        except OSError:
            log_text = ""
        errors = log_text.count("Traceback") + len(re.findall(r" (ERROR|CRITICAL) ", log_text))
        results["runs"][-1]["server_log_errors"] = errors
        if errors:
            print(f"bench_server: {errors} error(s) in the server log {log_path}", file=sys.stderr)

    src_end = source_state()
    results["source_end"] = src_end
    print()
    changed = src_end["newest_mtime"] != src_start["newest_mtime"]  # a commit alone does not change the code run
    print(f"server code: git {src_start['head'] or '?'}"
          + (f" -> {src_end['head']}" if src_end["head"] != src_start["head"] else "")
          + (f" + {src_start['dirty']} uncommitted file(s) in analysis/ and server/" if src_start["dirty"] > 0 else "")
          + ("; WARNING: analysis/ or server/ sources changed during the run (newest: "
             f"{os.path.relpath(src_end['newest_file'], os.path.dirname(os.path.dirname(src_end['newest_file'])))}, "
             f"{time.strftime('%H:%M:%S', time.localtime(src_end['newest_mtime']))}); rerun" if changed else
             "; sources unchanged during the run"))
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, {platform.platform()}; "
          f"load average {load_start:.2f} at start, {_loadavg():.2f} at end")
    print(f"client: VS Code-like (utf-16, work-done progress, snippets), diagnostics.debounceMs = 0; "
          f"edited module {os.path.relpath(path, project)} ({edit_lines:,} lines)")
    misses = sum(report(r, edit_lines) for r in results["runs"])
    if a.profile:
        for r in results["runs"]:
            if r.get("profile"):
                print_profile(r["profile"], a.profile_top)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=2)
    if tmp is not None:
        tmp.cleanup()
    return 1 if (a.strict and misses) else 0


if __name__ == "__main__":
    sys.exit(main())
