"""Helpers for crons.ts / http.ts rules: router variables, their calls, the default export."""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..syntax import node_text
from ..validators import call_args
from .base import RuleContext
from .common import member_chain, unwrap


def routers(ctx: RuleContext, factory: str) -> dict[str, Node]:
    """Top-level `const x = factory()` bindings: name → declarator."""
    out: dict[str, Node] = {}
    if factory.encode() not in ctx.data:
        return out  # most files: no `cronJobs()` / `httpRouter()` call at all
    for d in ctx.walk(ctx.root, {"variable_declarator"}):
        v = d.child_by_field_name("value")
        n = d.child_by_field_name("name")
        if v is None or n is None or n.type != "identifier":
            continue
        v = unwrap(v)
        if v.type == "call_expression":
            f = v.child_by_field_name("function")
            if f is not None and node_text(f, ctx.data) == factory:
                out[node_text(n, ctx.data)] = d
    return out


def router_calls(ctx: RuleContext, names: dict[str, Node], methods: set[str]) -> Iterator[tuple[Node, str, list[Node]]]:
    """`<router>.<method>(args)` calls: (call, method, args)."""
    if not names:
        return
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or f.type != "member_expression":
            continue
        chain = member_chain(f, ctx.data)
        if len(chain) == 2 and chain[0] in names and chain[1] in methods:
            yield call, chain[1], call_args(call)


def default_export(ctx: RuleContext) -> Node | None:
    """The expression of `export default <expr>`."""
    for stmt in ctx.root.named_children:
        if stmt.type == "export_statement" and any(c.type == "default" for c in stmt.children):
            return stmt.child_by_field_name("value") or next((c for c in stmt.named_children), None)
    return None


def exported_names(ctx: RuleContext) -> set[str]:
    """Local names exported as default via `export { x as default }`."""
    out = set()
    for stmt in ctx.root.named_children:
        if stmt.type != "export_statement":
            continue
        clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
        if clause is None:
            continue
        for spec in clause.named_children:
            nm = spec.child_by_field_name("name")
            al = spec.child_by_field_name("alias")
            if nm is not None and al is not None and node_text(al, ctx.data) == "default":
                out.add(node_text(nm, ctx.data))
    return out
