"""Completion items from (snapshot, path, offset): tables, indexes, fields, function references,
`v.` validators and snippets. Plain data; the server converts at the edge.

Per request the cost is one scan of the enclosing statement (`completion_context`) plus lookups in
the already-built project model — never a whole-project walk.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .completion_context import CONSUMERS, CompletionContext, context_at
from .model import BUILTIN_INDEXES, FunctionDef, IndexDef, TableDef, Validator
from .navigation import (
    SYSTEM_FIELDS,
    SYSTEM_TABLES,
    field_markdown,
    field_paths,
    field_validator,
    function_markdown,
    index_markdown,
    index_summary,
    system_table_markdown,
    table_by_anchor,
    table_markdown,
)
from .text import TextRange


@dataclass(frozen=True, slots=True)
class CompletionItem:
    label: str
    kind: str  # table | index | field | function | module | validator | snippet
    detail: str = ""
    documentation: str = ""  # markdown
    insert_text: str | None = None
    insert_text_is_snippet: bool = False
    sort_text: str | None = None
    filter_text: str | None = None
    replace_range: TextRange | None = None

    # Aliases read by the server's converter.
    @property
    def snippet(self) -> bool:
        return self.insert_text_is_snippet

    @property
    def range(self) -> TextRange | None:
        return self.replace_range


def complete(snap, path: str, offset: int, snippets: bool = True) -> list[CompletionItem]:
    if snap.root_for(path) is None:
        return []
    data = snap.text(path)
    if data is None:
        return []
    ctx = context_at(data, offset, snap.tree(path))
    if ctx is None:
        return []
    model = snap.project_for(path)
    if model is None:
        return []
    handler = _HANDLERS.get(ctx.kind)
    if handler is None:
        return []
    items = handler(ctx, model, snap, path, data, snippets)
    return [_finish(i, ctx, data) for i in items]


def _finish(item: CompletionItem, ctx: CompletionContext, data: bytes) -> CompletionItem:
    """Attach the replace range; close an unterminated string."""
    if item.replace_range is not None:
        return item
    text = item.insert_text if item.insert_text is not None else item.label
    if ctx.quoted and not item.insert_text_is_snippet:
        q = data[ctx.replace.start - 1 : ctx.replace.start]
        if q in (b'"', b"'") and data[ctx.replace.end : ctx.replace.end + 1] != q:
            text += q.decode()
    return CompletionItem(item.label, item.kind, item.detail, item.documentation, text, item.insert_text_is_snippet,
                          item.sort_text, item.filter_text, ctx.replace)


# --------------------------------------------------------------------------- tables and indexes


def _tables(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    system_only = ctx.call.startswith("db.system.")
    out: list[CompletionItem] = []
    if not system_only:
        for i, t in enumerate(model.tables):  # schema order
            rank = "0"
            if ctx.call == "vectorSearch" and not any(ix.kind == "vector" for ix in t.indexes):
                rank = "1"
            out.append(CompletionItem(t.name, "table", "Convex table", table_markdown(t, snap), sort_text=f"{rank}_{i:04}"))
    if system_only or ctx.call in ("v.id", "vv.id"):
        for name in SYSTEM_TABLES:
            out.append(CompletionItem(name, "table", "Convex system table", system_table_markdown(name), sort_text=f"2_{name}"))
    return out


def _indexes(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    if t is None:
        return []
    out = []
    for i, ix in enumerate(t.queryable_indexes(ctx.index_kind)):  # type: ignore[arg-type]
        builtin = ix in BUILTIN_INDEXES
        detail = f"{'built-in ' if builtin else ''}{_KIND_LABEL[ix.kind]} on {t.name} {index_summary(ix)}"
        out.append(CompletionItem(ix.name, "index", detail, index_markdown(t, ix), sort_text=f"{1 if builtin else 0}_{i:03}"))
    return out


_KIND_LABEL = {"db": "index", "search": "search index", "vector": "vector index"}


# --------------------------------------------------------------------------- fields


def range_fields(ix: IndexDef, method: str, previous: tuple[tuple[str, str | None], ...]) -> list[str]:
    """The fields a range/search/vector-filter builder call accepts next, in index order."""
    if ix.staged:
        return []
    if ix.kind == "search":
        searched = any(m == "search" for m, _ in previous)
        if method == "search":
            return [ix.search_field] if not previous and ix.search_field else []
        if method == "eq" and searched:
            used = {f for m, f in previous if m == "eq"}
            return [f for f in ix.filter_fields if f not in used]
        return []
    if ix.kind == "vector":
        return list(ix.filter_fields) if method == "eq" else []
    fields = list(ix.fields)
    if ix not in BUILTIN_INDEXES and fields[-1:] != ["_creationTime"]:
        fields.append("_creationTime")
    methods = [m for m, _ in previous]
    if method not in ("eq", "gt", "gte", "lt", "lte"):
        return []
    n = 0
    while n < len(methods) and methods[n] == "eq":
        n += 1
    if n == len(methods):
        return [fields[n]] if n < len(fields) else []
    if n == len(methods) - 1 and methods[n] in ("gt", "gte") and method in ("lt", "lte"):
        return [fields[n]] if n < len(fields) else []
    return []


def _field_item(t: TableDef, name: str, sort: str) -> CompletionItem:
    v = field_validator(t, name)
    return CompletionItem(name, "field", v.render() if v is not None else "", field_markdown(t, name, v), sort_text=sort)


def _index_fields(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    ix = t.index(ctx.index) if t is not None and ctx.index else None
    if t is None or ix is None or ix.kind != ctx.index_kind:
        return []
    return [_field_item(t, f, f"{i:03}") for i, f in enumerate(range_fields(ix, ctx.call, ctx.previous))]


def _filter_fields(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    if t is None:
        return []
    out = [_field_item(t, p, f"{p.count('.')}_{i:03}") for i, (p, _) in enumerate(field_paths(t.document))]
    out += [_field_item(t, f, f"9_{f}") for f in SYSTEM_FIELDS]
    return out


def _schema_fields(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    t = (table_by_anchor(model, path, ctx.anchor) or _local_table(snap, path, ctx.anchor)) if ctx.anchor else None
    present = set(ctx.present)
    if t is None:
        return [CompletionItem(k, "field", "", sort_text=f"0_{i:03}") for i, k in enumerate(ctx.keys) if k not in present]
    out = []
    for i, (p, v) in enumerate(field_paths(t.document)):
        if p in present:
            continue
        good = (ctx.call.endswith("searchField") and v.kind == "string") or (
            ctx.call.endswith("vectorField") and v.kind == "array")
        out.append(_field_item(t, p, f"{0 if good else 1}_{p.count('.')}_{i:03}"))
    return out


def _local_table(snap, path: str, anchor: str) -> TableDef | None:
    """A table declared in this file even when the schema does not (yet) include it."""
    summary = snap.summary(path)
    if summary is None:
        return None
    iface = summary.interface
    for name, t in iface.table_consts:
        if name == anchor:
            return t
    group, _, key = anchor.partition(".")
    entries = [e for n, es in iface.table_groups if n == group for e in es] if key else list(iface.schema or ())
    for e in entries:
        if e.table is not None and e.name == (key or anchor):
            return e.table
    return None


def _doc_keys(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    if t is None:
        return []
    v: Validator | None = t.document
    for seg in ctx.path:
        v = _object_member(v, seg)
        if v is None:
            return []
    present = set(ctx.present)
    names: list[tuple[str, Validator]] = []
    for p, fv in field_paths(v):  # type: ignore[arg-type]
        if "." not in p and p not in present:
            names.append((p, fv))
    out = []
    prefix = ".".join(ctx.path)
    for i, (n, fv) in enumerate(names):
        full = f"{prefix}.{n}" if prefix else n
        out.append(CompletionItem(n, "field", fv.render(), field_markdown(t, full, fv), sort_text=f"{1 if fv.optional else 0}_{i:03}"))
    return out


def _object_member(v: Validator | None, name: str) -> Validator | None:
    if v is None:
        return None
    if v.kind == "object":
        return v.field(name)
    if v.kind == "union":
        for m in v.items:
            r = _object_member(m, name)
            if r is not None:
                return r
    return None


# --------------------------------------------------------------------------- function references


def _function_refs(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    if ctx.root == "components":
        if ctx.path or model.config is None:
            return []
        return [CompletionItem(u.name, "module", f"component {u.source}", f"Component instance `{u.name}` (`{u.source}`)",
                               sort_text=f"0_{u.name}") for u in model.config.uses]
    visibility = "public" if ctx.root == "api" else "internal"
    kinds = CONSUMERS.get(ctx.consumer or "", None)
    typed = list(ctx.path)
    funcs: list[CompletionItem] = []
    modules: dict[str, list[FunctionDef]] = {}
    for fn in model.functions:
        if fn.visibility != visibility or fn.kind in ("httpAction", "unknown"):
            continue
        if kinds is not None and fn.kind not in kinds:
            continue
        segs = fn.module.split("/") + [fn.name]
        if segs[: len(typed)] != typed or len(segs) <= len(typed):
            continue
        rest = segs[len(typed) :]
        if len(rest) == 1:
            funcs.append(CompletionItem(fn.name, "function", f"{fn.kind} ({fn.visibility})", function_markdown(fn, snap),
                                        sort_text=f"0_{fn.name}"))
        else:
            modules.setdefault(rest[0], []).append(fn)
    files = {m.module for m in model.modules.values()}
    for name, fns in sorted(modules.items()):
        mod = "/".join(typed + [name])
        what = "module" if mod in files else "directory"
        listing = "\n".join(f"- `{f.api_path}` ({f.kind})" for f in fns[:20]) + ("\n- …" if len(fns) > 20 else "")
        funcs.append(CompletionItem(name, "module", f"{what} {mod}", f"**{what}** `{mod}`\n\n{listing}", sort_text=f"1_{name}"))
    return funcs


def _ref_roots(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    inside = model.root.in_functions_dir(path)
    out = [CompletionItem("api", "module", "public Convex functions", "`api` from `_generated/api`: public functions.",
                          sort_text="1_api" if inside else "0_api")]
    if inside:
        out.append(CompletionItem("internal", "module", "internal Convex functions",
                                  "`internal` from `_generated/api`: functions callable only from other Convex functions.",
                                  sort_text="0_internal"))
        if model.config is not None and model.config.uses:
            out.append(CompletionItem("components", "module", "installed components", "", sort_text="2_components"))
    return out


# --------------------------------------------------------------------------- validators

VALIDATORS: tuple[tuple[str, str, str, str], ...] = (
    # (name, signature, snippet body, documentation)
    ("string", "v.string()", "string()", "A string."),
    ("number", "v.number()", "number()", "A float64 number (alias `v.float64()`)."),
    ("float64", "v.float64()", "float64()", "A float64 number."),
    ("int64", "v.int64()", "int64()", "A 64-bit integer (`bigint` in JavaScript)."),
    ("boolean", "v.boolean()", "boolean()", "A boolean."),
    ("null", "v.null()", "null()", "The value `null`."),
    ("id", "v.id(tableName)", 'id("${1}")', "A document id of the given table."),
    ("object", "v.object(fields)", "object({ ${1} })", "An object with the given field validators."),
    ("array", "v.array(element)", "array(${1})", "An array of values (at most 8192 elements)."),
    ("union", "v.union(...members)", "union(${1})", "Any of the member validators."),
    ("literal", "v.literal(value)", 'literal("${1}")', "Exactly this string, number, bigint or boolean."),
    ("optional", "v.optional(validator)", "optional(${1})", "An optional object field or argument."),
    ("nullable", "v.nullable(validator)", "nullable(${1})", "The validator or `null` (`v.union(x, v.null())`)."),
    ("record", "v.record(keys, values)", "record(v.string(), ${1})", "An object with arbitrary keys of one type."),
    ("any", "v.any()", "any()", "Any Convex value (no validation)."),
    ("bytes", "v.bytes()", "bytes()", "An `ArrayBuffer`."),
    ("bigint", "v.bigint()", "bigint()", "Deprecated alias of `v.int64()`."),
)


def _validators(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    out = []
    for i, (name, sig, body, doc) in enumerate(VALIDATORS):
        out.append(CompletionItem(name, "validator", sig, f"`{sig}`\n\n{doc}",
                                  insert_text=(body + "$0") if snippets else name, insert_text_is_snippet=snippets,
                                  sort_text=f"{i:03}", filter_text=name))
    return out


# --------------------------------------------------------------------------- snippets


@dataclass(frozen=True, slots=True)
class Snippet:
    prefix: str
    name: str
    description: str
    body: str
    placement: str  # top | statement | entry | chain


_ENTRY = re.compile(r"^(?:\$\{\d+:[A-Za-z_]\w*\}|[A-Za-z_]\w*)\s*:")
_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|}]*)[^}]*\}|\$\{?\d+\}?")


@lru_cache(maxsize=1)
def load_snippets() -> tuple[Snippet, ...]:
    out: list[Snippet] = []
    try:
        files = sorted((f for f in resources.files("convex_lsp.snippets").iterdir() if f.name.endswith(".json")),
                       key=lambda f: f.name)
    except (ModuleNotFoundError, OSError):
        return ()
    for f in files:
        try:
            data = json.loads(f.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        for name, spec in data.items():
            if not isinstance(spec, dict) or "body" not in spec:
                continue
            body = spec["body"]
            body = "\n".join(body) if isinstance(body, list) else str(body)
            prefixes = spec.get("prefix", name)
            for prefix in prefixes if isinstance(prefixes, list) else [prefixes]:
                out.append(Snippet(str(prefix), name, str(spec.get("description", "")), body, _placement(body)))
    return tuple(out)


def _placement(body: str) -> str:
    first = body.lstrip()
    if first.startswith(("import ", "export ")):
        return "top"
    if first.startswith("."):
        return "chain"
    if _ENTRY.match(first):
        return "entry"
    return "statement"


def _snippet_items(placements: tuple[str, ...], snippets: bool) -> list[CompletionItem]:
    if not snippets:
        return []
    out = []
    for sn in load_snippets():
        if sn.placement not in placements:
            continue
        preview = _PLACEHOLDER.sub(lambda m: m.group(1) or m.group(2) or "", sn.body).replace("\\$", "$")
        doc = f"{sn.description}\n\n```ts\n{preview}\n```"
        out.append(CompletionItem(sn.prefix, "snippet", sn.name, doc, insert_text=sn.body, insert_text_is_snippet=True,
                                  sort_text=f"9_{sn.prefix}", filter_text=sn.prefix))
    return out


def _statement(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    return _snippet_items(("top", "statement") if ctx.scope == "top" else ("statement",), snippets)


def _chain_snippets(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    # The replace range starts at the dot, so clients filter on ".prefix".
    return [CompletionItem(i.label, i.kind, i.detail, i.documentation, i.insert_text, True, i.sort_text, "." + i.label)
            for i in _snippet_items(("chain",), snippets)]


def _schema_entries(ctx: CompletionContext, model, snap, path, data, snippets) -> list[CompletionItem]:
    return _snippet_items(("entry",), snippets)


_HANDLERS = {
    "table": _tables,
    "index": _indexes,
    "index_field": _index_fields,
    "filter_field": _filter_fields,
    "schema_field": _schema_fields,
    "doc_key": _doc_keys,
    "function_ref": _function_refs,
    "ref_root": _ref_roots,
    "validator": _validators,
    "statement": _statement,
    "chain_snippet": _chain_snippets,
    "schema_entry": _schema_entries,
}
