"""Shared by the validator actions: the validator vocabulary, rendering validators as source, and
`ArgsParam` (which argument names a handler reads, and through which expressions)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit
from ..model import Validator
from ..syntax import node_text, string_value
from ..rules._fn_util import param_pattern
from ..rules.common import handler_params, walk
from ._edit import add_imports

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext

ANY = "v.any()"
RENDERABLE = frozenset({"string", "number", "int64", "boolean", "null", "any", "bytes", "id", "literal", "array", "object", "record", "union"})
_COMPARE = frozenset({"===", "!==", "==", "!="})
_ORDER = frozenset({"<", ">", "<=", ">="})
_ARITH = frozenset({"-", "*", "/", "%", "**"})
_RANGE_OPS = frozenset({"eq", "gt", "gte", "lt", "lte"})
_DOC_WRITES = frozenset({"insert", "patch", "replace"})
_ID_METHODS = frozenset({"get", "patch", "replace", "delete"})
_STRING_METHODS = frozenset({"trim", "toLowerCase", "toUpperCase", "startsWith", "endsWith", "split", "replace", "replaceAll", "padStart", "padEnd", "localeCompare", "normalize", "trimStart", "trimEnd", "charAt"})


# ----------------------------------------------------------------------------- rendering
def renderable(v: Validator | None, depth: int = 0) -> bool:
    if v is None or depth > 20 or v.kind not in RENDERABLE:
        return False
    if v.kind == "id" and not v.table:
        return False
    if v.kind == "literal" and not v.literal:
        return False
    if any(f.name.startswith("...") or not re.match(r"^[A-Za-z_$][\w$]*$", f.name) for f in v.fields):
        return False
    return all(renderable(f.validator, depth + 1) for f in v.fields) and all(renderable(i, depth + 1) for i in v.items)


def required(v: Validator) -> Validator:
    return Validator(v.kind, False, v.table, v.literal, v.fields, v.items, v.builder, v.text) if v.optional else v


def render(v: Validator | None) -> str | None:
    return v.render() if renderable(v) else None


def layout_object(fields: list[tuple[str, str]], indent: str, unit: str, wrap: str = "{ ") -> str:
    """`{ a: x, b: y }` on one line, or one field per line when long (indent = the line's indentation)."""
    if not fields:
        return "{}"
    one = "{ " + ", ".join(f"{k}: {val}" for k, val in fields) + " }"
    if len(one) + len(indent) <= 88 and "\n" not in one:
        return one
    inner = indent + unit
    body = "".join(f"{inner}{k}: {val},\n" for k, val in fields)
    return "{\n" + body + indent + "}"


# ----------------------------------------------------------------------------- args: which names, read how
class ArgsParam:
    """The handler's second parameter: which argument names it reads, through which expressions."""

    def __init__(self, ctx: "RuleContext", fn: Node) -> None:
        self.ctx = ctx
        self.fn = fn
        self.names: list[str] = []  # argument names in reading order
        self.refs: dict[str, list[Node]] = {}  # name → expression nodes holding the value
        self.defaults: dict[str, Node] = {}  # name → default value node (`{ limit = 10 }`)
        self.complete = True  # False: the whole object escapes (spread, passed on, rest pattern)
        self.param: Node | None = None
        self.pattern: Node | None = None
        params = handler_params(fn)
        if len(params) < 2:
            return
        self.param = params[1]
        self.pattern = param_pattern(params[1])
        body = fn.child_by_field_name("body")
        if self.pattern.type == "object_pattern":
            self._pattern(self.pattern, body)
        elif self.pattern.type == "identifier":
            self._identifier(node_text(self.pattern, ctx.data), body)
        else:
            self.complete = False

    def _add(self, name: str) -> None:
        if name not in self.refs:
            self.names.append(name)
            self.refs[name] = []

    def _pattern(self, pat: Node, scope: Node | None) -> None:
        data = self.ctx.data
        for c in pat.named_children:
            key = local = None
            if c.type == "shorthand_property_identifier_pattern":
                key = local = node_text(c, data)
            elif c.type == "object_assignment_pattern":
                left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                if left is not None:
                    key = local = node_text(left, data)
                    if right is not None:
                        self.defaults[key] = right
            elif c.type == "pair_pattern":
                k, val = c.child_by_field_name("key"), c.child_by_field_name("value")
                key = (string_value(k, data) if k is not None and k.type == "string" else node_text(k, data)) if k is not None else None
                if val is not None and val.type == "identifier":
                    local = node_text(val, data)
                elif val is not None and val.type == "assignment_pattern":
                    left, right = val.child_by_field_name("left"), val.child_by_field_name("right")
                    local = node_text(left, data) if left is not None and left.type == "identifier" else None
                    if key and right is not None:
                        self.defaults[key] = right
            elif c.type == "rest_pattern":
                self.complete = False
                continue
            elif c.type == "comment":
                continue
            if key is None:
                self.complete = False
                continue
            self._add(key)
            if local is not None and scope is not None:
                self.refs[key].extend(_identifier_uses(scope, local, data))

    def _identifier(self, name: str, body: Node | None) -> None:
        data = self.ctx.data
        for n in walk(body, {"identifier"}) if body is not None else ():
            if node_text(n, data) != name:
                continue
            p = n.parent
            if p is not None and p.type == "member_expression" and p.child_by_field_name("object") == n:
                prop = p.child_by_field_name("property")
                if prop is not None and prop.type == "property_identifier":
                    key = node_text(prop, data)
                    self._add(key)
                    self.refs[key].append(p)
                    continue
            if p is not None and p.type == "variable_declarator" and p.child_by_field_name("value") == n:
                nm = p.child_by_field_name("name")
                scope = p.parent.parent if p.parent is not None else None
                if nm is not None and nm.type == "object_pattern":
                    self._pattern(nm, scope)
                    continue
            if p is not None and p.type == "subscript_expression" and p.child_by_field_name("object") == n:
                idx = p.child_by_field_name("index")
                key = string_value(idx, data) if idx is not None and idx.type == "string" else None
                if key:
                    self._add(key)
                    self.refs[key].append(p)
                    continue
            self.complete = False


_BINDING_FIELD = {"variable_declarator": "name", "pair_pattern": "value", "object_assignment_pattern": "left", "assignment_pattern": "left"}


def _identifier_uses(scope: Node, name: str, data: bytes) -> list[Node]:
    """Identifiers reading `name` in `scope` (not the ones declaring a binding)."""
    out = []
    for n in walk(scope, {"identifier", "shorthand_property_identifier"}):
        if node_text(n, data) == name:
            p = n.parent
            field = _BINDING_FIELD.get(p.type) if p is not None else None
            if field is not None and p.child_by_field_name(field) == n:  # type: ignore[union-attr]
                continue
            out.append(n)
    return out


# ----------------------------------------------------------------------------- imports the text needs
def _import_edits(ctx: "RuleContext", text: str) -> list[Edit] | None:
    needs = [("v", "convex/values", r"\bv\."), ("paginationOptsValidator", "convex/server", r"\bpaginationOptsValidator\b"),
             ("paginationResultValidator", "convex/server", r"\bpaginationResultValidator\b")]
    return add_imports(ctx, [(name, source) for name, source, pattern in needs if re.search(pattern, text)])
