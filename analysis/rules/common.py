"""Syntax helpers shared by rules: registrations, walking, query chains, ctx members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tree_sitter import Node

from ..model import BuilderInfo
from ..syntax import node_text, string_value
from ..validators import call_args, key_name, object_keys  # noqa: F401 - object_keys re-exported for rules

if TYPE_CHECKING:  # pragma: no cover
    from .base import Registration, RuleContext

FUNCTION_NODES = frozenset({"arrow_function", "function_expression", "function", "function_declaration", "method_definition", "generator_function_declaration"})
TERMINALS = frozenset({"collect", "take", "first", "unique", "paginate"})


def unwrap(node: Node) -> Node:
    while node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression"):
        if not node.named_children:
            break
        node = node.named_children[0]
    return node


def walk(node: Node, types: frozenset[str] | set[str] | None = None) -> Iterator[Node]:
    """Pre-order walk; yields nodes whose type is in `types` (all nodes if None). Iterative."""
    stack = [node]
    while stack:
        n = stack.pop()
        if types is None or n.type in types:
            yield n
        stack.extend(reversed(n.children))




def pair_of(obj: Node, key: str, data: bytes) -> Node | None:
    """The `pair` (or method/shorthand) node of `key` in an object literal."""
    for p in obj.named_children:
        if p.type == "pair":
            k = p.child_by_field_name("key")
            if k is not None and key_name(k, data) == key:
                return p
        elif p.type in ("method_definition", "shorthand_property_identifier"):
            nm = p.child_by_field_name("name") if p.type == "method_definition" else p
            if nm is not None and node_text(nm, data) == key:
                return p
    return None


def _registration_from(ctx: "RuleContext", call: Node, name: str, exported: bool, stmt: Node) -> "Registration | None":
    from .base import Registration

    call = unwrap(call)
    if call.type != "call_expression":
        return None
    callee = call.child_by_field_name("function")
    if callee is None or callee.type not in ("identifier", "member_expression"):
        return None
    info: BuilderInfo | None = ctx.builder(node_text(callee, ctx.data))
    if info is None:
        return None
    args = call_args(call)
    if not args:
        return None
    first = unwrap(args[0])
    if first.type == "object":
        keys = object_keys(first, ctx.data)
        h = keys.get("handler")
        if h is None:
            return None
        return Registration(name, exported, call, callee, info, first, h, keys.get("args"), keys.get("returns"), "object", stmt)
    if first.type in ("arrow_function", "function_expression", "function"):
        return Registration(name, exported, call, callee, info, None, first, None, None, "legacy", stmt)
    return None


def find_registrations(ctx: "RuleContext") -> list["Registration"]:
    """Registrar calls bound at the top level of the file (exported or not)."""
    out: list[Registration] = []
    exported_locals: dict[str, str] = {}
    data = ctx.data
    for stmt in ctx.root.named_children:
        if stmt.type == "export_statement":
            clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
            if clause is not None and stmt.child_by_field_name("source") is None:
                for spec in clause.named_children:
                    nm = spec.child_by_field_name("name")
                    al = spec.child_by_field_name("alias")
                    if nm is not None:
                        exported_locals[node_text(nm, data)] = node_text(al if al is not None else nm, data)
            if any(c.type == "default" for c in stmt.children):
                v = stmt.child_by_field_name("value")
                if v is not None and v.type == "identifier":
                    exported_locals[node_text(v, data)] = "default"
    for stmt in ctx.root.named_children:
        exported = stmt.type == "export_statement"
        decl = stmt.child_by_field_name("declaration") if exported else stmt
        if exported and decl is None:
            value = stmt.child_by_field_name("value")
            if value is not None and any(c.type == "default" for c in stmt.children):
                r = _registration_from(ctx, value, "default", True, stmt)
                if r is not None:
                    out.append(r)
            continue
        if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for d in decl.named_children:
            if d.type != "variable_declarator":
                continue
            nm = d.child_by_field_name("name")
            val = d.child_by_field_name("value")
            if nm is None or val is None or nm.type != "identifier":
                continue
            local = node_text(nm, data)
            is_exp = exported or local in exported_locals
            r = _registration_from(ctx, val, exported_locals.get(local, local), is_exp, stmt)
            if r is not None:
                out.append(r)
    return out


def handler_params(handler: Node | None) -> list[Node]:
    if handler is None:
        return []
    params = handler.child_by_field_name("parameters")
    if params is None:
        p = handler.child_by_field_name("parameter")
        return [p] if p is not None else []
    return [c for c in params.named_children if c.type not in ("comment",)]


def param_name(param: Node, data: bytes) -> str | None:
    """Identifier of a parameter (`ctx`, `ctx: QueryCtx`), None for patterns."""
    if param.type == "identifier":
        return node_text(param, data)
    pat = param.child_by_field_name("pattern")
    if pat is not None and pat.type == "identifier":
        return node_text(pat, data)
    return None


def member_chain(node: Node, data: bytes) -> list[str]:
    """`ctx.db.query` → ["ctx", "db", "query"] (None-safe; stops at calls)."""
    parts: list[str] = []
    cur = node
    while cur is not None and cur.type == "member_expression":
        prop = cur.child_by_field_name("property")
        parts.append(node_text(prop, data) if prop is not None else "")
        cur = cur.child_by_field_name("object")
    if cur is not None and cur.type in ("identifier", "this"):
        parts.append(node_text(cur, data))
    else:
        parts.append("")
    return list(reversed(parts))


def callee_name(call: Node, data: bytes) -> str:
    f = call.child_by_field_name("function")
    return node_text(f, data) if f is not None else ""


def method_name(call: Node, data: bytes) -> str | None:
    f = call.child_by_field_name("function")
    if f is None or f.type != "member_expression":
        return None
    prop = f.child_by_field_name("property")
    return node_text(prop, data) if prop is not None else None


def string_arg(call: Node, index: int, data: bytes) -> tuple[str, Node] | None:
    args = call_args(call)
    if len(args) <= index or args[index].type != "string":
        return None
    v = string_value(args[index], data)
    return (v, args[index]) if v is not None else None


def enclosing(node: Node, types: frozenset[str] | set[str]) -> Node | None:
    cur = node.parent
    while cur is not None:
        if cur.type in types:
            return cur
        cur = cur.parent
    return None


def is_db_receiver(node: Node, data: bytes) -> bool:
    """`ctx.db`, `db`, `ctx.db.system`, `this.db` … (the receiver of a db method)."""
    t = node_text(node, data).replace(" ", "")
    return t == "db" or t.endswith(".db") or t.endswith("db.system")


def query_chain_root(node: Node, data: bytes) -> Node | None:
    """For a node in a `…db.query("t")….x()` chain, the `db.query(...)` call (or None)."""
    cur = node
    for _ in range(40):
        cur = unwrap(cur)
        if cur.type == "call_expression":
            f = cur.child_by_field_name("function")
            if f is None or f.type != "member_expression":
                return None
            prop = f.child_by_field_name("property")
            obj = f.child_by_field_name("object")
            if prop is not None and node_text(prop, data) == "query" and obj is not None and is_db_receiver(obj, data):
                return cur
            cur = obj
        elif cur.type == "member_expression":
            cur = cur.child_by_field_name("object")
        else:
            return None
        if cur is None:
            return None
    return None


#: crons.<method>(name, schedule, ref, args): index of the function reference argument
CRON_REF_INDEX = {"interval": 2, "hourly": 2, "daily": 2, "weekly": 2, "monthly": 2, "cron": 2}


def is_test_file(path: str) -> bool:
    """Test suites (convex-test, vitest, benchmarks): never deployed; several rules skip them."""
    base = path.rsplit("/", 1)[-1]
    return any(f".{k}." in base for k in ("test", "spec", "bench")) or "/__tests__/" in path
