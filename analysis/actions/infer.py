"""Inferring argument validators: from how the handler uses a value (compared with or written to a
document field, passed as an id, used with string/number operators) and from TypeScript
annotations (same-file aliases and interfaces included)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..model import TableDef, Validator
from ..syntax import node_text, string_value
from ..validators import call_args
from ..rules._db_util import doc_table, is_db, is_system_db, member_call, query_chain
from ..rules._fn_util import infer_validator
from ..rules.common import handler_params, unwrap
from ._edit import ph

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext

from ._vbase import (  # noqa: F401 - shared with the validator actions
    ANY,
    RENDERABLE,
    _ARITH,
    _COMPARE,
    _DOC_WRITES,
    _ID_METHODS,
    _ORDER,
    _RANGE_OPS,
    _STRING_METHODS,
    ArgsParam,
    render,
    renderable,
    required,
)

def _outer(node: Node) -> Node:
    """Climb through parentheses, `as`, `!` and `await` around a value."""
    cur = node
    while cur.parent is not None and cur.parent.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression"):
        cur = cur.parent
    return cur


def _table(ctx: "RuleContext", name: str | None) -> TableDef | None:
    return ctx.project.table(name) if name else None


def _field(ctx: "RuleContext", table: str | None, path: str | None) -> Validator | None:
    from ..navigation import field_validator

    t = _table(ctx, table)
    return field_validator(t, path) if t is not None and path else None


def _enclosing_call(node: Node, methods: frozenset[str] | set[str], data: bytes, limit: int = 8) -> tuple[str, Node] | None:
    cur = node.parent
    for _ in range(limit):
        if cur is None:
            return None
        if cur.type == "call_expression":
            mc = member_call(cur, data)
            if mc is not None and mc[0] in methods:
                return mc[0], cur
        cur = cur.parent
    return None


def _literal_validator(node: Node | None) -> str | None:
    if node is None:
        return None
    node = unwrap(node)
    if node.type in ("string", "template_string"):
        return "v.string()"
    if node.type == "number":
        return "v.number()"
    if node.type in ("true", "false"):
        return "v.boolean()"
    if node.type == "null":
        return "v.null()"
    if node.type == "unary_expression" and node.named_children and node.named_children[0].type == "number":
        return "v.number()"
    return None


def infer_from_use(ctx: "RuleContext", ref: Node) -> str | None:
    """A validator for the value `ref` holds, from how the code uses it (None: no idea)."""
    data = ctx.data
    node = _outer(ref)
    p = node.parent
    if p is None:
        return None
    if p.type == "arguments":
        call = p.parent
        args = call_args(call) if call is not None else []
        mc = member_call(call, data) if call is not None else None
        if mc is None:
            return None
        method, obj = mc
        pos = next((i for i, a in enumerate(args) if a.start_byte == node.start_byte and a.end_byte == node.end_byte), -1)
        if method in _ID_METHODS and (is_db(ctx, obj) or is_system_db(ctx, obj)) and pos == 1 and args[0].type == "string":
            return f'v.id("{string_value(args[0], data)}")'
        if method == "normalizeId" and pos == 1:
            return "v.string()"
        if method == "take" and pos == 0:
            return "v.number()"
        if method == "paginate" and pos == 0:
            return "paginationOptsValidator"
        if method == "search" and pos == 1:
            return "v.string()"
        if method in _RANGE_OPS and pos == 1 and args and args[0].type == "string":
            found = _enclosing_call(call, {"withIndex"}, data, 12)
            if found is not None:
                ch = query_chain(ctx, member_call(found[1], data)[1])  # type: ignore[index]
                fv = _field(ctx, ch.table if ch else None, string_value(args[0], data))
                return render(required(fv)) if fv is not None else None
        if method == "eq" and len(args) == 2 and pos in (0, 1):
            other = args[1 - pos]
            fm = member_call(other, data)
            fa = call_args(unwrap(other)) if fm else []
            if fm and fm[0] == "field" and fa and fa[0].type == "string":
                found = _enclosing_call(call, {"filter"}, data, 12)
                ch = query_chain(ctx, member_call(found[1], data)[1]) if found is not None else None  # type: ignore[index]
                fv = _field(ctx, ch.table if ch else None, string_value(fa[0], data))
                return render(required(fv)) if fv is not None else None
        return None
    if p.type == "pair" and p.child_by_field_name("value") == node:
        key = p.child_by_field_name("key")
        return _written_field(ctx, p.parent, node_text(key, data) if key is not None else None)
    if node.type == "shorthand_property_identifier" and p.type == "object":
        return _written_field(ctx, p, node_text(node, data))
    if p.type == "binary_expression":
        op = p.child_by_field_name("operator")
        opt = node_text(op, data) if op is not None else ""
        left, right = p.child_by_field_name("left"), p.child_by_field_name("right")
        other = right if left is not None and left.start_byte == node.start_byte else left
        if opt in _COMPARE and other is not None:
            lit = _literal_validator(other)
            if lit is not None and lit != "v.null()":
                return lit
            o = unwrap(other)
            if o.type == "member_expression":
                prop = o.child_by_field_name("property")
                fv = _field(ctx, doc_table(ctx, o.child_by_field_name("object")), node_text(prop, data) if prop is not None else None)
                return render(required(fv)) if fv is not None else None
            return None
        if opt in _ORDER or opt in _ARITH:
            return "v.number()"
        return None
    if p.type == "member_expression" and p.child_by_field_name("object") == node:
        prop = p.child_by_field_name("property")
        name = node_text(prop, data) if prop is not None else ""
        if name in _STRING_METHODS:
            return "v.string()"
        return None
    if p.type == "template_substitution":
        return None
    return None


def _written_field(ctx: "RuleContext", obj: Node | None, key: str | None) -> str | None:
    """`db.insert("t", { key: x })` / `db.patch("t", id, { key: x })`: the validator of t.key."""
    if obj is None or key is None or obj.type != "object":
        return None
    args_node = _outer(obj).parent
    call = args_node.parent if args_node is not None and args_node.type == "arguments" else None
    mc = member_call(call, ctx.data) if call is not None else None
    if mc is None or mc[0] not in _DOC_WRITES or not is_db(ctx, mc[1]):
        return None
    args = call_args(call)
    if not args or args[0].type != "string" or args[-1].start_byte != _outer(obj).start_byte:
        return None
    fv = _field(ctx, string_value(args[0], ctx.data), key)
    return render(fv) if fv is not None else None


def _annotation_types(ctx: "RuleContext", fn: Node) -> dict[str, str]:
    """name → validator from the TypeScript annotation of the args parameter (an object type, or a
    same-file type alias / interface); only the certain ones (no `v.any()` inside)."""
    params = handler_params(fn)
    if len(params) < 2:
        return {}
    ann = params[1].child_by_field_name("type")
    t = ann.named_children[0] if ann is not None and ann.named_children else None
    if t is not None and t.type == "type_identifier":
        t = _type_declaration(ctx, node_text(t, ctx.data))
    if t is None or t.type not in ("object_type", "interface_body"):
        return {}
    out: dict[str, str] = {}
    for sig in t.named_children:
        nm, ty = sig.child_by_field_name("name"), sig.child_by_field_name("type")
        if sig.type != "property_signature" or nm is None:
            continue
        val = infer_validator(ty, ctx.data)
        if ANY in val:
            continue
        out[node_text(nm, ctx.data)] = f"v.optional({val})" if any(c.type == "?" for c in sig.children) else val
    return out


def _type_declaration(ctx: "RuleContext", name: str) -> Node | None:
    for stmt in ctx.root.named_children:
        decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
        if decl is None:
            continue
        nm = decl.child_by_field_name("name")
        if nm is None or node_text(nm, ctx.data) != name:
            continue
        if decl.type == "type_alias_declaration":
            return decl.child_by_field_name("value")
        if decl.type == "interface_declaration":
            return decl.child_by_field_name("body")
    return None


_MAYBE_ABSENT_OPS = frozenset({"??", "||", "&&"})


def used_as_optional(ctx: "RuleContext", ref: Node) -> bool:
    """The code reads the value as one that may be missing: `x ?? d`, `x || d`, `x && …`, `x ? a : b`,
    `if (x)`, `!x`, `x?.y`, `x === undefined`, `typeof x === "undefined"`. A required validator for
    such an argument would break the callers that leave it out."""
    node = _outer(ref)
    p = node.parent
    if p is None:
        return False
    if p.type == "member_expression" and p.child_by_field_name("object") == node:
        return any(c.type == "optional_chain" for c in p.children)
    if p.type == "call_expression" and p.child_by_field_name("function") == node:
        return any(c.type == "optional_chain" for c in p.children)
    if p.type == "unary_expression":
        op = p.child_by_field_name("operator")
        text = node_text(op, ctx.data) if op is not None else ""
        if text == "!":
            return True
        if text == "typeof":
            return used_as_optional(ctx, p) or _compared_with(ctx, _outer(p), ('"undefined"', "'undefined'"))
        return False
    if p.type == "binary_expression":
        op = p.child_by_field_name("operator")
        text = node_text(op, ctx.data) if op is not None else ""
        left = p.child_by_field_name("left")
        if text in _MAYBE_ABSENT_OPS and left is not None and left.start_byte == node.start_byte and left.end_byte == node.end_byte:
            return True
        return _compared_with(ctx, node, ("undefined", "null"))
    if p.type == "ternary_expression":
        cond = p.child_by_field_name("condition")
        return cond is not None and cond.start_byte == node.start_byte and cond.end_byte == node.end_byte
    if p.type in ("if_statement", "while_statement"):
        cond = p.child_by_field_name("condition")
        return cond is not None and cond.start_byte <= node.start_byte and node.end_byte <= cond.end_byte
    return False


def _compared_with(ctx: "RuleContext", node: Node, literals: tuple[str, ...]) -> bool:
    p = node.parent
    if p is None or p.type != "binary_expression":
        return False
    op = p.child_by_field_name("operator")
    if op is None or node_text(op, ctx.data) not in ("===", "!==", "==", "!="):
        return False
    left, right = p.child_by_field_name("left"), p.child_by_field_name("right")
    other = right if left is not None and left.start_byte == node.start_byte else left
    return other is not None and node_text(other, ctx.data) in literals


def infer_arg(ctx: "RuleContext", ap: ArgsParam, name: str, annotations: dict[str, str]) -> str:
    """The validator text of one argument (with a placeholder when nothing is known); optional when
    the handler has a default for it or reads it as one that may be missing."""
    if name in annotations:
        return annotations[name]
    found: str | None = None
    refs = ap.refs.get(name, ())
    for ref in refs:
        found = infer_from_use(ctx, ref)
        if found is not None:
            break
    if ap.defaults.get(name) is None and any(used_as_optional(ctx, r) for r in refs):
        if found is not None and found.startswith("v.optional("):
            return found
        return f"v.optional({found})" if found is not None else ph(f"v.optional({ANY})")
    default = ap.defaults.get(name)
    if default is not None:
        found = found or _literal_validator(default)
        if found is not None and found.startswith("v.optional("):
            return found
        return f"v.optional({found})" if found is not None else ph(f"v.optional({ANY})")
    return found if found is not None else ph(ANY)


def infer_args(ctx: "RuleContext", fn: Node) -> list[tuple[str, str]] | None:
    """[(name, validator text)] for the handler's arguments; None when they cannot be listed."""
    ap = ArgsParam(ctx, fn)
    if not ap.complete:
        return None
    ann = _annotation_types(ctx, fn)
    return [(n, infer_arg(ctx, ap, n, ann)) for n in ap.names if re.match(r"^[A-Za-z_$][\w$]*$", n)]


