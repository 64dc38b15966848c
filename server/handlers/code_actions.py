"""textDocument/codeAction: fixes carried in diagnostic `data`, `source.fixAll.convex`, and whatever
`convex_lsp.analysis.code_actions.code_actions(snap, path, range, diagnostics_data, only)` offers."""

from __future__ import annotations

from typing import Any

from convex_lsp.analysis.diagnostics import Fix
from lsprotocol import types

from .. import convert
from . import diagnostics
from .common import analysis_function, guarded, locate

FIX_ALL = "source.fixAll.convex"
KINDS = [
    types.CodeActionKind.QuickFix,
    types.CodeActionKind.RefactorRewrite,
    types.CodeActionKind.SourceFixAll,
    FIX_ALL,
]


def _lsp_kind(fix: Fix) -> str:
    return FIX_ALL if fix.kind == "source.fixAll" else fix.kind


def _wanted(kind: str, only: list[Any] | None) -> bool:
    """LSP kind matching: `only` entries are prefixes ("source" matches "source.fixAll.convex").
    Without `only`, source actions are not offered (clients ask for them explicitly)."""
    if not only:
        return not kind.startswith("source")
    values = [getattr(o, "value", o) for o in only]
    return any(kind == o or kind.startswith(o + ".") for o in values)


def _fixes_from_diagnostics(context: types.CodeActionContext, version: Any) -> list[tuple[Fix, Any]]:
    out = []
    for d in context.diagnostics:
        data = d.data if isinstance(d.data, dict) else None
        if not data or d.source != "convex" or data.get("version", version) != version:
            continue  # not ours, or computed for an older text (byte offsets would be wrong)
        for raw in data.get("fixes") or ():
            fix = convert.fix_from_data(raw)
            if fix is not None:
                out.append((fix, d))
    return out


def _fix_all(session: Any, snap: Any, path: str, version: Any) -> Fix | None:
    """Every Safe fix of the file's diagnostics, as one edit (overlapping edits: first wins)."""
    edits: list[Any] = []
    for d in diagnostics.lint(session, snap, path, version):
        for raw in (d.data or {}).get("fixes") or ():
            fix = convert.fix_from_data(raw)
            if fix is not None and fix.applicability == "safe":
                edits.extend(fix.edits)
    chosen: list[Any] = []
    for e in sorted(edits, key=lambda e: (e.path, e.range.start, e.range.end)):
        if not chosen or chosen[-1].path != e.path or e.range.start >= chosen[-1].range.end:
            chosen.append(e)
    return Fix("Fix all auto-fixable Convex problems", "safe", tuple(chosen), "source.fixAll") if chosen else None


def register(server: Any) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=KINDS))
    @guarded(list)
    async def code_action(params: types.CodeActionParams) -> Any:
        found = await locate(session, params.text_document.uri)
        if found is None:
            return []
        snap, path, _ = found
        doc = session.documents.get(params.text_document.uri)
        version = doc.version if doc else None
        only = params.context.only
        candidates = _fixes_from_diagnostics(params.context, version)
        if _wanted(FIX_ALL, only):
            fix_all = await session.run(_fix_all, session, snap, path, version)
            candidates += [(fix_all, None)] if fix_all else []
        more = analysis_function("code_actions", "code_actions")
        if more is not None:
            rng = convert.from_range(snap.line_index(path), params.range, session.encoding)
            data = [d.data for d in params.context.diagnostics if d.source == "convex"]
            candidates += [(f, None) for f in await session.run(more, snap, path, rng, data, only) or ()]
        actions, seen = [], set()
        doc_changes = session.supports("workspace.workspace_edit.document_changes")
        for fix, diag in candidates:
            key = (fix.title, fix.edits)
            if key in seen or not _wanted(_lsp_kind(fix), only):
                continue
            seen.add(key)
            edit = convert.workspace_edit(
                fix.edits,
                session.encoding,
                session.lines_for(snap),
                versions=session.versions(),
                document_changes=doc_changes,
            )
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=_lsp_kind(fix),
                    diagnostics=[diag] if diag is not None else None,
                    edit=edit,
                    is_preferred=(fix.applicability == "safe" and fix.kind == "quickfix") or None,
                )
            )
        return actions
