"""Index actions: create the index a `.filter(q => q.eq(q.field("f"), x))` needs (in the schema
file) and use it; rename an index to the `by_<field>_and_<field>` convention with all its uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..model import TableDef
from ..syntax import node_text, string_value
from ..text import TextRange
from ..validators import call_args
from ..rules._db_util import member_call, schema_table
from ..rules.common import handler_params, unwrap
from ._edit import ctx_for, indent_of_line, indent_unit, make_fix

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext


def convention_name(fields: tuple[str, ...] | list[str]) -> str:
    return "by_" + "_and_".join(f.replace(".", "_") for f in fields)


def eq_terms(ctx: "RuleContext", fn: Node) -> list[tuple[str, str]] | None:
    """`q => q.eq(q.field("f"), x)` / `q.and(…)` of such → [("f", "x")] (None for anything else)."""
    params = handler_params(fn)
    body = fn.child_by_field_name("body")
    if len(params) != 1 or body is None or body.type == "statement_block":
        return None
    q = node_text(params[0].child_by_field_name("pattern") or params[0], ctx.data)
    out: list[tuple[str, str]] = []

    def visit(n: Node) -> bool:
        mc = member_call(n, ctx.data)
        if mc is None or node_text(mc[1], ctx.data) != q:
            return False
        args = call_args(unwrap(n))
        if mc[0] == "and":
            return bool(args) and all(visit(a) for a in args)
        if mc[0] != "eq" or len(args) != 2:
            return False
        for f, val in ((args[0], args[1]), (args[1], args[0])):
            fm = member_call(f, ctx.data)
            fa = call_args(unwrap(f)) if fm else []
            if fm and fm[0] == "field" and node_text(fm[1], ctx.data) == q and fa and fa[0].type == "string":
                if q.encode() in ctx.data[val.start_byte : val.end_byte]:
                    return False
                out.append((string_value(fa[0], ctx.data) or "", node_text(val, ctx.data)))
                return True
        return False

    if not visit(unwrap(body)):
        return None
    names = [f for f, _ in out]
    return out if len(set(names)) == len(names) and all(names) else None


def _table_value(tctx: "RuleContext", t: TableDef) -> Node | None:
    """The `defineTable(…)…` expression of a table in its defining file."""
    rng = tctx.summary.locate("table", t.anchor) or tctx.summary.locate("binding", t.anchor)
    if rng is None:
        return None
    node = tctx.root.descendant_for_byte_range(rng.start, rng.end)
    for _ in range(6):
        if node is None:
            return None
        if node.type in ("pair", "variable_declarator"):
            break
        node = node.parent
    else:
        return None
    value = node.child_by_field_name("value") if node is not None else None
    if value is None:
        return None
    cur = unwrap(value)
    for _ in range(40):
        if cur.type == "call_expression":
            f = cur.child_by_field_name("function")
            if f is not None and f.type == "identifier" and node_text(f, tctx.data) == "defineTable":
                return unwrap(value)
            cur = f.child_by_field_name("object") if f is not None and f.type == "member_expression" else None  # type: ignore[assignment]
            if cur is None:
                return None
        else:
            return None
    return None


def add_index_edit(ctx: "RuleContext", t: TableDef, name: str, fields: list[str]) -> Edit | None:
    """Append `.index(name, fields)` to the table's definition, formatted like its other indexes."""
    if not t.file:
        return None
    tctx = ctx_for(ctx, t.file)
    if tctx is None:
        return None
    value = _table_value(tctx, t)
    if value is None:
        return None
    data = tctx.data
    text = f'.index("{name}", [{", ".join(chr(34) + f + chr(34) for f in fields)}])'
    # the last `.x(` of the chain: on its own line?
    f = value.child_by_field_name("function")
    prop = f.child_by_field_name("property") if f is not None and f.type == "member_expression" else None
    dot = prop.prev_sibling if prop is not None else None
    if dot is not None and data[data.rfind(b"\n", 0, dot.start_byte) + 1 : dot.start_byte].strip() == b"":
        return Edit(t.file, TextRange(value.end_byte, value.end_byte), "\n" + indent_of_line(data, dot.start_byte) + text)
    if b"\n" in data[value.start_byte : value.end_byte]:
        ind = indent_of_line(data, value.start_byte) + indent_unit(data)
        return Edit(t.file, TextRange(value.end_byte, value.end_byte), "\n" + ind + text)
    return Edit(t.file, TextRange(value.end_byte, value.end_byte), text)


def create_index_fix(ctx: "RuleContext", filter_call: Node, table: str | None) -> Fix | None:
    """`.filter(q => q.eq(q.field("f"), x))` → `.withIndex("by_f", q => q.eq("f", x))` plus
    `.index("by_f", ["f"])` in the table's definition (when no index has these fields first)."""
    t = schema_table(ctx, table)
    args = call_args(filter_call)
    fn = unwrap(args[0]) if len(args) == 1 else None
    if t is None or fn is None or fn.type not in ("arrow_function", "function_expression") or t.source.startswith("package"):
        return None
    terms = eq_terms(ctx, fn)
    if not terms or any(f.startswith("_") for f, _ in terms):
        return None
    fields = [f for f, _ in terms]
    for ix in t.queryable_indexes("db"):
        if set(ix.fields[: len(fields)]) == set(fields):
            return None  # an existing index serves it: the rule's own fix uses that one
    name = convention_name(fields)
    if t.index(name) is not None or len(name) > 64:
        return None
    add = add_index_edit(ctx, t, name, fields)
    if add is None:
        return None
    p0 = handler_params(fn)[0]
    q = node_text(p0.child_by_field_name("pattern") or p0, ctx.data)
    chain = q + "".join(f'.eq("{f}", {val})' for f, val in terms)
    prop = filter_call.child_by_field_name("function").child_by_field_name("property")  # type: ignore[union-attr]
    use = Edit(ctx.path, TextRange(prop.start_byte, filter_call.end_byte), f'withIndex("{name}", ({q}) => {chain})')
    schema_name = t.file.rsplit("/", 1)[-1]
    return make_fix(ctx, f"Create index '{name}' in {schema_name} and use it", [use, add], "unsafe")


def rename_to_convention_fix(ctx: "RuleContext", name_range: TextRange, expected: str) -> Fix | None:
    """Rename the index whose name string is at `name_range` (in this file) to `expected`, with
    every `withIndex` use (the rename refactoring, as a fix)."""
    from ..navigation import rename

    edits = rename(ctx.snap, ctx.path, name_range.start + (1 if ctx.data[name_range.start : name_range.start + 1] in (b'"', b"'") else 0), expected)
    if isinstance(edits, str) or not edits:
        return None
    uses = sum(1 for e in edits if not (e.path == ctx.path and e.range.start <= name_range.end and e.range.end >= name_range.start))
    title = f"Rename index to '{expected}'" + (f" and update {uses} use{'s' if uses != 1 else ''}" if uses else "")
    return make_fix(ctx, title, list(edits), "unsafe")
