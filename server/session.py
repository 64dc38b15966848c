"""Server state: the analysis host, the open documents, client capabilities, settings.

Open documents are kept as the server's *own* UTF-8 bytes. `didChange` ranges are applied here,
with the negotiated position encoding and a `LineIndex` (lines end at `\\n`, `\\r\\n` or a lone
`\\r`), never through pygls' `TextDocument` (which also splits lines at U+2028 and friends). Every
change is forwarded to the host as a byte-offset edit so that it can reparse incrementally.

Mutations happen on the event-loop thread only; background work reads `host.snapshot()`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import posixpath
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from convex_lsp.analysis.config import Settings
from convex_lsp.analysis.text import Encoding, LineIndex

from . import convert

log = logging.getLogger("convex_lsp.server")
T = TypeVar("T")


@dataclass(eq=False)
class Document:
    """An open document: URI, path, LSP version and the exact UTF-8 bytes the client has."""

    uri: str
    path: str
    version: int | None
    data: bytes
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> LineIndex:
        if self._index is None or self._index.data is not self.data:
            self._index = LineIndex(self.data)
        return self._index

    def apply_change(self, change: Any, encoding: Encoding) -> tuple[int, int, bytes]:
        """Apply one `TextDocumentContentChangeEvent`; return the byte edit (start, end, new bytes)."""
        new_text = change.text.encode("utf-8", "surrogatepass")
        rng = getattr(change, "range", None)
        if rng is None:  # whole-document change: forward the smallest equivalent edit
            start, end, new_end = diff_span(self.data, new_text)
            edit = (start, end, new_text[start:new_end])
            self.data = new_text
            return edit
        span = convert.from_range(self.index, rng, encoding)
        start, end = span.start, span.end
        self.data = self.data[:start] + new_text + self.data[end:]
        return start, end, new_text


def _char_start(data: bytes, i: int) -> int:
    while 0 < i < len(data) and (data[i] & 0xC0) == 0x80:
        i -= 1
    return i


def diff_span(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(start, old_end, new_end) of the region where `old` and `new` differ, on character boundaries."""
    n = min(len(old), len(new))
    lo, hi = 0, n  # longest common prefix by bisection (memcmp of slices, not a Python loop)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    start = _char_start(old, lo)
    lo, hi = 0, n - start
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid :] == new[len(new) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    old_end, new_end = len(old) - lo, len(new) - lo
    # keep the end on a character boundary too (a suffix may start inside a multi-byte character)
    while old_end < len(old) and (old[old_end] & 0xC0) == 0x80:
        old_end += 1
        new_end += 1
    return start, old_end, new_end


def read_disk(path: str) -> bytes | None:
    """The disk text of `path`, or None when it is not a readable file (through the loader)."""
    from .loader import read_bytes

    return read_bytes(path) if os.path.isfile(path) else None


def capability(obj: Any, dotted: str, default: Any = None) -> Any:
    """`capability(caps, "text_document.diagnostic")`: None-safe attribute path lookup."""
    for name in dotted.split("."):
        if obj is None:
            return default
        obj = getattr(obj, name, None)
    return default if obj is None else obj


class Session:
    """Everything the handlers share. One per server process."""

    def __init__(self, host: Any = None) -> None:
        if host is None:
            from convex_lsp.analysis.host import AnalysisHost

            host = AnalysisHost()
        self.host = host
        self.documents: dict[str, Document] = {}  # by URI
        self.encoding: Encoding = "utf-16"
        self.client: Any = None  # lsprotocol ClientCapabilities
        self.init_options: Any = None
        self.folders: list[str] = []  # workspace folder paths
        self.settings = Settings()
        self.settings_problems: tuple[str, ...] = ()
        self.settings_generation = 0
        self.roots: list[Any] = []
        self.configs: dict[str, tuple[str, Any]] = {}  # root functions dir → (convex-lsp.toml path, ConfigFile)
        self.disk_files: set[str] = set()
        self.startup: asyncio.Task | None = None  # config + index; handlers await it
        self.model_keys: dict[Any, str] = {}  # root → last observed model key
        self.server: Any = None  # the ConvexLanguageServer (set by app.create_server)
        self.pending: dict[str, asyncio.Task] = {}  # URI → debounced diagnostics task
        self.published: set[str] = set()  # URIs with published (push) diagnostics
        self.rescan_task: asyncio.Task | None = None
        self.rescan_again = False
        self.index_count = 0
        self.test_rule = os.environ.get("CONVEX_LSP_TEST_RULE") == "1"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convex-analysis")
        # Requests a user waits for (completion, hover, navigation, code actions) must not queue
        # behind a whole-file lint: they get a worker of their own. Both read immutable snapshots.
        self._interactive = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convex-interactive")
        self.host.set_settings(self.settings)

    # ------------------------------------------------------------------ capabilities
    def supports(self, dotted: str) -> bool:
        return bool(capability(self.client, dotted, False))

    @property
    def pull_diagnostics(self) -> bool:
        return capability(self.client, "text_document.diagnostic") is not None

    # ------------------------------------------------------------------ background work
    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` on the analysis thread (cancellable from the awaiting side)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def run_interactive(self, fn: Callable[..., T], *args: Any) -> T:
        """Like `run`, on the interactive worker (never behind a lint)."""
        return await asyncio.get_running_loop().run_in_executor(self._interactive, fn, *args)

    async def wait_ready(self) -> None:
        """Wait for the initial configuration + index (started by `initialized`, or lazily here)."""
        if self.startup is None:
            from .handlers import lifecycle

            lifecycle.start(self.server)
        task = self.startup
        if task is not None and not task.done():
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                if task.cancelled():
                    return
                raise
            except Exception:  # logged by the task itself
                pass

    @property
    def ready(self) -> bool:
        return self.startup is not None and self.startup.done()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._interactive.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ settings
    def apply_settings(self, settings: Settings, problems: list[str]) -> bool:
        """Store new settings; True when they differ from the current ones."""
        self.settings_problems = tuple(problems)
        if settings == self.settings:
            return False
        self.settings = settings
        self.settings_generation += 1
        self.host.set_settings(self.model_settings())
        return True

    def model_settings(self) -> Settings:
        """Settings for the project model (custom builders, auth helpers): the LSP settings over the
        first root's convex-lsp.toml."""
        if not self.configs:
            return self.settings
        from convex_lsp.analysis.config import merge_settings

        return merge_settings(next(iter(self.configs.values()))[1].settings, self.settings)

    def file_settings(self, snap: Any, path: str) -> Settings:
        """The settings of one file: its root's convex-lsp.toml (with per-path overrides), overlaid
        with the LSP settings where those say something."""
        from convex_lsp.analysis.config import merge_settings

        root = snap.root_for(path)
        found = self.configs.get(root.functions_dir) if root is not None else None
        if found is None:
            return self.settings
        cfg_path, cfg = found
        base = merge_settings(cfg.settings, self.settings)
        rel = posixpath.relpath(path, posixpath.dirname(cfg_path))
        return cfg.settings_for(rel, base)

    # ------------------------------------------------------------------ documents
    def open(self, uri: str, text: str, version: int | None) -> Document | None:
        path = convert.uri_to_path(uri)
        if path is None:
            return None
        doc = Document(uri, path, version, text.encode("utf-8", "surrogatepass"))
        self.documents[uri] = doc
        self.host.set_file(path, doc.data)
        return doc

    def change(self, uri: str, version: int | None, changes: list[Any]) -> Document | None:
        doc = self.documents.get(uri)
        if doc is None:
            return None
        if self.host.text(doc.path) != doc.data:
            # The same file is open under another URI too (`file://localhost/…`, escaped letters)
            # and the host holds that document's text: this one takes over, whole.
            for change in changes:
                doc.apply_change(change, self.encoding)
            self.host.set_file(doc.path, doc.data)
        else:
            for change in changes:
                start, end, new = doc.apply_change(change, self.encoding)
                self.host.edit_file(doc.path, start, end, new)
        doc.version = version
        return doc

    def close(self, uri: str) -> bool | None:
        """Forget an open document and revert the host to the disk text (or remove the file).

        None: the document was not open; otherwise whether the host's text changed."""
        doc = self.documents.pop(uri, None)
        if doc is None:
            return None
        if self.is_open(doc.path):  # still open under another URI: that document's text is the file's
            other = self.document_for_path(doc.path)
            if other is not None and self.host.text(doc.path) != other.data:
                self.host.set_file(doc.path, other.data)
                return True
            return False
        data = read_disk(doc.path)
        if data is None:
            self.disk_files.discard(doc.path)
            self.host.remove_file(doc.path)
            return True
        if data != doc.data:
            self.host.set_file(doc.path, data)
            return True
        return False

    def document_for_path(self, path: str) -> Document | None:
        for doc in self.documents.values():
            if doc.path == path:
                return doc
        return None

    def uri_for(self, path: str) -> str:
        doc = self.document_for_path(path)
        return doc.uri if doc is not None else convert.path_to_uri(path)

    def versions(self) -> dict[str, tuple[str, int | None]]:
        """path → (uri, version) of the open documents (for versioned workspace edits)."""
        return {d.path: (d.uri, d.version) for d in self.documents.values()}

    @staticmethod
    def lines_for(snap: Any) -> Callable[[str], LineIndex | None]:
        def lines(path: str) -> LineIndex | None:
            return snap.line_index(path) if snap.text(path) is not None else None

        return lines

    def is_open(self, path: str) -> bool:
        return self.document_for_path(path) is not None

    # ------------------------------------------------------------------ disk files
    def begin_disk_files(self, roots: list[Any], files: Mapping[str, bytes]) -> list[str]:
        """Install the roots of a workspace scan, drop vanished files; return the paths to set
        (the caller feeds them to `set_disk_file` in chunks). Open buffers win over disk texts."""
        for path in self.disk_files - set(files):
            if not self.is_open(path):
                self.host.remove_file(path)
        self.roots = list(roots)
        self.host.set_roots(self.roots)
        self.disk_files = set(files)
        return list(files)

    def set_disk_file(self, path: str, data: bytes) -> None:
        if not self.is_open(path):
            self.host.set_file(path, data)

    def disk_changed(self, path: str, deleted: bool) -> bool:
        """A watched file changed on disk; True when the host's inputs changed."""
        if self.is_open(path):
            return False
        data = None if deleted else read_disk(path)
        if data is None:
            if path not in self.disk_files:
                return False
            self.disk_files.discard(path)
            self.host.remove_file(path)
        else:
            self.disk_files.add(path)
            self.host.set_file(path, data)
        return True

    def observe_model(self, root: Any, key: str) -> bool:
        """Record the model key seen for `root`; True when it differs from the previous one."""
        old = self.model_keys.get(root)
        self.model_keys[root] = key
        return old is not None and old != key

    def root_of(self, path: str) -> Any:
        from convex_lsp.analysis.discovery import root_for

        return root_for(self.roots, path)
