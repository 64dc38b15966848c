"""initialize / initialized / shutdown, and workspace indexing with work-done progress.

`initialized` is a notification and `didOpen` follows at once, so indexing never blocks a handler:
it runs as the `session.startup` task, handlers that need the index `await session.wait_ready()`
(which also starts it if `initialized` never came), and open documents are re-published when it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import posixpath
from typing import Any

from convex_lsp.analysis.config import parse_settings
from lsprotocol import types

from .. import convert
from . import diagnostics, workspace
from .common import guarded, log

STATUS = "convex/status"
CLIENT_TIMEOUT = 5.0  # seconds to wait for a client answer (progress create, configuration)
CHUNK = 25  # files parsed between two yields to the event loop while indexing


def _folders(params: types.InitializeParams) -> list[str]:
    uris = [f.uri for f in params.workspace_folders or ()]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    paths = [convert.uri_to_path(u) for u in uris]
    if not uris and params.root_path:
        paths = [params.root_path]
    return [posixpath.normpath(p) for p in paths if p]


def start(server: Any) -> None:
    """Start configuration + indexing once (idempotent)."""
    session = server.session
    if session.startup is None:
        session.startup = asyncio.ensure_future(_startup(server))


async def _startup(server: Any) -> None:
    try:
        workspace.register_dynamic(server)
        await workspace.load_configuration(server)
    except Exception:
        log.exception("loading the configuration failed")
    await index(server)


def notify_status(server: Any, state: str) -> None:
    roots = sorted({r.root for r in server.session.roots})
    server.protocol.notify(STATUS, {"state": state, "roots": roots})


def load_configs(server: Any, roots: list[Any]) -> None:
    """Read each root's convex-lsp.toml (nearest parent, within the workspace folder), apply it, and
    publish its problems as diagnostics on the file."""
    from convex_lsp.server.loader import load_config

    session = server.session
    configs: dict[str, tuple[str, Any]] = {}
    for root in roots:
        folder = next((f for f in session.folders if root.root == f or root.root.startswith(f.rstrip("/") + "/")), None)
        found = load_config(root, stop_at=folder)
        if found is not None:
            configs[root.functions_dir] = found
    old = session.configs
    session.configs = configs
    session.host.set_settings(session.model_settings())
    diagnostics.publish_config_problems(server, old, configs)


@contextlib.contextmanager
def bulk_allocation():
    """Pause the cyclic GC while indexing allocates ~100k long-lived objects, then freeze them, so
    that later collections (which can land mid-keystroke) do not rescan the whole index."""
    from convex_lsp.server.loader import bulk_allocation as loader_bulk

    with loader_bulk():
        yield


async def index(server: Any) -> None:
    """Scan every workspace folder (loader), install the files in the host, report progress."""
    from convex_lsp.server.loader import scan_workspace

    session = server.session
    session.index_count += 1
    notify_status(server, "indexing")
    progress, token = server.work_done_progress, None
    if session.supports("window.work_done_progress"):
        token = f"convex-lsp/index/{session.index_count}"
        try:
            await asyncio.wait_for(progress.create_async(token), CLIENT_TIMEOUT)
            progress.begin(
                token, types.WorkDoneProgressBegin(title="Convex: indexing", percentage=0, cancellable=False)
            )
        except Exception:
            log.warning("work-done progress unavailable", exc_info=True)
            token = None
    roots: list[Any] = []
    files: dict[str, bytes] = {}

    def report(message: str, pct: int) -> None:
        if token is not None:
            progress.report(token, types.WorkDoneProgressReport(message=message, percentage=pct))

    try:
        folders = list(session.folders)
        for i, folder in enumerate(folders):
            try:
                found_roots, found_files = await session.run(scan_workspace, folder, session.settings)
                roots.extend(r for r in found_roots if r not in roots)
                files.update(found_files)
            except Exception:
                log.exception("scanning %s failed", folder)
            report(posixpath.basename(folder), int(50 * (i + 1) / len(folders)))
        load_configs(server, roots)
        paths = session.begin_disk_files(roots, files)
        with bulk_allocation():
            for i, path in enumerate(paths):  # parse on the event loop, yielding between chunks
                session.set_disk_file(path, files[path])
                if i % CHUNK == CHUNK - 1:
                    report(f"{i + 1}/{len(paths)} files", 50 + int(50 * (i + 1) / len(paths)))
                    await asyncio.sleep(0)
    finally:
        if token is not None:
            message = f"{len(roots)} Convex root(s), {len(files)} files"
            progress.end(token, types.WorkDoneProgressEnd(message=message))
        notify_status(server, "ready")
    log.info("indexed %d Convex root(s), %d files", len(roots), len(files))
    diagnostics.refresh_all(server)


def request_rescan(server: Any) -> None:
    """Re-run the scan (roots or settings changed); coalesces requests made while one runs."""
    session = server.session
    if session.rescan_task is not None and not session.rescan_task.done():
        session.rescan_again = True
        return

    async def loop() -> None:
        await session.wait_ready()
        session.rescan_again = True
        while session.rescan_again:
            session.rescan_again = False
            await index(server)

    session.rescan_task = asyncio.ensure_future(loop())


def register(server: Any) -> None:
    session = server.session

    @server.feature(types.INITIALIZE)
    @guarded()
    def initialize(params: types.InitializeParams) -> None:
        session.client = params.capabilities
        session.encoding = convert.encoding_of(server.workspace.position_encoding)
        session.folders = _folders(params)
        session.init_options = params.initialization_options
        settings, _ = parse_settings(workspace.settings_section(params.initialization_options))
        session.apply_settings(settings, [])  # problems are shown by load_configuration (startup)
        log.info("client %s, position encoding %s, folders %s", params.client_info, session.encoding, session.folders)

    @server.feature(types.INITIALIZED)
    @guarded()
    def initialized(params: types.InitializedParams) -> None:
        start(server)

    @server.feature(types.SHUTDOWN)
    @guarded()
    def shutdown(params: Any) -> None:
        for task in [*session.pending.values(), session.startup, session.rescan_task]:
            if task is not None:
                task.cancel()
        session.pending.clear()
        session.shutdown()
