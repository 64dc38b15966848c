"""## What it does
Flags `ctx.vectorSearch(...)` outside actions.

## Why is this bad?
Vector search is only available in actions (and HTTP actions); in a query or mutation the context
has no `vectorSearch` and the call fails.

## Example
```ts
import { query } from "./_generated/server";
import { v } from "convex/values";

export const similar = query({
  args: { embedding: v.array(v.float64()) },
  handler: async (ctx, args) => {
    return await ctx.vectorSearch("documents", "by_embedding", { vector: args.embedding, limit: 5 });
  },
});
```

## Use instead
```ts
import { action } from "./_generated/server";
import { v } from "convex/values";

export const similar = action({
  args: { embedding: v.array(v.float64()) },
  handler: async (ctx, args) => {
    return await ctx.vectorSearch("documents", "by_embedding", { vector: args.embedding, limit: 5 });
  },
});
```

## When not to use it
Never.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._ctx_util import ctx_calls
from .base import Rule, RuleContext

RULE = Rule(
    id="vector-search-in-action-only",
    category="correctness",
    default_severity="error",
    summary="ctx.vectorSearch outside an action",
    messages={"vector": "ctx.vectorSearch is only available in actions, not in a {kind}"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        if reg.kind not in ("query", "mutation"):
            continue
        for call, chain in ctx_calls(ctx, reg):
            if chain == ["vectorSearch"]:
                yield ctx.diagnostic(call.child_by_field_name("function"), RULE.message("vector", kind=reg.kind))
