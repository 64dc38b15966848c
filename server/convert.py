"""The only place that converts between `convex_lsp.analysis` plain data and LSP types.

Positions: analysis ranges are byte offsets (`TextRange`); LSP positions are (line, character)
in the negotiated encoding. Every conversion takes the `LineIndex` of the exact text the range
refers to and the encoding ("utf-8" | "utf-16" | "utf-32", the *values* of PositionEncodingKind).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlparse

from convex_lsp.analysis.diagnostics import Diagnostic, Edit, Fix
from convex_lsp.analysis.text import Encoding, LineIndex, TextRange
from lsprotocol import types

LinesFor = Callable[[str], "LineIndex | None"]
UriFor = Callable[[str], str]

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
_TAGS = {"unnecessary": types.DiagnosticTag.Unnecessary, "deprecated": types.DiagnosticTag.Deprecated}


def encoding_of(kind: Any) -> Encoding:
    """Negotiated PositionEncodingKind (enum or plain string) → our encoding name, by VALUE."""
    value = getattr(kind, "value", kind)
    return value if value in ("utf-8", "utf-16", "utf-32") else "utf-16"


# ----------------------------------------------------------------------------- URIs
def uri_to_path(uri: str) -> str | None:
    """Absolute posix path of a `file:` URI, or None for other schemes (untitled:, git:, ...)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"
    return path or None


def path_to_uri(path: str) -> str:
    from pathlib import PurePosixPath

    return PurePosixPath(path).as_uri()


# ----------------------------------------------------------------------------- positions
def to_position(lines: LineIndex, offset: int, enc: Encoding) -> types.Position:
    line, character = lines.position(offset, enc)
    return types.Position(line=line, character=character)


def from_position(lines: LineIndex, pos: types.Position, enc: Encoding) -> int:
    return lines.offset(pos.line, pos.character, enc)


def to_range(lines: LineIndex, rng: TextRange, enc: Encoding) -> types.Range:
    return types.Range(start=to_position(lines, rng.start, enc), end=to_position(lines, rng.end, enc))


def from_range(lines: LineIndex, rng: types.Range, enc: Encoding) -> TextRange:
    start = from_position(lines, rng.start, enc)
    end = from_position(lines, rng.end, enc)
    return TextRange(min(start, end), max(start, end))


# ----------------------------------------------------------------------------- diagnostics
def fix_to_data(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "applicability": fix.applicability,
        "kind": fix.kind,
        "edits": [
            {"path": e.path, "start": e.range.start, "end": e.range.end, "newText": e.new_text}
            | ({"renameTo": e.rename_to} if e.rename_to is not None else {})
            for e in fix.edits
        ],
    }


def fix_from_data(data: Any) -> Fix | None:
    """Inverse of `fix_to_data`; None for anything malformed (data comes back from the client)."""
    try:
        edits = tuple(
            Edit(
                str(e["path"]),
                TextRange(int(e["start"]), int(e["end"])),
                str(e["newText"]),
                rename_to=str(e["renameTo"]) if e.get("renameTo") is not None else None,
            )
            for e in data["edits"]
        )
        return Fix(str(data["title"]), data.get("applicability", "unsafe"), edits, data.get("kind", "quickfix"))
    except (KeyError, TypeError, ValueError):
        return None


def to_diagnostic(
    d: Diagnostic,
    lines: LineIndex,
    enc: Encoding,
    *,
    docs_base_url: str = "",
    version: int | None = None,
    lines_for: LinesFor | None = None,
    uri_for: UriFor | None = None,
) -> types.Diagnostic:
    data: dict[str, Any] = {"rule": d.rule, "fixes": [fix_to_data(f) for f in d.fixes]}
    if version is not None:
        data["version"] = version  # fixes carry byte offsets valid for this version only
    related = []
    for path, rng, message in d.related:
        other = lines if path == d.path else (lines_for(path) if lines_for else None)
        if other is not None:
            loc = types.Location(uri=(uri_for or path_to_uri)(path), range=to_range(other, rng, enc))
            related.append(types.DiagnosticRelatedInformation(location=loc, message=message))
    return types.Diagnostic(
        range=to_range(lines, d.range, enc),
        message=d.message,
        severity=_SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning),
        code=d.rule,
        code_description=types.CodeDescription(href=f"{docs_base_url}{d.rule}.md") if docs_base_url else None,
        source="convex",
        tags=[_TAGS[t] for t in d.tags if t in _TAGS] or None,
        related_information=related or None,
        data=data,
    )


# ----------------------------------------------------------------------------- edits
def workspace_edit(
    edits: Iterable[Edit],
    enc: Encoding,
    lines_for: LinesFor,
    *,
    versions: Mapping[str, tuple[str, int | None]] | None = None,
    document_changes: bool = False,
) -> types.WorkspaceEdit:
    """Group `edits` by file. `versions`: path → (uri, version) of open documents.

    With `document_changes` (client capability `workspace.workspaceEdit.documentChanges`) the
    edit is a list of versioned `TextDocumentEdit`s, otherwise a `changes` map. An edit at (0, 0)
    of a file that neither the snapshot (`lines_for`) nor the disk has creates it: a `CreateFile`
    operation then its text, after the other files' edits (only with `document_changes`). An edit
    with `rename_to` becomes a `RenameFile` operation, last (only with `document_changes`; callers
    drop such fixes for clients without resource operations, see `supports_rename`).
    """
    versions = versions or {}
    by_path: dict[str, list[types.TextEdit]] = {}
    created: dict[str, list[types.TextEdit]] = {}  # files the edits create (not in the snapshot)
    renames: list[tuple[str, str]] = []
    for e in edits:
        if e.rename_to is not None:
            if (e.path, e.rename_to) not in renames:
                renames.append((e.path, e.rename_to))
            continue
        lines = lines_for(e.path)
        if lines is None:
            if document_changes and e.range == TextRange(0, 0) and not os.path.exists(e.path):
                start = types.Position(line=0, character=0)
                created.setdefault(e.path, []).append(types.TextEdit(range=types.Range(start=start, end=start), new_text=e.new_text))
            continue
        by_path.setdefault(e.path, []).append(types.TextEdit(range=to_range(lines, e.range, enc), new_text=e.new_text))
    if document_changes:
        changes: list[Any] = []
        for path, text_edits in by_path.items():
            uri, version = versions.get(path, (path_to_uri(path), None))
            ident = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
            changes.append(types.TextDocumentEdit(text_document=ident, edits=text_edits))
        # New files last (the edits of existing files keep their order): create, then fill.
        for path, text_edits in created.items():
            uri = path_to_uri(path)
            changes.append(types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)))
            ident = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None)
            changes.append(types.TextDocumentEdit(text_document=ident, edits=text_edits))
        # Renames after every text edit (those address the files by their current URIs).
        for old, new in renames:
            old_uri = versions.get(old, (path_to_uri(old), None))[0]
            options = types.RenameFileOptions(overwrite=False, ignore_if_exists=False)
            changes.append(types.RenameFile(old_uri=old_uri, new_uri=path_to_uri(new), options=options))
        return types.WorkspaceEdit(document_changes=changes)
    return types.WorkspaceEdit(
        changes={versions.get(path, (path_to_uri(path), None))[0]: te for path, te in by_path.items()}
    )


def supports_rename(client: Any) -> bool:
    """The client applies `RenameFile` operations: `workspace.workspaceEdit.documentChanges` and
    `resourceOperations` holding "rename" (capabilities object or plain mapping)."""
    ws_edit = _get(_get(client, "workspace"), "workspace_edit") if client is not None else None
    if ws_edit is None:
        return False
    ops = _get(ws_edit, "resource_operations") or ()
    return bool(_get(ws_edit, "document_changes")) and any(getattr(o, "value", o) == "rename" for o in ops)


def has_rename(fix: Fix) -> bool:
    return any(e.rename_to is not None for e in fix.edits)


# ----------------------------------------------------------------------------- other features
def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _enum(enum: Any, value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, enum):
        return value
    if isinstance(value, int):
        try:
            return enum(value)
        except ValueError:
            return default
    wanted = str(value).replace("_", "").replace("-", "").lower()
    for member in enum:
        if member.name.lower() == wanted:
            return member
    return default


def _markup(text: Any) -> types.MarkupContent | None:
    if not text:
        return None
    if isinstance(text, types.MarkupContent):
        return text
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=str(text))


_COMPLETION_KINDS = {
    "table": types.CompletionItemKind.Class,
    "index": types.CompletionItemKind.Property,
    "field": types.CompletionItemKind.Field,
    "function": types.CompletionItemKind.Function,
    "module": types.CompletionItemKind.Module,
    "validator": types.CompletionItemKind.Function,
    "snippet": types.CompletionItemKind.Snippet,
}


def to_completion_item(item: Any, lines: LineIndex, enc: Encoding, snippets: bool) -> types.CompletionItem | None:
    """A plain-data completion item (attributes or mapping: label, kind, detail, documentation,
    insert_text, snippet, range (TextRange to replace), sort_text, filter_text) → CompletionItem."""
    label = _get(item, "label")
    if not label:
        return None
    snippet = bool(_get(item, "snippet", False))
    if snippet and not snippets:
        return None
    text = _get(item, "insert_text") or _get(item, "new_text") or label
    rng = _get(item, "range")
    return types.CompletionItem(
        label=str(label),
        kind=_COMPLETION_KINDS.get(_get(item, "kind"))
        or _enum(types.CompletionItemKind, _get(item, "kind"), types.CompletionItemKind.Text),
        detail=_get(item, "detail") or None,
        documentation=_markup(_get(item, "documentation")),
        sort_text=_get(item, "sort_text"),
        filter_text=_get(item, "filter_text"),
        insert_text=None if rng is not None else text,
        text_edit=types.TextEdit(range=to_range(lines, rng, enc), new_text=text) if rng is not None else None,
        insert_text_format=types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText,
    )


def to_hover(result: Any, lines: LineIndex, enc: Encoding) -> types.Hover | None:
    """str | (markdown, TextRange) | object with `.markdown`/`.contents` and `.range` → Hover."""
    if not result:
        return None
    if isinstance(result, str):
        text, rng = result, None
    elif isinstance(result, tuple):
        text, rng = result[0], (result[1] if len(result) > 1 else None)
    else:
        text = _get(result, "markdown") or _get(result, "contents")
        rng = _get(result, "range")
    if not text:
        return None
    return types.Hover(contents=_markup(text), range=to_range(lines, rng, enc) if rng is not None else None)


def to_signature_help(sig: Any) -> types.SignatureHelp | None:
    """navigation.Signature (label, parameters as substrings of the label, active parameter,
    markdown documentation) → SignatureHelp with that one signature."""
    if sig is None:
        return None
    return types.SignatureHelp(
        signatures=[
            types.SignatureInformation(
                label=sig.label,
                documentation=_markup(sig.documentation),
                parameters=[types.ParameterInformation(label=p) for p in sig.parameters],
                active_parameter=sig.active_parameter,
            )
        ],
        active_signature=0,
        active_parameter=sig.active_parameter,
    )


def to_document_symbol(sym: Any, lines: LineIndex, enc: Encoding) -> types.DocumentSymbol | None:
    name, rng = _get(sym, "name"), _get(sym, "range")
    if not name or rng is None:
        return None
    sel = _get(sym, "selection_range") or rng
    children = [c for c in (to_document_symbol(ch, lines, enc) for ch in _get(sym, "children", ()) or ()) if c]
    return types.DocumentSymbol(
        name=str(name),
        kind=_enum(types.SymbolKind, _get(sym, "kind"), types.SymbolKind.Variable),
        range=to_range(lines, rng, enc),
        selection_range=to_range(lines, sel, enc),
        detail=_get(sym, "detail"),
        children=children or None,
    )


def to_location(
    path: str, rng: TextRange, lines_for: LinesFor, enc: Encoding, uri_for: UriFor | None = None
) -> types.Location | None:
    lines = lines_for(path)
    if lines is None:
        return None
    return types.Location(uri=(uri_for or path_to_uri)(path), range=to_range(lines, rng, enc))


def to_workspace_symbol(
    sym: Any, lines_for: LinesFor, enc: Encoding, uri_for: UriFor | None = None
) -> types.WorkspaceSymbol | None:
    name, path, rng = _get(sym, "name"), _get(sym, "path"), _get(sym, "range")
    loc = to_location(path, rng, lines_for, enc, uri_for) if path and rng is not None else None
    if not name or loc is None:
        return None
    return types.WorkspaceSymbol(
        name=str(name),
        kind=_enum(types.SymbolKind, _get(sym, "kind"), types.SymbolKind.Variable),
        location=loc,
        container_name=_get(sym, "container_name") or _get(sym, "container"),
    )
