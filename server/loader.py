"""The filesystem side: walk a workspace, read texts, hand them to the analysis host.

Shared by the language server and the command line. Never follows directory symlinks (no loops),
skips dependency and build folders, tolerates files disappearing while it reads.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from typing import Iterable

from convex_lsp.analysis.config import Settings
from convex_lsp.analysis.discovery import IGNORED_DIRS, SOURCE_EXTENSIONS, ConvexRoot, find_roots

CONFIG_NAMES = ("convex.json", "package.json", "convex.config.ts", "convex.config.js", "convex-lsp.toml", "tsconfig.json")
MAX_FILE_BYTES = 8 * 1024 * 1024


def to_posix(path: str) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def is_watched(path: str) -> bool:
    """Files whose change matters to the model (sources and root markers)."""
    base = os.path.basename(path)
    return base in CONFIG_NAMES or base.endswith(SOURCE_EXTENSIONS)


def walk(folder: str) -> list[str]:
    """Every relevant file under `folder` (absolute posix paths), without following dir symlinks."""
    out: list[str] = []
    folder = os.path.abspath(folder)
    if os.path.isfile(folder):
        return [to_posix(folder)]
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False, onerror=lambda e: None):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        for f in filenames:
            if f in CONFIG_NAMES or f.endswith(SOURCE_EXTENSIONS):
                if f.endswith(".d.ts"):
                    continue
                out.append(to_posix(os.path.join(dirpath, f)))
    out.sort()
    return out


UTF8_BOM = b"\xef\xbb\xbf"


def read_bytes(path: str) -> bytes | None:
    """The bytes of a regular file (following symlinks), or None. Never blocks or reads without end:
    a FIFO or a device named `x.ts` (or a symlink to /dev/zero) is not a source file, and at most
    4 × MAX_FILE_BYTES + 1 bytes are read even if the file grows meanwhile.

    A UTF-8 byte order mark is left out, as editors do when they open the file (and TypeScript and
    ESLint when they read it): positions on the first line are then the editor's, and a config or
    package.json saved with one parses. `convex-lsp check --fix` puts it back when it writes."""
    limit = MAX_FILE_BYTES * 4
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            return None
        return data[3:] if data.startswith(UTF8_BOM) else data
    except OSError:
        return None


def read_text(path: str) -> str | None:
    data = read_bytes(path)
    return data.decode("utf-8", "replace") if data is not None else None


def scan_workspace(folder: str, settings: Settings | None = None, explicit: Iterable[str] = ()) -> tuple[list[ConvexRoot], dict[str, bytes]]:
    """(roots, {path: bytes}) for the source files inside any Convex root under `folder`."""
    settings = settings or Settings()
    paths = walk(folder)
    base = to_posix(folder)
    extra = [to_posix(os.path.join(folder, r)) for r in settings.roots] + [to_posix(e) for e in explicit]
    roots = find_roots(paths, read_text, extra)
    files: dict[str, bytes] = {}
    if not roots:
        return roots, files
    for p in paths:
        if not p.endswith(SOURCE_EXTENSIONS):
            continue
        if not any(r.contains(p) or r.in_functions_dir(p) for r in roots):
            continue
        data = read_bytes(p)
        if data is not None:
            files[p] = data
    del base
    return roots, files


@contextlib.contextmanager
def bulk_allocation():
    """Indexing allocates many long-lived objects: pause the cyclic GC meanwhile (it would rescan
    them repeatedly), then collect once and freeze the survivors so later collections skip them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()
        gc.freeze()


def load_host(folders: Iterable[str], settings: Settings | None = None, explicit: Iterable[str] = ()):
    """A populated AnalysisHost for the given folders (CLI and tests)."""
    from convex_lsp.analysis.host import AnalysisHost

    host = AnalysisHost(settings)
    all_roots: list[ConvexRoot] = []
    with bulk_allocation():
        for folder in folders:
            roots, files = scan_workspace(folder, settings, explicit)
            all_roots.extend(r for r in roots if r not in all_roots)
            host.set_roots(all_roots)
            for p, data in files.items():
                host.set_file(p, data)
    host.set_roots(all_roots)
    return host


def load_config(root: ConvexRoot, stop_at: str | None = None):
    """(path, ConfigFile) of the `convex-lsp.toml` for `root` (at its directory or the nearest parent,
    not above `stop_at`), or None."""
    from convex_lsp.analysis.config_file import find_config, parse_config

    def exists(p: str) -> bool:
        if stop_at is not None and not (p.startswith(stop_at.rstrip("/") + "/") or p == stop_at):
            return False
        return os.path.isfile(p)

    path = find_config(root.root, exists)
    if path is None:
        return None
    text = read_text(path)
    return (path, parse_config(text or "")) if text is not None else None
