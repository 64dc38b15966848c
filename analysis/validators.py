"""`v.*` validator expressions → `Validator` trees (syntax only; names resolved later)."""

from __future__ import annotations

from tree_sitter import Node

from .model import FieldDef, Validator
from .syntax import node_text, string_value

_SIMPLE = {
    "string": "string",
    "number": "number",
    "float64": "number",
    "int64": "int64",
    "bigint": "int64",
    "boolean": "boolean",
    "null": "null",
    "any": "any",
    "bytes": "bytes",
    "commitTs": "int64",
}
_V_OBJECTS = frozenset({"v", "vv"})
# convex-helpers/validators short aliases that behave like v.*
_HELPER_CALLS = {"nullable": "nullable", "literals": "literals", "partial": "partial"}


def key_name(node: Node, data: bytes) -> str | None:
    """The name of an object key node (identifier, string or number)."""
    if node.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return node_text(node, data)
    if node.type == "string":
        return string_value(node, data)
    if node.type == "number":
        return node_text(node, data)
    return None


def object_keys(obj: Node, data: bytes) -> dict[str, Node]:
    """key → value node of an object literal (method definitions map to themselves)."""
    out: dict[str, Node] = {}
    for p in obj.named_children:
        if p.type == "pair":
            k = p.child_by_field_name("key")
            v = p.child_by_field_name("value")
            kn = key_name(k, data) if k is not None else None
            if kn and v is not None:
                out[kn] = v
        elif p.type == "method_definition":
            nm = p.child_by_field_name("name")
            if nm is not None:
                out[node_text(nm, data)] = p
        elif p.type == "shorthand_property_identifier":
            out[node_text(p, data)] = p
    return out


def call_args(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [c for c in args.named_children if c.type != "comment"]


def unknown(node: Node, data: bytes) -> Validator:
    return Validator("unknown", text=node_text(node, data)[:200])


def parse_object_fields(node: Node, data: bytes, depth: int = 0) -> tuple[FieldDef, ...]:
    """Fields of an object literal of validators; spreads become `...name` fields to resolve later."""
    fields: list[FieldDef] = []
    for c in node.named_children:
        if c.type == "pair":
            k = c.child_by_field_name("key")
            val = c.child_by_field_name("value")
            name = key_name(k, data) if k is not None else None
            if name is None or val is None:
                continue
            fields.append(FieldDef(name, parse_validator(val, data, depth + 1)))
        elif c.type == "shorthand_property_identifier":
            name = node_text(c, data)
            fields.append(FieldDef(name, Validator("unknown", text=name)))
        elif c.type == "spread_element":
            inner = c.named_children[0] if c.named_children else None
            if inner is not None:
                fields.append(FieldDef("..." + node_text(inner, data), Validator("unknown", text=node_text(inner, data))))
    return tuple(fields)


def parse_validator(node: Node, data: bytes, depth: int = 0) -> Validator:
    """Best-effort validator tree of an expression. Never raises."""
    if depth > 40:
        return unknown(node, data)
    t = node.type
    if t in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression"):
        inner = node.named_children[0] if node.named_children else None
        return parse_validator(inner, data, depth + 1) if inner is not None else unknown(node, data)
    if t == "object":
        return Validator("object", fields=parse_object_fields(node, data, depth + 1))
    if t == "identifier":
        return Validator("unknown", text=node_text(node, data))
    if t != "call_expression":
        return unknown(node, data)
    callee = node.child_by_field_name("function")
    args = call_args(node)
    if callee is None:
        return unknown(node, data)
    if callee.type == "identifier":
        name = node_text(callee, data)
        if name in _HELPER_CALLS and args:
            if name == "nullable":
                return Validator("union", items=(parse_validator(args[0], data, depth + 1), Validator("null", builder="null")))
            if name == "literals":
                return Validator("union", items=tuple(Validator("literal", literal=node_text(a, data)) for a in args))
        return unknown(node, data)
    if callee.type != "member_expression":
        return unknown(node, data)
    obj = callee.child_by_field_name("object")
    prop = callee.child_by_field_name("property")
    if obj is None or prop is None:
        return unknown(node, data)
    method = node_text(prop, data)
    obj_text = node_text(obj, data)
    if obj_text not in _V_OBJECTS:
        # instance methods: x.optional(), v.object({...}).extend({...}) etc.
        if method == "optional" and not args:
            base = parse_validator(obj, data, depth + 1)
            return _optional(base)
        if method in ("extend", "pick", "omit", "partial"):
            base = parse_validator(obj, data, depth + 1)
            if base.kind == "object":
                return _object_method(base, method, args, data, depth + 1)
        if obj_text == "schema" and method == "doc" and args:
            return Validator("doc", table=string_value(args[0], data))
        if obj_text == "schema" and method == "id" and args:
            return Validator("id", table=string_value(args[0], data), builder="id")
        return unknown(node, data)
    if method in _SIMPLE:
        return Validator(_SIMPLE[method], builder=method)
    if method == "id":
        table = string_value(args[0], data) if args else None
        return Validator("id", table=table, builder="id")
    if method == "literal":
        return Validator("literal", literal=node_text(args[0], data) if args else None, builder="literal")
    if method == "array":
        return Validator("array", items=(parse_validator(args[0], data, depth + 1),) if args else (), builder="array")
    if method == "object":
        if args and args[0].type == "object":
            return Validator("object", fields=parse_object_fields(args[0], data, depth + 1), builder="object")
        return Validator("object", builder="object", text=node_text(args[0], data) if args else None)
    if method == "record":
        return Validator("record", items=tuple(parse_validator(a, data, depth + 1) for a in args[:2]), builder="record")
    if method == "union":
        return Validator("union", items=tuple(parse_validator(a, data, depth + 1) for a in args), builder="union")
    if method == "optional":
        return _optional(parse_validator(args[0], data, depth + 1) if args else Validator("any"))
    if method == "nullable":
        inner = parse_validator(args[0], data, depth + 1) if args else Validator("any")
        return Validator("union", items=(inner, Validator("null", builder="null")), builder="nullable")
    # v.map(), v.set() and anything unknown: keep the builder name for the rules
    return Validator(method, builder=method, text=node_text(node, data)[:200])


def _optional(v: Validator) -> Validator:
    return Validator(v.kind, True, v.table, v.literal, v.fields, v.items, v.builder, v.text)


def _object_method(base: Validator, method: str, args: list[Node], data: bytes, depth: int = 0) -> Validator:
    if method == "extend" and args and args[0].type == "object":
        extra = parse_object_fields(args[0], data, depth)
        names = {f.name for f in extra}
        return Validator("object", fields=tuple(f for f in base.fields if f.name not in names) + extra, builder="object")
    if method in ("pick", "omit"):
        keys = {string_value(a, data) for a in args}
        keep = (lambda n: n in keys) if method == "pick" else (lambda n: n not in keys)
        return Validator("object", fields=tuple(f for f in base.fields if keep(f.name)), builder="object")
    if method == "partial":
        return Validator("object", fields=tuple(FieldDef(f.name, _optional(f.validator)) for f in base.fields), builder="object")
    return base
