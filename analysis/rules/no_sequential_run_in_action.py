"""## What it does
Reports two or more consecutive awaited `ctx.runQuery` / `ctx.runMutation` statements in an action
with nothing in between.

## Why is this bad?
Each call is its own transaction: the data can change between them, so the action may act on an
inconsistent view (Convex best practices: "avoid sequential ctx.runMutation / ctx.runQuery calls
from actions"). Combine them into one internal query or mutation.

## Example
```ts
import { action } from "./_generated/server";
import { internal } from "./_generated/api";

export const sync = action({
  args: {},
  handler: async (ctx) => {
    const user = await ctx.runQuery(internal.users.current, {});
    const messages = await ctx.runQuery(internal.messages.recent, {});
    return { user, messages };
  },
});
```

## Use instead
```ts
import { action } from "./_generated/server";
import { internal } from "./_generated/api";

export const sync = action({
  args: {},
  handler: async (ctx) => {
    return await ctx.runQuery(internal.messages.userAndRecent, {});
  },
});
```

## When not to use it
When the calls are deliberately separate transactions (batching large data, side effects between
them).
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ._ctx_util import ctx_names
from .base import Rule, RuleContext
from .common import member_chain, unwrap

RULE = Rule(
    id="no-sequential-run-in-action",
    category="correctness",
    default_severity="info",
    summary="Consecutive ctx.runQuery / ctx.runMutation calls in an action",
    messages={"seq": "Consecutive ctx.runQuery / ctx.runMutation calls run in separate transactions: combine them into one function"},
)


def _run_call(stmt: Node, ctx_name: str | None, data: bytes) -> Node | None:
    expr = None
    if stmt.type == "expression_statement" and stmt.named_children:
        expr = stmt.named_children[0]
    elif stmt.type in ("lexical_declaration", "variable_declaration"):
        decls = [d for d in stmt.named_children if d.type == "variable_declarator"]
        if len(decls) == 1:
            expr = decls[0].child_by_field_name("value")
    if expr is None:
        return None
    expr = unwrap(expr)
    if expr.type != "await_expression" or not expr.named_children:
        return None
    call = unwrap(expr.named_children[0])
    if call.type != "call_expression":
        return None
    f = call.child_by_field_name("function")
    if f is None or f.type != "member_expression":
        return None
    chain = member_chain(f, data)
    if len(chain) == 2 and chain[0] == ctx_name and chain[1] in ("runQuery", "runMutation"):
        return f
    return None


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        if reg.kind != "action" or reg.handler is None:
            continue
        body = reg.handler.child_by_field_name("body")
        if body is None or body.type != "statement_block":
            continue
        name, _ = ctx_names(reg, ctx.data)
        prev = False
        for stmt in body.named_children:
            if stmt.type == "comment":
                continue
            callee = _run_call(stmt, name, ctx.data)
            if callee is not None and prev:
                yield ctx.diagnostic(callee, RULE.message("seq"))
            prev = callee is not None
