"""Rename fixes for names the backend rejects: tables, indexes, fields, reserved-word exports,
duplicate cron jobs and duplicate exports.

Tables, indexes and functions are renamed with every use through the rename refactoring
(`navigation.rename`); fields only at their key (existing documents keep their data: migrating
them is the user's job); a duplicate (index, cron job, export) only at its second occurrence,
since the uses refer to the first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..diagnostics import Edit, Fix
from ..model import IndexDef, TableDef
from ..text import TextRange
from ._edit import fresh_name, make_fix

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _uses_suffix(ctx: "RuleContext", edits: list[Edit], at: TextRange) -> str:
    uses = sum(1 for e in edits if not (e.path == ctx.path and e.range.start <= at.end and e.range.end >= at.start))
    return f" and update {uses} use{'s' if uses != 1 else ''}" if uses else ""


def _rename_or_decl(ctx: "RuleContext", at: TextRange, new: str) -> list[Edit] | None:
    """The rename refactoring's edits for the name at `at` (inside quotes for strings)."""
    from ..navigation import rename

    edits = rename(ctx.snap, ctx.path, at.start, new)
    if isinstance(edits, str) or not edits:
        return None
    if not any(e.path == ctx.path and e.range.start <= at.start and at.end <= e.range.end for e in edits):
        return None  # the refactoring renamed something else
    return list(edits)


# ----------------------------------------------------------------------------- tables
def table_name_for(name: str) -> str | None:
    """`_audit` → `audit`; invalid characters become `_` (None when nothing valid is left)."""
    new = re.sub(r"[^A-Za-z0-9_]", "_", name).lstrip("_")
    if new and new[0].isdigit():
        new = "t_" + new
    return new if _IDENT.match(new) and new.strip("_") and len(new) <= 64 else None


def table_rename_fix(ctx: "RuleContext", rng: TextRange, name: str) -> Fix | None:
    base = table_name_for(name)
    if base is None:
        return None
    new = fresh_name(base, set(ctx.project.table_names()))
    at = ctx.range_inside_quotes(rng)
    edits = _rename_or_decl(ctx, at, new)
    if edits is None:
        return None
    return make_fix(ctx, f"Rename table to '{new}'{_uses_suffix(ctx, edits, at)}", edits, "unsafe")


# ----------------------------------------------------------------------------- indexes
def index_name_for(ix: IndexDef) -> str:
    """The conventional name of an index: `by_<field>_and_<field>`, `search_<field>`, `by_<vector field>`."""
    if ix.kind == "search" and ix.search_field:
        return "search_" + re.sub(r"\W", "_", ix.search_field)
    if ix.kind == "vector" and ix.vector_field:
        return "by_" + re.sub(r"\W", "_", ix.vector_field)
    fields = [re.sub(r"\W", "_", f.lstrip("_")) or "field" for f in ix.fields]
    return "by_" + "_and_".join(fields) if fields else "by_index"


def index_rename_fix(ctx: "RuleContext", t: TableDef, ix: IndexDef, at: TextRange) -> Fix | None:
    """Rename a reserved/invalid index name (`at`: the name inside its quotes) with its uses."""
    taken = {i.name for i in t.indexes} | {"by_id", "by_creation_time"}
    base = index_name_for(ix)
    if not _IDENT.match(base) or len(base) > 62:
        return None
    new = fresh_name(base, taken)
    edits = _rename_or_decl(ctx, at, new)
    if edits is None:
        edits = [Edit(ctx.path, at, new)]
    return make_fix(ctx, f"Rename index to '{new}'{_uses_suffix(ctx, edits, at)}", edits, "unsafe")


def duplicate_index_fix(ctx: "RuleContext", t: TableDef, name: str, at: TextRange) -> Fix | None:
    """Give the second definition of an index name a suffix (`by_x` → `by_x_2`)."""
    taken = {i.name for i in t.indexes}
    new = f"{name}_2"
    i = 2
    while new in taken:
        i += 1
        new = f"{name}_{i}"
    if len(new) > 64:
        return None
    return make_fix(ctx, f"Rename this index to '{new}'", [Edit(ctx.path, at, new)], "unsafe")


# ----------------------------------------------------------------------------- fields
def field_rename_fix(ctx: "RuleContext", key_range: TextRange, name: str, siblings: Iterable[str]) -> Fix | None:
    """`_role` / `$role` → `role` at the key only (the data is not migrated)."""
    base = name.lstrip("_$")
    if not base or not _IDENT.match(base):
        return None
    new = fresh_name(base, set(siblings))
    at = ctx.range_inside_quotes(key_range)
    return make_fix(ctx, f"Rename field to '{new}'", [Edit(ctx.path, at, new)], "unsafe")


# ----------------------------------------------------------------------------- exports
def export_rename_fix(ctx: "RuleContext", at: TextRange, new_base: str) -> Fix | None:
    """Rename an export (a reserved word) to `new_base` (made unique), with its `api.` uses."""
    iface = ctx.summary.interface
    taken = set(iface.exports) | set(_names_in_file(ctx))
    new = fresh_name(new_base, taken)
    edits = _rename_or_decl(ctx, at, new) or [Edit(ctx.path, at, new)]
    return make_fix(ctx, f"Rename to '{new}'{_uses_suffix(ctx, edits, at)}", edits, "unsafe")


def _names_in_file(ctx: "RuleContext") -> set[str]:
    from ._edit import identifiers

    return identifiers(ctx.root, ctx.data, ctx)


def duplicate_export_fix(ctx: "RuleContext", at: TextRange, name: str) -> Fix | None:
    """Rename the second export of `name`: `export { other as list }` → `export { other }` when
    `other` is free, else `list2`."""
    if name == "default":
        return None
    data = ctx.data
    node = ctx.root.descendant_for_byte_range(at.start, at.end)
    exports = set(ctx.summary.interface.exports)
    spec = node
    for _ in range(3):
        if spec is None or spec.type == "export_specifier":
            break
        spec = spec.parent
    if spec is not None and spec.type == "export_specifier":
        local = spec.child_by_field_name("name")
        alias = spec.child_by_field_name("alias")
        if local is not None and alias is not None:
            lname = data[local.start_byte : local.end_byte].decode("utf-8", "replace")
            if _IDENT.match(lname) and lname not in exports:
                edit = Edit(ctx.path, TextRange(spec.start_byte, spec.end_byte), lname)
                return make_fix(ctx, f"Export it as '{lname}'", [edit], "unsafe")
    if data[at.start : at.end].decode("utf-8", "replace") != name:
        return None
    new = fresh_name(name + "2", exports | _names_in_file(ctx))
    return make_fix(ctx, f"Rename this export to '{new}'", [Edit(ctx.path, at, new)], "unsafe")


# ----------------------------------------------------------------------------- crons
def next_cron_name(name: str, taken: set[str]) -> str:
    i = 2
    while f"{name} {i}" in taken:
        i += 1
    return f"{name} {i}"


def cron_rename_fix(ctx: "RuleContext", string_range: TextRange, new: str) -> Fix | None:
    """Rename the second registration of a cron name to `new` (`next_cron_name`: ` 2` appended)."""
    at = ctx.range_inside_quotes(string_range)
    quote = ctx.data[string_range.start : string_range.start + 1].decode()
    text = new.replace("\\", "\\\\").replace(quote, "\\" + quote) if quote in "\"'`" else new
    return make_fix(ctx, f"Rename to '{new}'", [Edit(ctx.path, at, text)], "unsafe")
