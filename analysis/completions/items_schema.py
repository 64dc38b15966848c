"""Completion items from the schema: tables, indexes, and fields (index ranges, filters, index
definitions, document keys)."""

from __future__ import annotations

from ..model import BUILTIN_INDEXES, IndexDef, TableDef, Validator
from ..navigation.facts import SYSTEM_FIELDS, SYSTEM_TABLES, field_paths, field_validator, member
from ..navigation.markdown import field_markdown, index_markdown, index_summary, system_table_markdown, table_markdown
from ..navigation.resolve import table_by_anchor
from .data import CompletionContext, CompletionItem


def tables(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
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


def indexes(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
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


def index_fields(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    ix = t.index(ctx.index) if t is not None and ctx.index else None
    if t is None or ix is None or ix.kind != ctx.index_kind:
        return []
    return [_field_item(t, f, f"{i:03}") for i, f in enumerate(range_fields(ix, ctx.call, ctx.previous))]


def filter_fields(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    if t is None:
        return []
    out = [_field_item(t, p, f"{p.count('.')}_{i:03}") for i, (p, _) in enumerate(field_paths(t.document))]
    out += [_field_item(t, f, f"9_{f}") for f in SYSTEM_FIELDS]
    return out


def schema_fields(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
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


def doc_keys(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    t = model.table(ctx.table) if ctx.table else None
    if t is None:
        return []
    v: Validator | None = t.document
    for seg in ctx.path:
        v = member(v, seg)  # type: ignore[arg-type]
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
