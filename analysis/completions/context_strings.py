"""Completion contexts inside strings: table names (`ctx.db.query("…")`, `v.id("…")`), index names
(`withIndex("…")`), fields of range/search/filter builders (`q.eq("…")`, `q.field("…")`) and of
index definitions in schema code (`.index("by_x", ["…"])`)."""

from __future__ import annotations

from ..text import TextRange
from .context_keys import doc_key_context
from .data import DB_TABLE_METHODS, RANGE_METHODS, CompletionContext
from .tokens import (
    Frame,
    Tok,
    arg_str,
    builder_calls,
    chain_table,
    dotted,
    is_db,
    is_table_chain,
    key_of,
    method_name,
    obj_keys,
)


def string_context(frames: list[Frame], partial: str, rng: TextRange, data: bytes, offset: int) -> CompletionContext | None:
    """An unterminated string at the cursor: a table, index or field name, or a quoted document key."""
    top = frames[-1]
    cur = top.cur
    mk = lambda kind, **kw: CompletionContext(kind, partial, rng, quoted=True, **kw)  # noqa: E731
    if top.opener == "(" and not cur:
        ch = top.callee
        argi = len(top.args)
        method = method_name(ch)
        if method is None:
            return None
        recv = ch[:-1]
        recv_names = dotted(recv)
        if argi == 0 and method in DB_TABLE_METHODS and is_db(recv_names):
            system = recv_names.endswith("system")
            return mk("table", call=("db.system." if system else "db.") + method)
        if argi == 0 and method in ("id", "doc") and len(recv) == 1 and recv[0][1] in ("v", "vv", "schema"):
            if method == "doc" and recv[0][1] == "v":
                return None
            return mk("table", call=f"{recv[0][1]}.{method}")
        if argi == 0 and method == "zid" and not recv:
            return mk("table", call="zid")
        if method == "vectorSearch":
            if argi == 0:
                return mk("table", call="vectorSearch")
            if argi == 1:
                return mk("index", call="vectorSearch", table=arg_str(top, 0), index_kind="vector")
            return None
        if argi == 0 and method in ("withIndex", "withSearchIndex"):
            kind = "db" if method == "withIndex" else "search"
            return mk("index", call=method, table=chain_table(recv), index_kind=kind)
        if argi == 0 and (method in RANGE_METHODS or method == "field") and recv:
            return _builder_field(frames, ch, method, mk)
        return None
    if top.opener == "[" and not cur and len(frames) >= 2:
        parent = frames[-2]
        present = tuple(t.v for arg in top.args for t in arg if t.t == "str")
        if parent.opener == "(" and len(parent.args) == 1 and method_name(parent.callee) == "index":
            return _schema_field(frames, len(frames) - 2, "index", present, mk)
        key = key_of(parent.cur)
        if parent.opener == "{" and key in ("fields", "filterFields") and len(frames) >= 3:
            gp = frames[-3]
            if gp.opener == "(" and len(gp.args) == 1 and method_name(gp.callee) in ("index", "searchIndex", "vectorIndex"):
                return _schema_field(frames, len(frames) - 3, f"{method_name(gp.callee)}.{key}", present, mk)
        return None
    if top.opener == "{" and not top.block:
        key = key_of(cur) if len(cur) == 2 else None
        if key in ("searchField", "vectorField") and len(frames) >= 2:
            parent = frames[-2]
            if parent.opener == "(" and len(parent.args) == 1 and method_name(parent.callee) in ("searchIndex", "vectorIndex"):
                return _schema_field(frames, len(frames) - 2, f"{method_name(parent.callee)}.{key}", (), mk)
        if not cur:
            return doc_key_context(frames, partial, rng, data, offset, quoted=True)
    return None


def _builder_field(frames: list[Frame], ch, method: str, mk):
    """`q.eq("…")` / `q.field("…")` inside a withIndex / withSearchIndex / filter / vectorSearch callback."""
    previous = builder_calls(ch)  # the current method has no call group yet, so it is not included
    for k in range(len(frames) - 2, 0, -1):
        fr = frames[k]
        if fr.opener != "(":
            continue
        m = method_name(fr.callee)
        if m in ("withIndex", "withSearchIndex") and len(fr.args) == 1:
            if method == "field":
                return None
            idx = arg_str(fr, 0)
            table = chain_table(fr.callee[:-1])
            return mk("index_field", call=method, table=table, index=idx,
                      index_kind="db" if m == "withIndex" else "search", previous=previous)
        if m == "filter":
            if method != "field":
                return None
            return mk("filter_field", call="field", table=chain_table(fr.callee[:-1]))
        if m in ("vectorSearch",) and len(fr.args) == 2:
            if method != "eq":
                return None
            return mk("index_field", call="eq", table=arg_str(fr, 0), index=arg_str(fr, 1),
                      index_kind="vector", previous=previous)
    return None


def _schema_field(frames: list[Frame], call_k: int, slot: str, present: tuple[str, ...], mk):
    """A field string inside `.index(...)`/`.searchIndex(...)`/`.vectorIndex(...)` of schema code."""
    fr = frames[call_k]
    ch = fr.callee[:-1]
    if not is_table_chain(ch):
        return None
    keys: tuple[str, ...] = ()
    for i, (k, v) in enumerate(ch):
        if v == "defineTable" and i + 1 < len(ch) and ch[i + 1][0] == "call":
            grp = ch[i + 1][1]
            if grp.args and grp.args[0] and grp.args[0][0].t == "grp" and grp.args[0][0].v == "{":  # type: ignore[union-attr]
                keys = tuple(obj_keys(grp.args[0][0].args))  # type: ignore[union-attr]
    anchor = _table_anchor(frames, call_k)
    return mk("schema_field", call=slot, anchor=anchor, present=present, keys=keys)


def _table_anchor(frames: list[Frame], k: int) -> str | None:
    """The key (`posts: defineTable(...)`) or const name (`const posts = defineTable(...)`) around frame k."""
    if k < 1:
        return None
    parent = frames[k - 1]
    key = key_of(parent.cur)
    if parent.opener == "{" and key is not None:
        if k >= 2:
            gp = frames[k - 2]
            if gp.opener == "(" and method_name(gp.callee) == "defineSchema":
                return key
            const = _declared_name(gp.cur)
            if const is not None:
                return f"{const}.{key}"
        return key
    return _declared_name(parent.cur)


def _declared_name(items: list[Tok]) -> str | None:
    for i in range(len(items) - 1):
        if items[i].t == "id" and items[i + 1].t == "p" and items[i + 1].v == "=" and i >= 1 and items[i - 1].t == "id" \
                and items[i - 1].v in ("const", "let", "var"):
            return items[i].v
    return None
