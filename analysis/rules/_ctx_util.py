"""Helpers for rules about what a handler does with `ctx` (db, scheduler, run*, storage, auth)."""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..syntax import node_text
from .base import Registration, RuleContext
from .common import FUNCTION_NODES, handler_params, member_chain


def ctx_names(reg: Registration, data: bytes) -> tuple[str | None, dict[str, str]]:
    """(name of the ctx parameter, {local name: ctx member} for a destructured ctx like `({ db })`)."""
    params = handler_params(reg.handler)
    if not params:
        return None, {}
    p = params[0]
    pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
    if pat is None:
        return None, {}
    if pat.type == "identifier":
        return node_text(pat, data), {}
    members: dict[str, str] = {}
    if pat.type == "object_pattern":
        for c in pat.named_children:
            if c.type == "shorthand_property_identifier_pattern":
                n = node_text(c, data)
                members[n] = n
            elif c.type == "pair_pattern":
                k = c.child_by_field_name("key")
                v = c.child_by_field_name("value")
                if k is not None and v is not None and v.type == "identifier":
                    members[node_text(v, data)] = node_text(k, data)
    return None, members


def ctx_calls(ctx: RuleContext, reg: Registration) -> Iterator[tuple[Node, list[str]]]:
    """Calls inside the handler whose callee is `ctx.a.b…` (as ["a", "b", …]); a destructured
    `{ db }` parameter counts as `ctx.db`. Nested functions inside the handler are included
    (they run as part of the handler)."""
    if reg.handler is None:
        return iter(())
    h = reg.handler
    # Five rules ask for the same handlers' calls: computed once per handler and file.
    return iter(ctx.memo(("ctx_calls", h.start_byte, h.end_byte, h.type), lambda: list(_ctx_calls(ctx, h, reg))))


def _ctx_calls(ctx: RuleContext, handler: Node, reg: Registration) -> Iterator[tuple[Node, list[str]]]:
    name, members = ctx_names(reg, ctx.data)
    for call in ctx.walk(handler, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or f.type != "member_expression" and f.type != "identifier":
            continue
        chain = member_chain(f, ctx.data) if f.type == "member_expression" else [node_text(f, ctx.data)]
        if not chain or not chain[0]:
            continue
        if name is not None and chain[0] == name:
            yield call, chain[1:]
        elif chain[0] in members:
            yield call, [members[chain[0]], *chain[1:]]


def ctx_member_uses(ctx: RuleContext, reg: Registration, member: str) -> Iterator[Node]:
    """Every `ctx.<member>` expression in the handler (and the destructured parameter itself)."""
    if reg.handler is None:
        return
    name, members = ctx_names(reg, ctx.data)
    for local, m in members.items():
        if m == member:
            params = handler_params(reg.handler)
            yield params[0]
            break
    if name is None:
        return
    for me in ctx.walk(reg.handler, {"member_expression"}):
        obj = me.child_by_field_name("object")
        prop = me.child_by_field_name("property")
        if obj is not None and prop is not None and obj.type == "identifier" and node_text(obj, ctx.data) == name and node_text(prop, ctx.data) == member:
            yield me


def enclosing_function(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None:
        if cur.type in FUNCTION_NODES:
            return cur
        cur = cur.parent
    return None


def is_async(fn: Node | None) -> bool:
    return fn is not None and any(c.type == "async" for c in fn.children)


def in_functions_dir(ctx: RuleContext) -> bool:
    return ctx.module is not None
