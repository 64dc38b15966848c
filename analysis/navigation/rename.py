"""Rename tables, indexes and functions across a Convex root (fields are refused: data migration)."""

from __future__ import annotations

import keyword
import re

from ..diagnostics import Edit
from ..model import BUILTIN_INDEXES
from ..text import TextRange
from .definition import target_references
from .resolve import Location, Target, content, declaration, last_segment, local_of, target_at

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_JS_RESERVED = frozenset(keyword.kwlist) | frozenset(
    "break case catch class const continue debugger default delete do else enum export extends false finally for "
    "function if import in instanceof new null return super switch this throw true try typeof var void while with "
    "yield let static implements interface package private protected public await".split()
)


def _renamable(tg: Target, offset: int) -> str | None:
    """Why the target cannot be renamed, or None."""
    if tg.kind == "field":
        return "Renaming fields is not supported (it needs a data migration)."
    if tg.kind == "table":
        if tg.table is None:
            return f"`{tg.name}` is not a table of the schema."
        if tg.table.source == "package" or tg.table.source.startswith("package:"):
            return f"Table `{tg.name}` is defined by a package."
    if tg.kind == "index":
        if tg.table is None or tg.index is None:
            return f"`{tg.name}` is not an index of a known table."
        if tg.index in BUILTIN_INDEXES:
            return f"`{tg.name}` is a built-in index."
        if not tg.table.file:
            return f"Index `{tg.name}` is defined by a package."
    if tg.kind == "function":
        fn = tg.function
        if fn is None:
            return f"`{tg.name}` is not a known Convex function."
        if fn.name == "default":
            return "A default export cannot be renamed."
        if not (tg.name_range.start <= offset <= tg.name_range.end):
            return "Only the function name (the last segment) can be renamed; module paths follow file names."
    return None


def _not_the_name(snap, path: str, tg: Target) -> str | None:
    """Why renaming from here would mislead: the word under the cursor is not the name that would
    change (`const msgTable = defineTable(…)` holds table `messages`; `helper` in
    `export { helper as list }` is exported as `list`). The editor shows that word as the one to
    rename, so the rename must start where the name itself is written."""
    data = snap.text(path) or b""
    word = data[tg.name_range.start : tg.name_range.end].decode("utf-8", "replace").strip("\"'`")
    name = tg.name.rsplit(".", 1)[-1] if tg.kind == "function" else tg.name
    if tg.kind == "function" and tg.function is not None:
        name = tg.function.name
    if word.rsplit(".", 1)[-1] == name:
        return None
    return f"`{word}` is not the name of {tg.kind} `{name}` (it only refers to it): rename `{name}` where it is written."


def prepare_rename(snap, path: str, offset: int) -> TextRange | None:
    tg = target_at(snap, path, offset)
    if tg is None or _renamable(tg, offset) is not None or _not_the_name(snap, path, tg) is not None:
        return None
    if tg.kind == "function" and local_of(snap.project_for(path), tg.function) == "destructure":
        return None
    return tg.name_range


def validate_name(kind: str, name: str) -> str | None:
    if not _IDENT.match(name) or set(name) == {"_"}:
        return f"`{name}` is not a valid identifier (ASCII letter or `_` first, then letters, digits, `_`)."
    if len(name) > 64:
        return f"`{name}` is longer than 64 characters."
    if kind in ("table", "index") and name.startswith("_"):
        return f"{kind.capitalize()} names must not start with `_`."
    if kind == "index" and name in ("by_id", "by_creation_time"):
        return f"`{name}` is a reserved index name."
    if kind == "function" and name in _JS_RESERVED:
        return f"`{name}` is a reserved word."
    return None


def rename(snap, path: str, offset: int, new_name: str) -> list[Edit] | str:
    tg = target_at(snap, path, offset)
    if tg is None:
        return "Nothing to rename here."
    why = _renamable(tg, offset) or _not_the_name(snap, path, tg)
    if why is not None:
        return why
    why = validate_name(tg.kind, new_name)
    if why is not None:
        return why
    model = snap.project_for(path)
    old = tg.name.rsplit(".", 1)[-1] if tg.kind == "function" else tg.name
    if new_name == old:
        return []
    if tg.kind == "table":
        if model.table(new_name) is not None:
            return f"Table `{new_name}` already exists."
    elif tg.kind == "index":
        if any(ix.name == new_name for ix in tg.table.indexes):  # type: ignore[union-attr]
            return f"Table `{tg.table.name}` already has an index `{new_name}`."  # type: ignore[union-attr]
    elif tg.kind == "function":
        fn = tg.function
        iface = model.interfaces.get(fn.file)  # type: ignore[union-attr]
        if iface is not None and new_name in iface.exports:
            return f"Module `{fn.module}` already exports `{new_name}`."  # type: ignore[union-attr]
        if local_of(model, fn) == "destructure":
            return "Functions created by destructuring a factory's result cannot be renamed."
    edits: list[Edit] = []
    decl = declaration(snap, model, tg)
    for loc in target_references(snap, path, tg, include_declaration=True):
        data = snap.text(loc.path) or b""
        is_decl = decl is not None and loc.path == decl.path and loc.range == decl.range
        edits.append(_rename_edit(model, tg, loc, data, new_name, is_decl))
    seen: set[tuple[str, int, int]] = set()
    out = []
    for e in edits:
        k = (e.path, e.range.start, e.range.end)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return sorted(out, key=lambda e: (e.path, e.range.start))


def _rename_edit(model, tg: Target, loc: Location, data: bytes, new_name: str, is_decl: bool) -> Edit:
    if tg.kind == "function":
        rng = last_segment(data, loc.range)
        if is_decl:
            local = local_of(model, tg.function)
            old = data[rng.start : rng.end].decode("utf-8", "replace")
            if local is not None and local == old and not _is_declarator(data, rng):
                return Edit(loc.path, rng, f"{old} as {new_name}")  # `export { list }` keeps the local name
        return Edit(loc.path, rng, new_name)
    rng = content(data, loc.range)
    if is_decl and tg.kind == "table" and data[loc.range.start : loc.range.start + 1] not in (b'"', b"'"):
        after = data[loc.range.end : loc.range.end + 64].lstrip()
        if not after.startswith(b":"):  # shorthand `{ posts }`: keep the value
            return Edit(loc.path, rng, f"{new_name}: {data[rng.start:rng.end].decode('utf-8', 'replace')}")
    return Edit(loc.path, rng, new_name)


def _is_declarator(data: bytes, rng: TextRange) -> bool:
    after = data[rng.end : rng.end + 64].lstrip()
    return after.startswith((b"=", b":"))
