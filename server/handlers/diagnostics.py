"""Diagnostics: computing them (on a snapshot, in the analysis thread) and pushing them.

Push when the client does not declare `textDocument.diagnostic`: debounced per document, dropped
when the version moved on, and every open document of a root is re-published when that root's
model changes. Pull clients (see `pull.py`) get `workspace/diagnostic/refresh` instead. Files
outside every Convex root get nothing.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from convex_lsp.analysis.diagnostics import Diagnostic, Edit, Fix
from convex_lsp.analysis.text import TextRange
from lsprotocol import types

from .. import convert
from .common import analysis_function, log

_TODO = re.compile(rb"TODO-CONVEX")


def _test_rule(path: str, data: bytes) -> list[Diagnostic]:
    """CONVEX_LSP_TEST_RULE=1 only: one synthetic diagnostic per `TODO-CONVEX` (delivery tests)."""
    out = []
    for m in _TODO.finditer(data):
        rng = TextRange(m.start(), m.end())
        fix = Fix("Replace with DONE-CONVEX", "safe", (Edit(path, rng, "DONE-CONVEX"),))
        out.append(Diagnostic(path, rng, "test-rule", "TODO-CONVEX marker (test rule)", "warning", (fix,)))
    return out


def model_of(snap: Any, path: str) -> tuple[Any, str] | None:
    """(root, model key) of `path`, or None outside every Convex root. Analysis thread."""
    root = snap.root_for(path)
    return None if root is None else (root, snap.model_key(path))


def lint(session: Any, snap: Any, path: str, version: int | None, with_fixes: bool = False) -> list[types.Diagnostic]:
    """LSP diagnostics of `path` in `snap`. Analysis thread."""
    settings = session.file_settings(snap, path)
    data = snap.text(path)
    if data is None or not (settings.enable and settings.diagnostics_enable):
        return []
    lint_file = analysis_function("lint", "lint_file")
    found = list(lint_file(snap, path, settings=settings, with_fixes=with_fixes)) if lint_file else []
    if session.test_rule:
        found += _test_rule(path, data)
    lines, lines_for, enc = snap.line_index(path), session.lines_for(snap), session.encoding
    return [
        convert.to_diagnostic(
            d,
            lines,
            enc,
            docs_base_url=settings.docs_base_url,
            version=version,
            lines_for=lines_for,
            uri_for=session.uri_for,
        )
        for d in sorted(found, key=Diagnostic.sort_key)
    ]


# ----------------------------------------------------------------------------- push
def schedule(server: Any, uri: str, delay: float) -> None:
    session = server.session
    old = session.pending.pop(uri, None)
    if old is not None:
        old.cancel()
    session.pending[uri] = asyncio.ensure_future(_after_change(server, uri, delay))


async def _after_change(server: Any, uri: str, delay: float) -> None:
    session = server.session
    try:
        if delay > 0:
            await asyncio.sleep(delay)
        await session.wait_ready()
        if session.pull_diagnostics:
            await _check_model(server, uri)
        else:
            await publish(server, uri)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("diagnostics for %s failed", uri)
    finally:
        if session.pending.get(uri) is asyncio.current_task():
            del session.pending[uri]


async def publish(server: Any, uri: str) -> None:
    session = server.session
    doc = session.documents.get(uri)
    if doc is None:
        return
    version, snap = doc.version, session.host.snapshot()
    model = await session.run(model_of, snap, doc.path)
    items = await session.run(lint, session, snap, doc.path, version) if model else []
    if session.documents.get(uri) is not doc or doc.version != version:
        return  # stale: a newer change has its own task
    if model is None and uri not in session.published:
        return  # outside every Convex root: stay silent
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
    )
    (session.published.add if model else session.published.discard)(uri)
    if model and session.observe_model(*model):
        for other in list(session.documents.values()):
            if other.uri != uri and session.root_of(other.path) == model[0]:
                schedule(server, other.uri, 0)


def clear(server: Any, uri: str) -> None:
    """A document closed: stop its pending work and remove what we published."""
    session = server.session
    task = session.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    if uri in session.published:
        session.published.discard(uri)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def refresh_all(server: Any, delay: float = 0) -> None:
    """The inputs of every document may have changed (index done, settings, disk)."""
    session = server.session
    if session.pull_diagnostics:
        if session.supports("workspace.diagnostics.refresh_support"):
            server.workspace_diagnostic_refresh(None)
        return
    for uri in list(session.documents):
        schedule(server, uri, delay)


async def _check_model(server: Any, uri: str) -> None:
    session = server.session
    doc = session.documents.get(uri)
    if doc is None:
        return
    model = await session.run(model_of, session.host.snapshot(), doc.path)
    if model and session.observe_model(*model):
        refresh_all(server)


# ----------------------------------------------------------------------------- convex-lsp.toml
def publish_config_problems(server: Any, old: dict, new: dict) -> None:
    """Problems of each convex-lsp.toml as diagnostics on that file (cleared when they are gone)."""
    from convex_lsp.analysis.text import LineIndex
    from convex_lsp.server.loader import read_bytes

    session = server.session
    seen = set()
    for cfg_path, cfg in new.values():
        if cfg_path in seen:
            continue
        seen.add(cfg_path)
        data = read_bytes(cfg_path) or b""
        lines = LineIndex(data)
        diags = []
        for p in cfg.problems:
            start = lines.offset(p.line - 1, p.column - 1, "utf-32")
            end = lines.offset(p.line - 1, 10**6, "utf-32")
            (l1, c1), (l2, c2) = lines.position(start, session.encoding), lines.position(max(end, start), session.encoding)
            diags.append(types.Diagnostic(
                range=types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2)),
                message=p.message, severity=types.DiagnosticSeverity.Error, source="convex", code="invalid-config",
            ))
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=session.uri_for(cfg_path), diagnostics=diags))
    for cfg_path, _ in old.values():
        if cfg_path not in seen:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=session.uri_for(cfg_path), diagnostics=[]))
