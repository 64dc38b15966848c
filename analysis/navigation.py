"""Hover, go to definition, find references, rename and symbols: plain data from a snapshot.

Everything here reads the per-file `FileSummary` (its `uses` and `locations`) and the project
model; nothing walks a syntax tree except to widen a symbol's range to its whole declaration.
Outside every Convex root each function returns nothing.

Identity of what the cursor is on (`Target`):
  table     a table-name string (use) or a schema key / table const (location)
  index     an index-name string of a known table, or its `.index("…")` declaration
  field     a field string or key of a known table (a dotted path for nested fields)
  function  an `api.…`/`internal.…` reference, or the export that registers the function
"""

from __future__ import annotations

import keyword
import posixpath
import re
from dataclasses import dataclass

from .diagnostics import Edit
from .model import BUILTIN_INDEXES, FunctionDef, IndexDef, TableDef, Use, Validator
from .text import TextRange

# --------------------------------------------------------------------------- plain data out


@dataclass(frozen=True, slots=True)
class Hover:
    markdown: str
    range: TextRange


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    range: TextRange

    def __iter__(self):  # unpacks as (path, range)
        return iter((self.path, self.range))


@dataclass(frozen=True, slots=True)
class Symbol:
    name: str
    kind: str  # LSP SymbolKind name: struct | field | key | function | method | event | module
    range: TextRange
    selection_range: TextRange
    children: tuple["Symbol", ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class WorkspaceSymbol:
    name: str
    kind: str
    path: str
    range: TextRange
    container_name: str = ""


# --------------------------------------------------------------------------- facts about Convex

SYSTEM_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "_storage": (("sha256", "v.string()"), ("size", "v.number()"), ("contentType", "v.optional(v.string())")),
    "_scheduled_functions": (
        ("name", "v.string()"), ("args", "v.array(v.any())"), ("scheduledTime", "v.number()"),
        ("completedTime", "v.optional(v.number())"),
        ("state", 'v.object({ kind: "pending" | "inProgress" | "success" | "failed" | "canceled" })'),
    ),
}
SYSTEM_FIELDS = ("_id", "_creationTime")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_JS_RESERVED = frozenset(keyword.kwlist) | frozenset(
    "break case catch class const continue debugger default delete do else enum export extends false finally for "
    "function if import in instanceof new null return super switch this throw true try typeof var void while with "
    "yield let static implements interface package private protected public await".split()
)
_SCHEMA_FIELD_CONTEXTS = ("index-fields", "searchField", "vectorField")


def field_validator(table: TableDef, path: str) -> Validator | None:
    """The validator of a field path (`a`, `a.b`, `_id`, `_creationTime`) of a table."""
    if path == "_id":
        return Validator("id", table=table.name, builder="id")
    if path == "_creationTime":
        return Validator("number", builder="number")
    cur: Validator | None = table.document
    for seg in path.split("."):
        cur = _member(cur, seg) if cur is not None else None
        if cur is None:
            return None
    return cur


def _member(v: Validator, name: str) -> Validator | None:
    if v.kind == "object":
        return v.field(name)
    if v.kind == "union":
        for m in v.items:
            r = _member(m, name)
            if r is not None:
                return r
    return None


def field_paths(v: Validator, prefix: str = "", depth: int = 0) -> list[tuple[str, Validator]]:
    """Every field path of a document validator, parents before their nested fields."""
    out: list[tuple[str, Validator]] = []
    if depth > 6:
        return out
    if v.kind == "union":
        seen: set[str] = set()
        for m in v.items:
            for p, fv in field_paths(m, prefix, depth):
                if p not in seen:
                    seen.add(p)
                    out.append((p, fv))
        return out
    if v.kind != "object":
        return out
    for f in v.fields:
        if f.name.startswith("..."):
            continue
        p = f"{prefix}{f.name}"
        out.append((p, f.validator))
        inner = f.validator
        if inner.kind in ("object", "union"):
            out.extend(field_paths(inner, p + ".", depth + 1))
    return out


# --------------------------------------------------------------------------- markdown


def _rel(snap, path: str) -> str:
    r = snap.root_for(path) if path else None
    if r is not None and path.startswith(r.root.rstrip("/") + "/"):
        return path[len(r.root.rstrip("/")) + 1 :]
    return posixpath.basename(path) if path else ""


def index_summary(ix: IndexDef) -> str:
    if ix.kind == "search":
        s = f"search on `{ix.search_field}`"
        if ix.filter_fields:
            s += ", filters " + ", ".join(f"`{f}`" for f in ix.filter_fields)
    elif ix.kind == "vector":
        s = f"vector on `{ix.vector_field}`" + (f" ({ix.dimensions} dimensions)" if ix.dimensions else "")
        if ix.filter_fields:
            s += ", filters " + ", ".join(f"`{f}`" for f in ix.filter_fields)
    else:
        fields = list(ix.fields)
        if ix not in BUILTIN_INDEXES:
            fields.append("_creationTime")
        s = "(" + ", ".join(fields) + ")"
    return s + (" — *staged, not queryable yet*" if ix.staged else "")


def table_markdown(t: TableDef, snap=None) -> str:
    lines = [f"**table** `{t.name}`", "", "```ts"]
    if t.document.kind == "object":
        lines.append(f"{t.name}: defineTable({{")
        lines += [f"  {f.name}: {f.validator.render()}," for f in t.document.fields]
        lines.append("})")
    else:
        lines.append(f"{t.name}: defineTable({t.document.render()})")
    lines.append("```")
    if t.indexes:
        lines += ["", "Indexes:"]
        lines += [f"- `{ix.name}` {index_summary(ix)}" for ix in t.indexes]
    lines += ["", "System fields `_id`, `_creationTime`; built-in indexes `by_id`, `by_creation_time`."]
    if t.source.startswith("package:") or t.source == "package":
        lines += ["", "Defined by a package."]
    elif snap is not None and t.file:
        lines += ["", f"Defined in `{_rel(snap, t.file)}`."]
    return "\n".join(lines)


def system_table_markdown(name: str) -> str:
    fields = SYSTEM_TABLES.get(name, ())
    lines = [f"**system table** `{name}` (read through `ctx.db.system`)", "", "```ts", "{"]
    lines += [f"  {n}: {v}," for n, v in fields]
    lines += ["}", "```"]
    return "\n".join(lines)


def index_markdown(t: TableDef, ix: IndexDef) -> str:
    kind = {"db": "index", "search": "search index", "vector": "vector index"}[ix.kind]
    builtin = " (built-in)" if ix in BUILTIN_INDEXES else ""
    return f"**{kind}** `{ix.name}` on `{t.name}`{builtin}\n\n{index_summary(ix)}"


def field_markdown(t: TableDef, path: str, v: Validator | None) -> str:
    rendered = v.render() if v is not None else "unknown"
    sys_note = "\n\nSystem field." if path in SYSTEM_FIELDS else ""
    return f"**field** `{t.name}.{path}`\n\n```ts\n{path}: {rendered}\n```{sys_note}"


def _render_args(v: Validator | None) -> str:
    if v is None:
        return "(no validator)"
    if v.kind == "object":
        if not v.fields:
            return "{}"
        return "{ " + ", ".join(f"{f.name}: {f.validator.render()}" for f in v.fields) + " }"
    return v.render()


def function_markdown(fn: FunctionDef, snap=None) -> str:
    lines = [f"**{fn.kind}** `{fn.api_path}` — {fn.visibility}", "", "```ts"]
    lines.append(f"args: {_render_args(fn.args)}")
    lines.append(f"returns: {fn.returns.render() if fn.returns is not None else '(no validator)'}")
    lines.append("```")
    where = _rel(snap, fn.file) if snap is not None else fn.file
    lines += ["", f"Module `{fn.module}`, export `{fn.name}` in `{where}`"
              + (" (Node.js runtime)." if fn.runtime == "node" else ".")]
    if fn.builder:
        lines.append(f"Built with `{fn.builder}`" + (" (performs an auth check)." if fn.auth_builder else "."))
    return "\n".join(lines)


# --------------------------------------------------------------------------- what is at the cursor


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


def _content(data: bytes, rng: TextRange) -> TextRange:
    """The range inside the quotes of a string literal range (unchanged for identifiers)."""
    s, e = rng.start, rng.end
    if e > s and data[s : s + 1] in (b'"', b"'", b"`"):
        q = data[s : s + 1]
        s += 1
        if e > s and data[e - 1 : e] == q:
            e -= 1
    return TextRange(s, e)


_LAST_SEG = re.compile(rb"([A-Za-z_$][A-Za-z0-9_$]*)\s*$")


def _last_segment(data: bytes, rng: TextRange) -> TextRange:
    m = _LAST_SEG.search(data, rng.start, rng.end)
    return TextRange(m.start(1), m.end(1)) if m else rng


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
    content = _content(data, u.range)
    if u.kind == "table":
        return Target("table", u.name, u.range, content, table=model.table(u.name))
    if u.kind == "index":
        t = model.table(u.table) if u.table else None
        ix = t.index(u.name) if t is not None else None
        return Target("index", u.name, u.range, content, table=t, index=ix)
    if u.kind == "field":
        t = use_table(model, path, u)
        return Target("field", u.name, u.range, content, table=t)
    if u.kind == "function":
        fn = model.function(u.name)
        return Target("function", u.name, u.range, _last_segment(data, u.range), function=fn)
    return None


def _location_target(model, path: str, data: bytes, key: tuple[str, ...], rng: TextRange) -> Target | None:
    content = _content(data, rng)
    kind = key[0]
    if kind == "table":
        t = table_by_anchor(model, path, key[1])
        if t is None:
            return None
        return Target("table", t.name, rng, content, table=t, declaration=True)
    if kind in ("field", "index") and len(key) == 3:
        t = table_by_anchor(model, path, key[1])
        if t is None:
            return None
        if kind == "field":
            return Target("field", key[2], rng, content, table=t, declaration=True)
        return Target("index", key[2], rng, content, table=t, index=t.index(key[2]), declaration=True)
    name = key[1]
    for fn in model.functions:
        if fn.file == path and (fn.name == name or _local_of(model, fn) == name):
            return Target("function", fn.api_path, rng, content, function=fn, declaration=True)
    if kind == "binding":
        for t in model.tables:
            if t.file == path and t.anchor == name:
                return Target("table", t.name, rng, content, table=t, declaration=True)
    return None


def _local_of(model, fn: FunctionDef) -> str | None:
    iface = model.interfaces.get(fn.file)
    if iface is None:
        return None
    for ef in iface.functions:
        if ef.name == fn.name:
            return ef.local
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
    r = s.locate("field", t.anchor, path.split(".")[0]) if s is not None else None
    return Location(t.file, r) if r is not None else None


def function_declaration(snap, fn: FunctionDef) -> Location | None:
    s = snap.summary(fn.file)
    if s is None:
        return None
    r = s.locate("export", fn.name) or s.locate("binding", fn.name)
    return Location(fn.file, r) if r is not None else None


def _declaration(snap, model, tg: Target) -> Location | None:
    if tg.kind == "table" and tg.table is not None:
        return table_declaration(snap, model, tg.table)
    if tg.kind == "index" and tg.table is not None and tg.index is not None:
        return index_declaration(snap, tg.table, tg.name)
    if tg.kind == "field" and tg.table is not None:
        return field_declaration(snap, tg.table, tg.name)
    if tg.kind == "function" and tg.function is not None:
        return function_declaration(snap, tg.function)
    return None


# --------------------------------------------------------------------------- features


def hover(snap, path: str, offset: int) -> Hover | None:
    tg = target_at(snap, path, offset)
    if tg is None:
        return None
    md = None
    if tg.kind == "table":
        if tg.table is not None:
            md = table_markdown(tg.table, snap)
        elif tg.name in SYSTEM_TABLES:
            md = system_table_markdown(tg.name)
        else:
            md = f"**table** `{tg.name}` — not defined in the schema"
    elif tg.kind == "index" and tg.table is not None:
        md = index_markdown(tg.table, tg.index) if tg.index is not None else f"**index** `{tg.name}` — not defined on `{tg.table.name}`"
    elif tg.kind == "field" and tg.table is not None:
        md = field_markdown(tg.table, tg.name, field_validator(tg.table, tg.name))
    elif tg.kind == "function":
        if tg.function is not None:
            md = function_markdown(tg.function, snap)
        else:
            inside = _functions_under(snap.project_for(path), tg.name)
            md = (f"**module** `{tg.name}`\n\n" + "\n".join(f"- `{f.api_path}` ({f.kind})" for f in inside[:20])
                  if inside else f"`{tg.name}` — no such Convex function")
    return Hover(md, tg.range) if md else None


def _functions_under(model, ref: str) -> list[FunctionDef]:
    """Functions whose reference starts with `ref.` (a module or directory reference)."""
    return [f for f in model.functions if f.api_path.startswith(ref + ".")] if model is not None else []


def definition(snap, path: str, offset: int) -> list[Location]:
    tg = target_at(snap, path, offset)
    if tg is None:
        return []
    model = snap.project_for(path)
    loc = _declaration(snap, model, tg)
    if loc is None and tg.kind == "function" and tg.function is None:
        # `api.messages` (a module reference): the module file itself
        files = sorted({f.file for f in _functions_under(model, tg.name)
                        if f.api_path.count(".") == tg.name.count(".") + 1})
        return [Location(f, TextRange(0, 0)) for f in files]
    return [loc] if loc is not None else []


_TYPE_REF = r"""\b(?:Id|Doc)\s*<\s*(["'])({name})\1\s*>"""


def _root_files(snap, path: str) -> list[str]:
    root = snap.root_for(path)
    if root is None:
        return []
    return sorted(p for p in snap.files_in(root) if "/_generated/" not in p and not p.endswith(".d.ts"))


def _references(snap, path: str, tg: Target, include_declaration: bool, type_refs: bool = True) -> list[Location]:
    model = snap.project_for(path)
    out: list[Location] = []
    if include_declaration:
        d = _declaration(snap, model, tg)
        if d is not None:
            out.append(d)
    table_name = tg.table.name if tg.table is not None else (tg.name if tg.kind == "table" else None)
    pattern = re.compile(_TYPE_REF.format(name=re.escape(tg.name)).encode()) if tg.kind == "table" and type_refs else None
    for f in _root_files(snap, path):
        s = snap.summary(f)
        if s is None:
            continue
        for u in s.uses:
            if u.kind != tg.kind:
                continue
            if tg.kind == "table" and u.name == tg.name:
                out.append(Location(f, u.range))
            elif tg.kind == "index" and u.name == tg.name and u.table == table_name:
                out.append(Location(f, u.range))
            elif tg.kind == "field" and (u.name == tg.name or u.name.startswith(tg.name + ".")):
                t = use_table(model, f, u)
                if t is not None and t.name == table_name:
                    out.append(Location(f, u.range))
            elif tg.kind == "function" and u.name == tg.name:
                out.append(Location(f, u.range))
        if pattern is not None:
            data = snap.text(f) or b""
            if tg.name.encode() in data:
                for m in pattern.finditer(data):
                    out.append(Location(f, TextRange(m.start(1), m.end(2) + 1)))
    seen: set[tuple[str, int, int]] = set()
    uniq = []
    for loc in out:
        k = (loc.path, loc.range.start, loc.range.end)
        if k not in seen:
            seen.add(k)
            uniq.append(loc)
    return uniq


def references(snap, path: str, offset: int, include_declaration: bool = True) -> list[Location]:
    tg = target_at(snap, path, offset)
    if tg is None:
        return []
    if tg.kind in ("index", "field") and tg.table is None:
        return []
    return _references(snap, path, tg, include_declaration)


# --------------------------------------------------------------------------- rename


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


def prepare_rename(snap, path: str, offset: int) -> TextRange | None:
    tg = target_at(snap, path, offset)
    if tg is None or _renamable(tg, offset) is not None:
        return None
    if tg.kind == "function" and _local_of(snap.project_for(path), tg.function) == "destructure":
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
    why = _renamable(tg, offset)
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
        if _local_of(model, fn) == "destructure":
            return "Functions created by destructuring a factory's result cannot be renamed."
    edits: list[Edit] = []
    decl = _declaration(snap, model, tg)
    for loc in _references(snap, path, tg, include_declaration=True):
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
        rng = _last_segment(data, loc.range)
        if is_decl:
            local = _local_of(model, tg.function)
            old = data[rng.start : rng.end].decode("utf-8", "replace")
            if local is not None and local == old and not _is_declarator(data, rng):
                return Edit(loc.path, rng, f"{old} as {new_name}")  # `export { list }` keeps the local name
        return Edit(loc.path, rng, new_name)
    rng = _content(data, loc.range)
    if is_decl and tg.kind == "table" and data[loc.range.start : loc.range.start + 1] not in (b'"', b"'"):
        after = data[loc.range.end : loc.range.end + 64].lstrip()
        if not after.startswith(b":"):  # shorthand `{ posts }`: keep the value
            return Edit(loc.path, rng, f"{new_name}: {data[rng.start:rng.end].decode('utf-8', 'replace')}")
    return Edit(loc.path, rng, new_name)


def _is_declarator(data: bytes, rng: TextRange) -> bool:
    after = data[rng.end : rng.end + 64].lstrip()
    return after.startswith((b"=", b":"))


# --------------------------------------------------------------------------- symbols


def _widen(tree, rng: TextRange, types: tuple[str, ...]) -> TextRange:
    if tree is None:
        return rng
    try:
        node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
        for _ in range(12):
            if node is None:
                break
            if node.type in types:
                return TextRange(node.start_byte, node.end_byte)
            node = node.parent
    except Exception:  # noqa: BLE001
        pass
    return rng


def _index_call(tree, rng: TextRange) -> TextRange:
    """`.index("name", [...])` around an index-name string (not the whole `defineTable(...)` chain)."""
    if tree is None:
        return rng
    try:
        node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
        args = node.parent if node is not None else None
        call = args.parent if args is not None and args.type == "arguments" else None
        fn = call.child_by_field_name("function") if call is not None else None
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is not None:
            dot = prop.prev_sibling
            start = dot.start_byte if dot is not None and dot.type in (".", "?.") else prop.start_byte
            return TextRange(start, call.end_byte)
    except Exception:  # noqa: BLE001
        pass
    return rng


def _stmt_range(tree, rng: TextRange) -> TextRange:
    if tree is None:
        return rng
    try:
        node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
        while node is not None and node.parent is not None and node.parent.parent is not None:
            node = node.parent
        if node is not None and node.parent is not None:
            return TextRange(node.start_byte, node.end_byte)
    except Exception:  # noqa: BLE001
        pass
    return rng


def document_symbols(snap, path: str) -> list[Symbol]:
    if snap.root_for(path) is None:
        return []
    s = snap.summary(path)
    model = snap.project_for(path)
    tree = snap.tree(path)
    if s is None or model is None:
        return []
    out: list[Symbol] = []
    tables: dict[str, TextRange] = {}
    members: dict[str, list[Symbol]] = {}
    for loc in s.locations:
        k = loc.key
        if k[0] == "table":
            tables.setdefault(k[1], loc.range)
        elif k[0] in ("field", "index") and len(k) == 3:
            if k[0] == "field":
                full = _widen(tree, loc.range, ("pair", "shorthand_property_identifier"))
                sym = Symbol(k[2], "field", full, loc.range, detail=_field_detail(model, path, k[1], k[2]))
            else:
                full = _index_call(tree, loc.range)
                t = table_by_anchor(model, path, k[1])
                ix = t.index(k[2]) if t is not None else None
                sym = Symbol(k[2], "key", full, loc.range, detail=index_summary(ix) if ix else "index")
            members.setdefault(k[1], []).append(sym)
    for anchor in list(members):
        if anchor not in tables:
            r = s.locate("binding", anchor)
            if r is not None:
                tables[anchor] = r
    for anchor, rng in tables.items():
        t = table_by_anchor(model, path, anchor)
        name = t.name if t is not None else anchor.rsplit(".", 1)[-1]
        full = _widen(tree, rng, ("pair", "variable_declarator", "shorthand_property_identifier"))
        kids = tuple(sorted(members.get(anchor, ()), key=lambda x: x.selection_range.start))
        out.append(Symbol(name, "struct", full, rng, kids, "table"))
    fn_by_name = {fn.name: fn for fn in model.functions if fn.file == path}
    iface = s.interface
    for ef in iface.functions:
        r = s.locate("export", ef.name) or s.locate("binding", ef.local or ef.name)
        if r is None:
            continue
        fn = fn_by_name.get(ef.name)
        detail = f"{fn.kind} ({fn.visibility})" if fn is not None else "unregistered"
        out.append(Symbol(ef.name, "function", _stmt_range(tree, r), r, (), detail))
    for loc in s.locations:
        k = loc.key
        if k[0] == "route":
            out.append(Symbol(f"{k[1]} {k[2]}", "method", _stmt_range(tree, loc.range), loc.range, (), "http route"))
        elif k[0] == "cron":
            out.append(Symbol(k[1], "event", _stmt_range(tree, loc.range), loc.range, (), "cron job"))
    out.sort(key=lambda x: x.range.start)
    return out


def _field_detail(model, path: str, anchor: str, name: str) -> str:
    t = table_by_anchor(model, path, anchor)
    v = t.document.field(name) if t is not None and t.document.kind == "object" else None
    return v.render() if v is not None else ""


def _subsequence(query: str, name: str) -> bool:
    it = iter(name.lower())
    return all(ch in it for ch in query.lower())


def workspace_symbols(snap, query: str) -> list[WorkspaceSymbol]:
    out: list[WorkspaceSymbol] = []
    q = query.strip()
    for root in snap.roots:
        try:
            model = snap.project(root)
        except Exception:  # noqa: BLE001 - one broken root must not hide the others
            continue
        for t in model.tables:
            if _subsequence(q, t.name):
                d = table_declaration(snap, model, t)
                if d is not None:
                    out.append(WorkspaceSymbol(t.name, "struct", d.path, d.range, "table"))
            for ix in t.indexes:
                if _subsequence(q, ix.name) or _subsequence(q, f"{t.name}.{ix.name}"):
                    d = index_declaration(snap, t, ix.name)
                    if d is not None:
                        out.append(WorkspaceSymbol(ix.name, "key", d.path, d.range, t.name))
        for fn in model.functions:
            if _subsequence(q, fn.name) or _subsequence(q, fn.api_path):
                d = function_declaration(snap, fn)
                if d is not None:
                    out.append(WorkspaceSymbol(fn.name, "function", d.path, d.range, fn.api_path.rsplit(".", 1)[0]))
    return out
