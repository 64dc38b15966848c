"""Settings (initializationOptions + `workspace/configuration`), watched files, workspace folders."""

from __future__ import annotations

import asyncio
import posixpath
from collections.abc import Mapping
from typing import Any

from convex_lsp.analysis.config import parse_settings
from convex_lsp.analysis.discovery import SOURCE_EXTENSIONS
from lsprotocol import types

from .. import convert
from . import diagnostics
from .common import guarded, log

SECTION = "convexLsp"
ROOT_FILES = frozenset({"convex.json", "package.json", "convex-lsp.toml", "tsconfig.json"})
WATCH_GLOBS = (
    "**/*.{" + ",".join(e.lstrip(".") for e in SOURCE_EXTENSIONS) + "}",
    "**/convex.json",
    "**/package.json",
    "**/convex-lsp.toml",
    "**/tsconfig*.json",  # tsconfig.json and the configs it extends (tsconfig.base.json): path aliases
)


def settings_section(raw: Any) -> Any:
    """`{"convexLsp": {...}}` or the bare `{...}` (both are seen in initializationOptions)."""
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        return raw[SECTION]
    return raw


def _send_registration(server: Any, registrations: list[types.Registration]) -> None:
    def done(fut: Any) -> None:
        if not fut.cancelled() and fut.exception() is not None:
            log.warning("client/registerCapability failed: %s", fut.exception())

    fut = server.protocol.send_request(types.CLIENT_REGISTER_CAPABILITY, types.RegistrationParams(registrations))
    fut.add_done_callback(done)


def register_dynamic(server: Any) -> None:
    """Ask for file watching and configuration changes when the client allows dynamic registration."""
    session = server.session
    regs = []
    if session.supports("workspace.did_change_watched_files.dynamic_registration"):
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in WATCH_GLOBS]
        regs.append(
            types.Registration(
                id="convex-lsp/watched-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
        )
    if session.supports("workspace.did_change_configuration.dynamic_registration"):
        regs.append(
            types.Registration(
                id="convex-lsp/configuration",
                method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
            )
        )
    if regs:
        _send_registration(server, regs)


async def load_configuration(server: Any, pushed: Any = None) -> bool:
    """Settings = initializationOptions, overridden by `workspace/configuration` (or by `pushed`,
    the didChangeConfiguration payload, for clients without the request). Problems are shown once.
    Returns True when the settings changed."""
    session = server.session
    base, problems = parse_settings(settings_section(session.init_options))
    raw = settings_section(pushed)
    if session.supports("workspace.configuration"):
        try:
            params = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            result = await asyncio.wait_for(server.workspace_configuration_async(params), 5.0)
            raw = result[0] if result else None
        except Exception:
            log.warning("workspace/configuration failed", exc_info=True)
    if isinstance(raw, Mapping) and raw:
        settings, more = parse_settings(raw, base)
        problems += more
    else:
        settings = base
    shown = session.settings_problems
    changed = session.apply_settings(settings, problems)
    if problems and tuple(problems) != shown:
        text = "convex-lsp: invalid settings:\n" + "\n".join(f"- {p}" for p in problems)
        server.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=text))
    return changed


def _roots_input_changed(event: types.FileEvent, path: str, inside_root: bool) -> bool:
    base = posixpath.basename(path)
    if base in ROOT_FILES or base.startswith("convex.config.") or (base.startswith("tsconfig") and base.endswith(".json")):
        return True
    created_or_deleted = int(event.type) in (types.FileChangeType.Created.value, types.FileChangeType.Deleted.value)
    return created_or_deleted and not inside_root and "/convex/" in path


def register(server: Any) -> None:
    from . import lifecycle

    session = server.session

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        await session.wait_ready()
        old_roots = session.settings.roots
        if await load_configuration(server, params.settings):
            if session.settings.roots != old_roots:
                lifecycle.request_rescan(server)
            else:
                diagnostics.refresh_all(server)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        from convex_lsp.server.loader import is_watched

        rescan = changed = False
        for event in params.changes:
            path = convert.uri_to_path(event.uri)
            if path is None:
                continue
            rescan |= _roots_input_changed(event, path, session.root_of(path) is not None)
            if is_watched(path):
                changed |= session.disk_changed(path, int(event.type) == types.FileChangeType.Deleted.value)
        if rescan:
            lifecycle.request_rescan(server)
        elif changed:
            diagnostics.refresh_all(server, session.settings.debounce_ms / 1000)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @guarded()
    def did_change_workspace_folders(params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = {convert.uri_to_path(f.uri) for f in params.event.removed}
        added = [convert.uri_to_path(f.uri) for f in params.event.added]
        folders = [f for f in session.folders if f not in removed]
        session.folders = folders + [posixpath.normpath(p) for p in added if p and p not in folders]
        lifecycle.request_rescan(server)
