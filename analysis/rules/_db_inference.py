"""Which table an id or a document belongs to: from `v.id("t")` args, `Id<"t">` annotations,
documents read from `db.query("t")` / `db.get("t", …)`, and schema fields typed `v.id("t")`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..model import Validator
from ..syntax import node_text, string_value
from ..validators import call_args, parse_validator
from .common import unwrap

if TYPE_CHECKING:  # pragma: no cover
    from .base import Registration, RuleContext

from ._db_bindings import find_binding, type_table, validator_table
from ._db_util import is_db, is_system_db, member_call, query_chain

# ----------------------------------------------------------------------------- id and document tables
def handler_arg_key(ctx: "RuleContext", expr: Node) -> tuple["Registration", str] | None:
    """`args.x` / destructured `{ x }` of a registered handler's args parameter → (registration, "x")."""
    expr = unwrap(expr)
    reg = ctx.registration_at(expr)
    if reg is None or reg.handler is None:
        return None
    if expr.type == "member_expression":
        obj, prop = expr.child_by_field_name("object"), expr.child_by_field_name("property")
        if obj is None or prop is None or obj.type != "identifier" or prop.type != "property_identifier":
            return None
        b = find_binding(obj, ctx.data)
        if b is not None and b.kind == "param" and b.func == reg.handler and b.index == 1 and not b.destructured:
            return reg, node_text(prop, ctx.data)
        return None
    if expr.type in ("identifier", "shorthand_property_identifier"):
        b = find_binding(expr, ctx.data)
        if b is not None and b.kind == "param" and b.func == reg.handler and b.index == 1 and b.key:
            return reg, b.key
    return None


def args_validator(ctx: "RuleContext", reg: "Registration") -> Validator | None:
    """The registration's `args` validator (same-file validator consts resolved)."""
    f = ctx.project.function_at(ctx.path, reg.name)
    if f is not None and f.args is not None:
        return f.args
    if reg.args is None:
        return None
    v = parse_validator(reg.args, ctx.data)
    if v.kind == "unknown" and v.text:
        for name, cv in ctx.summary.interface.validator_consts:
            if name == v.text:
                return cv
    return v


def infer_id_table(ctx: "RuleContext", expr: Node | None, depth: int = 0) -> str | None:
    """The table of an id expression, when certain: `v.id("t")` args, `Id<"t">` annotations,
    `doc._id` of documents read from table t, schema fields typed `v.id("t")`, `db.insert("t", …)`."""
    if expr is None or depth > 6:
        return None
    data = ctx.data
    if expr.type == "as_expression" and len(expr.named_children) > 1:
        return type_table(expr.named_children[1], data)
    expr = unwrap(expr)
    if expr.type == "await_expression" and expr.named_children:
        expr = unwrap(expr.named_children[0])
    ha = handler_arg_key(ctx, expr)
    if ha is not None:
        v = args_validator(ctx, ha[0])
        return validator_table(v.field(ha[1])) if v is not None and v.kind == "object" else None
    if expr.type == "identifier":
        b = find_binding(expr, data)
        if b is None:
            return None
        if b.type is not None:
            return type_table(b.type, data)
        if b.kind == "var" and b.value is not None and not b.destructured:
            return infer_id_table(ctx, b.value, depth + 1)
        if b.kind == "var" and b.destructured and b.key and b.value is not None:
            return _field_id_table(ctx, doc_table(ctx, b.value, depth + 1), b.key)
        if b.kind == "for" and b.value is not None and not b.destructured:
            src = unwrap(b.value)
            ha = handler_arg_key(ctx, src)
            if ha is not None:
                v = args_validator(ctx, ha[0])
                fv = v.field(ha[1]) if v is not None and v.kind == "object" else None
                return validator_table(fv.items[0]) if fv is not None and fv.kind == "array" and fv.items else None
        return None
    if expr.type == "member_expression":
        obj, prop = expr.child_by_field_name("object"), expr.child_by_field_name("property")
        if obj is None or prop is None:
            return None
        return _field_id_table(ctx, doc_table(ctx, obj, depth + 1), node_text(prop, data))
    mc = member_call(expr, data)
    if mc is not None and mc[0] in ("insert", "normalizeId") and (is_db(ctx, mc[1]) or is_system_db(ctx, mc[1])):
        a = call_args(expr)
        return string_value(a[0], data) if a and a[0].type == "string" else None
    return None


def _field_id_table(ctx: "RuleContext", table: str | None, name: str) -> str | None:
    if table is None:
        return None
    if name == "_id":
        return table
    t = ctx.project.table(table)
    return validator_table(t.document.field(name)) if t is not None and t.document.kind == "object" else None


def doc_table(ctx: "RuleContext", expr: Node | None, depth: int = 0) -> str | None:
    """The table of a document expression (`await db.get("t", id)`, `….first()`, a for-of item of `….collect()`)."""
    if expr is None or depth > 6:
        return None
    data = ctx.data
    expr = unwrap(expr)
    if expr.type == "await_expression" and expr.named_children:
        expr = unwrap(expr.named_children[0])
    if expr.type == "identifier":
        b = find_binding(expr, data)
        if b is None or b.destructured:
            return None
        if b.type is not None:
            return type_table(b.type, data, frozenset({"Doc"}))
        if b.kind == "var":
            return doc_table(ctx, b.value, depth + 1)
        if b.kind == "for" and b.value is not None:
            return _list_table(ctx, b.value, depth + 1)
        if b.kind == "param" and b.index == 0 and b.func is not None:
            return _callback_item_table(ctx, b.func, depth + 1)
        return None
    mc = member_call(expr, data)
    if mc is None:
        return None
    m, obj = mc
    a = call_args(expr)
    if m == "get" and (is_db(ctx, obj) or is_system_db(ctx, obj)):
        if len(a) == 2 and a[0].type == "string":
            return string_value(a[0], data)
        return infer_id_table(ctx, a[0], depth + 1) if len(a) == 1 else None
    if m in ("first", "unique"):
        ch = query_chain(ctx, obj)
        return ch.table if ch is not None else None
    return None


ITEM_CALLBACKS = frozenset({"map", "forEach", "filter", "flatMap", "some", "every", "find", "findLast"})


def _callback_item_table(ctx: "RuleContext", fn: Node, depth: int) -> str | None:
    """`docs.map((d) => …)` / `asyncMap(docs, async (d) => …)`: the table of `d`."""
    args_node = fn.parent
    call = args_node.parent if args_node is not None and args_node.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return None
    a = call_args(call)
    mc = member_call(call, ctx.data)
    if mc is not None and mc[0] in ITEM_CALLBACKS and a and a[0] == fn:
        return _list_table(ctx, mc[1], depth)
    f = call.child_by_field_name("function")
    if f is not None and node_text(f, ctx.data) == "asyncMap" and len(a) == 2 and a[1] == fn:
        return _list_table(ctx, a[0], depth)
    return None


def _list_table(ctx: "RuleContext", expr: Node, depth: int) -> str | None:
    expr = unwrap(expr)
    if expr.type == "await_expression" and expr.named_children:
        expr = unwrap(expr.named_children[0])
    if expr.type == "member_expression" and node_text(expr.child_by_field_name("property") or expr, ctx.data) == "page":
        obj = expr.child_by_field_name("object")
        b = find_binding(obj, ctx.data) if obj is not None and obj.type == "identifier" else None
        src = b.value if b is not None and b.kind == "var" and not b.destructured else obj
        src = unwrap(src) if src is not None else None
        if src is not None and src.type == "await_expression" and src.named_children:
            src = unwrap(src.named_children[0])
        mc = member_call(src, ctx.data) if src is not None else None
        ch = query_chain(ctx, mc[1]) if mc is not None and mc[0] == "paginate" else None
        return ch.table if ch is not None else None
    if expr.type == "identifier":
        b = find_binding(expr, ctx.data)
        return _list_table(ctx, b.value, depth + 1) if b is not None and b.kind == "var" and b.value is not None and b.type is None and depth < 6 else None
    mc = member_call(expr, ctx.data)
    if mc is not None and mc[0] in ("collect", "take"):
        ch = query_chain(ctx, mc[1])
        return ch.table if ch is not None else None
    ch = query_chain(ctx, expr)
    return ch.table if ch is not None else None
