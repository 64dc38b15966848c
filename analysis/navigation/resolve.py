"""What the cursor is on (`Target`), and where tables, indexes, fields and functions are declared.

Identity of a target:
  table     a table-name string (use) or a schema key / table const (location)
  index     an index-name string of a known table, or its `.index("…")` declaration
  field     a field string or key of a known table (a dotted path for nested fields)
  function  an `api.…`/`internal.…` reference, or the export that registers the function
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import FunctionDef, IndexDef, TableDef, Use
from ..text import TextRange
from .facts import SYSTEM_FIELDS

_SCHEMA_FIELD_CONTEXTS = ("index-fields", "searchField", "vectorField")
_LAST_SEG = re.compile(rb"([A-Za-z_$][A-Za-z0-9_$]*)\s*$")


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    range: TextRange

    def __iter__(self):  # unpacks as (path, range)
        return iter((self.path, self.range))


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # table | index | field | function
    name: str  # table name, index name, field path, or api path
    range: TextRange  # the string/reference at the cursor
    name_range: TextRange  # what a rename replaces at the cursor
    table: TableDef | None = None
    index: IndexDef | None = None
    function: FunctionDef | None = None
    declaration: bool = False


# --------------------------------------------------------------------------- lookups


def table_by_anchor(model, file: str, anchor: str) -> TableDef | None:
    for t in model.tables:
        if t.file == file and t.anchor == anchor:
            return t
    if model.schema is not None and file == model.schema.file:
        return model.table(anchor)
    return None


def use_table(model, file: str, u: Use) -> TableDef | None:
    if u.table is None:
        return None
    if u.context in _SCHEMA_FIELD_CONTEXTS:
        return table_by_anchor(model, file, u.table)
    return model.table(u.table)


def local_of(model, fn: FunctionDef) -> str | None:
    """The local name an exported function is bound to (`"destructure"` for a factory's result)."""
    iface = model.interfaces.get(fn.file)
    if iface is None:
        return None
    for ef in iface.functions:
        if ef.name == fn.name:
            return ef.local
    return None


def functions_under(model, ref: str) -> list[FunctionDef]:
    """Functions whose reference starts with `ref.` (a module or directory reference)."""
    return [f for f in model.functions if f.api_path.startswith(ref + ".")] if model is not None else []


def content(data: bytes, rng: TextRange) -> TextRange:
    """The range inside the quotes of a string literal range (unchanged for identifiers)."""
    s, e = rng.start, rng.end
    if e > s and data[s : s + 1] in (b'"', b"'", b"`"):
        q = data[s : s + 1]
        s += 1
        if e > s and data[e - 1 : e] == q:
            e -= 1
    return TextRange(s, e)


def last_segment(data: bytes, rng: TextRange) -> TextRange:
    m = _LAST_SEG.search(data, rng.start, rng.end)
    return TextRange(m.start(1), m.end(1)) if m else rng


# --------------------------------------------------------------------------- what is at the cursor


def target_at(snap, path: str, offset: int) -> Target | None:
    if snap.root_for(path) is None:
        return None
    summary = snap.summary(path)
    model = snap.project_for(path)
    data = snap.text(path)
    if summary is None or model is None or data is None:
        return None
    best: Use | None = None
    for u in summary.uses:
        if u.range.start <= offset <= u.range.end and (best is None or len(u.range) < len(best.range)):
            best = u
    if best is not None:
        return _use_target(model, path, data, best)
    loc = None
    for lc in summary.locations:
        if lc.range.start <= offset <= lc.range.end and lc.key[0] in ("table", "field", "index", "export", "binding"):
            if loc is None or len(lc.range) < len(loc.range):
                loc = lc
    if loc is None:
        return None
    return _location_target(model, path, data, loc.key, loc.range)


def _use_target(model, path: str, data: bytes, u: Use) -> Target | None:
    inner = content(data, u.range)
    if u.kind == "table":
        return Target("table", u.name, u.range, inner, table=model.table(u.name))
    if u.kind == "index":
        t = model.table(u.table) if u.table else None
        ix = t.index(u.name) if t is not None else None
        return Target("index", u.name, u.range, inner, table=t, index=ix)
    if u.kind == "field":
        t = use_table(model, path, u)
        return Target("field", u.name, u.range, inner, table=t)
    if u.kind == "function":
        fn = model.function(u.name)
        return Target("function", u.name, u.range, last_segment(data, u.range), function=fn)
    return None


def _location_target(model, path: str, data: bytes, key: tuple[str, ...], rng: TextRange) -> Target | None:
    inner = content(data, rng)
    kind = key[0]
    if kind == "table":
        t = table_by_anchor(model, path, key[1])
        if t is None:
            return None
        return Target("table", t.name, rng, inner, table=t, declaration=True)
    if kind in ("field", "index") and len(key) == 3:
        t = table_by_anchor(model, path, key[1])
        if t is None:
            return None
        if kind == "field":
            return Target("field", key[2], rng, inner, table=t, declaration=True)
        return Target("index", key[2], rng, inner, table=t, index=t.index(key[2]), declaration=True)
    name = key[1]
    for fn in model.functions:
        if fn.file == path and (fn.name == name or local_of(model, fn) == name):
            return Target("function", fn.api_path, rng, inner, function=fn, declaration=True)
    if kind == "binding":
        for t in model.tables:
            if t.file == path and t.anchor == name:
                return Target("table", t.name, rng, inner, table=t, declaration=True)
    return None


# --------------------------------------------------------------------------- declarations


def table_declaration(snap, model, t: TableDef) -> Location | None:
    if model.schema is not None:
        s = snap.summary(model.schema.file)
        r = s.locate("table", t.name) if s is not None else None
        if r is not None:
            return Location(model.schema.file, r)
    if t.file:
        s = snap.summary(t.file)
        if s is not None:
            r = s.locate("table", t.anchor) or s.locate("binding", t.anchor)
            if r is not None:
                return Location(t.file, r)
    return None


def index_declaration(snap, t: TableDef, name: str) -> Location | None:
    if not t.file:
        return None
    s = snap.summary(t.file)
    r = s.locate("index", t.anchor, name) if s is not None else None
    return Location(t.file, r) if r is not None else None


def field_declaration(snap, t: TableDef, path: str) -> Location | None:
    if not t.file or path in SYSTEM_FIELDS:
        return None
    s = snap.summary(t.file)
    if s is None:
        return None
    # the nested field itself when its declaration is known (`meta.pinned`), else its top-level field
    r = s.locate("field", t.anchor, path) or s.locate("field", t.anchor, path.split(".")[0])
    return Location(t.file, r) if r is not None else None


def function_declaration(snap, fn: FunctionDef) -> Location | None:
    s = snap.summary(fn.file)
    if s is None:
        return None
    r = s.locate("export", fn.name) or s.locate("binding", fn.name)
    return Location(fn.file, r) if r is not None else None


def declaration(snap, model, tg: Target) -> Location | None:
    """Where the target is declared (None for unknown names, system fields and package tables' members)."""
    if tg.kind == "table" and tg.table is not None:
        return table_declaration(snap, model, tg.table)
    if tg.kind == "index" and tg.table is not None and tg.index is not None:
        return index_declaration(snap, tg.table, tg.name)
    if tg.kind == "field" and tg.table is not None:
        return field_declaration(snap, tg.table, tg.name)
    if tg.kind == "function" and tg.function is not None:
        return function_declaration(snap, tg.function)
    return None
