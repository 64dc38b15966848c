"""## What it does
Flags `ctx.runQuery` / `ctx.runMutation` / `ctx.runAction` called inside a `for` loop or a `.map` /
`.forEach` callback. A call whose nearest loop is `while`/`do` is the cursor or batch pattern (one
call per page) and is not reported. `ctx.db.*` calls in loops are not reported: per-item
writes in a mutation are the normal Convex shape.

## Why is this bad?
Each `ctx.run*` is a separate function call, and from an action a separate transaction: a loop of
them is slow and not atomic. Pass the whole list to one internal mutation or query instead.

## Example
```ts
import { action } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";

export const importAll = action({
  args: { bodies: v.array(v.string()) },
  handler: async (ctx, args) => {
    for (const body of args.bodies) {
      await ctx.runMutation(internal.messages.insertOne, { body });
    }
  },
});
```

## Use instead
```ts
import { action } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";

export const importAll = action({
  args: { bodies: v.array(v.string()) },
  handler: async (ctx, args) => {
    await ctx.runMutation(internal.messages.insertMany, { bodies: args.bodies });
  },
});
```

## When not to use it
When batching is impossible (each call must be its own transaction, e.g. large migrations).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._ctx_util import ctx_calls
from .base import Rule, RuleContext
from .common import FUNCTION_NODES

RULE = Rule(
    id="no-run-in-loop",
    category="performance",
    default_severity="warning",
    summary="ctx.run* called inside a loop",
    messages={"loop": "ctx.{method} inside a loop makes one function call per item: pass the whole list to one function"},
)

LOOPS = {"for_statement", "for_in_statement", "while_statement", "do_statement"}
ITERATORS = {"map", "forEach", "flatMap"}


def _in_loop(call, handler, data) -> bool:
    cur = call.parent
    while cur is not None and cur != handler:
        if cur.type in ("while_statement", "do_statement"):
            return False  # a cursor or batch loop: one call per batch is the recommended shape
        if cur.type in LOOPS:
            return True
        if cur.type in FUNCTION_NODES:
            p = cur.parent
            if p is not None and p.type == "arguments" and p.parent is not None:
                f = p.parent.child_by_field_name("function")
                if f is not None and f.type == "member_expression":
                    prop = f.child_by_field_name("property")
                    if prop is not None and node_text(prop, data) in ITERATORS:
                        return True
        cur = cur.parent
    return False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        for call, chain in ctx_calls(ctx, reg):
            if chain in (["runQuery"], ["runMutation"], ["runAction"]) and _in_loop(call, reg.handler, ctx.data):
                yield ctx.diagnostic(call.child_by_field_name("function"), RULE.message("loop", method=chain[0]))
