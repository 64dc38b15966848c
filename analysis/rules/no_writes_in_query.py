"""## What it does
Flags writes and side effects inside a query: `ctx.db.insert/patch/replace/delete`,
`ctx.scheduler.*`, `ctx.runMutation` and `ctx.runAction`.

## Why is this bad?
Queries are read-only and deterministic: the query context has no writer, scheduler or
`runMutation`. The generated types reject most of these only after codegen; this rule says so as
you type, for custom query builders too.

## Example
```ts
import { query } from "./_generated/server";
import { v } from "convex/values";

export const touch = query({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    await ctx.db.patch("messages", args.id, { likes: 1 });
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const touch = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    await ctx.db.patch("messages", args.id, { likes: 1 });
  },
});
```

## When not to use it
Never: a query cannot write.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._ctx_util import ctx_calls
from .base import Rule, RuleContext

RULE = Rule(
    id="no-writes-in-query",
    category="correctness",
    default_severity="error",
    summary="Database writes, scheduling or runMutation/runAction inside a query",
    messages={"write": "'{call}' is not available in a query: queries are read-only"},
)

WRITES = {("db", "insert"), ("db", "patch"), ("db", "replace"), ("db", "delete"), ("runMutation",), ("runAction",)}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        if reg.kind != "query":
            continue
        for call, chain in ctx_calls(ctx, reg):
            key = tuple(chain[:2]) if chain[:1] == ["db"] else tuple(chain[:1])
            if key in WRITES or (chain[:1] == ["scheduler"] and len(chain) == 2):
                f = call.child_by_field_name("function")
                yield ctx.diagnostic(f, RULE.message("write", call="ctx." + ".".join(chain)))
