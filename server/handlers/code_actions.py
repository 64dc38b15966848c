"""textDocument/codeAction: the fixes of each diagnostic (recomputed by
`convex_lsp.analysis.code_actions.diagnostic_fixes`, with snippet tab stops and "Disable <rule> for
this line"; the fixes carried in diagnostic `data` when the diagnostic is gone), `source.fixAll.convex`,
and the refactors `convex_lsp.analysis.code_actions.code_actions(snap, path, range, diagnostics_data, only)`
offers. Snippet edits become `SnippetTextEdit`s for clients with `workspaceEdit.snippetEditSupport`
and plain text otherwise."""

from __future__ import annotations

from typing import Any

from convex_lsp.analysis.diagnostics import Edit, Fix
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


def _fixes_from_diagnostics(session: Any, snap: Any, path: str, context: types.CodeActionContext, version: Any) -> list[tuple[Fix, Any]]:
    """(fix, diagnostic) pairs. Analysis thread."""
    fresh_fixes = analysis_function("code_actions", "diagnostic_fixes")
    lines = snap.line_index(path)
    out = []
    for d in context.diagnostics:
        data = d.data if isinstance(d.data, dict) else None
        if not data or d.source != "convex" or data.get("version", version) != version:
            continue  # not ours, or computed for an older text (byte offsets would be wrong)
        fresh = None
        if fresh_fixes is not None and lines is not None:
            rng = convert.from_range(lines, d.range, session.encoding)
            fresh = fresh_fixes(snap, path, rng, str(data.get("rule") or d.code or ""), d.message)
        if fresh is not None:
            out.extend((fix, d) for fix in fresh)
            continue
        raw_fixes = data.get("fixes")
        for raw in raw_fixes if isinstance(raw_fixes, list) else ():
            fix = convert.fix_from_data(raw)
            if fix is not None and _plausible(snap, path, fix):
                out.append((fix, d))
    return out


def _plausible(snap: Any, path: str, fix: Fix) -> bool:
    """A fix read back from a diagnostic's `data` (it comes from the client): only edits inside the
    document's own Convex root, to files the server has, with ranges inside their text."""
    root = snap.root_for(path)
    if root is None or fix.applicability not in ("safe", "unsafe", "display-only"):
        return False
    for e in fix.edits:
        text = snap.text(e.path)
        if text is None or snap.root_for(e.path) != root or not 0 <= e.range.start <= e.range.end <= len(text):
            return False
        if e.rename_to is not None and (snap.root_for(e.rename_to) != root or snap.text(e.rename_to) is not None):
            return False
    return True


def _edit_for(session: Any, snap: Any, fix: Fix) -> types.WorkspaceEdit:
    """The WorkspaceEdit of a fix: snippet edits as `SnippetTextEdit` when the client takes them."""
    doc_changes = session.supports("workspace.workspace_edit.document_changes")
    snippets = doc_changes and session.supports("workspace.workspace_edit.snippet_edit_support")
    edits = fix.edits
    if not snippets and any(e.snippet for e in edits):
        from convex_lsp.analysis.actions._edit import snippet_to_plain

        edits = tuple(Edit(e.path, e.range, snippet_to_plain(e.new_text)) if e.snippet else e for e in edits)
    lines_for = session.lines_for(snap)
    ws = convert.workspace_edit(edits, session.encoding, lines_for, versions=session.versions(), document_changes=doc_changes)
    if snippets and any(e.snippet for e in edits) and ws.document_changes:
        groups: dict[str, list[Edit]] = {}
        for e in edits:
            if lines_for(e.path) is not None:
                groups.setdefault(e.path, []).append(e)
        for change, group in zip(ws.document_changes, groups.values()):
            if isinstance(change, types.TextDocumentEdit):
                change.edits = [
                    types.SnippetTextEdit(range=te.range, snippet=types.StringValue(value=e.new_text)) if e.snippet else te
                    for te, e in zip(change.edits, group)
                ]
    return ws


def _fix_all(session: Any, snap: Any, path: str, version: Any) -> Fix | None:
    """Every Safe fix of the file's diagnostics that fits, as one edit (each fix whole or not at all)."""
    fixes = []
    for d in diagnostics.lint(session, snap, path, version, with_fixes=True):
        for raw in (d.data or {}).get("fixes") or ():
            fix = convert.fix_from_data(raw)
            if fix is not None:
                fixes.append(fix)
    from convex_lsp.analysis.code_actions import fix_all

    return fix_all(fixes)


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
        candidates = []
        if _wanted(types.CodeActionKind.QuickFix.value, only):
            candidates = await session.run_interactive(_fixes_from_diagnostics, session, snap, path, params.context, version)
        if _wanted(FIX_ALL, only):
            fix_all = await session.run_interactive(_fix_all, session, snap, path, version)
            candidates += [(fix_all, None)] if fix_all else []
        more = analysis_function("code_actions", "code_actions")
        if more is not None:
            rng = convert.from_range(snap.line_index(path), params.range, session.encoding)
            data = [d.data for d in params.context.diagnostics if d.source == "convex"]
            candidates += [(f, None) for f in await session.run_interactive(more, snap, path, rng, data, only) or ()]
        actions, seen = [], set()
        for fix, diag in candidates:
            key = (fix.title, fix.edits)
            if key in seen or not _wanted(_lsp_kind(fix), only):
                continue
            if convert.has_rename(fix) and not convert.supports_rename(session.client):
                continue  # a file rename the client cannot apply
            seen.add(key)
            edit = _edit_for(session, snap, fix)
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
