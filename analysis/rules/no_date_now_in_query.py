"""## What it does
Flags `Date.now()` and a zero-argument `new Date()` inside a query.

## Why is this bad?
Query results are cached and re-run only when the data they read changes, not when time passes:
a query that reads the clock shows stale results and defeats caching. Pass the time as an argument
(rounded) or materialise time-based flags with a scheduled function.

## Example
```ts
import { query } from "./_generated/server";
import { v } from "convex/values";

export const recent = query({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    const since = Date.now() - 60_000;
    return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).take(since > 0 ? 10 : 5);
  },
});
```

## Use instead
```ts
import { query } from "./_generated/server";
import { v } from "convex/values";

export const recent = query({
  args: { channel: v.string(), now: v.number() },
  handler: async (ctx, args) => {
    const since = args.now - 60_000;
    return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).take(since > 0 ? 10 : 5);
  },
});
```

## When not to use it
When a stale result is acceptable and the function is never cached on the client.

## Fix safety
"Pass the time in" adds `now: v.number()` to the query's args and reads it where the clock was
read; unsafe, since every caller must now pass `now` (round it, e.g. to the minute, so the query
cache still works).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.date_now import pass_time_fix
from ..diagnostics import Diagnostic
from ..syntax import node_text
from .base import Rule, RuleContext

RULE = Rule(
    id="no-date-now-in-query",
    category="correctness",
    default_severity="warning",
    summary="Date.now() or new Date() inside a query",
    fix="sometimes",
    applicability="unsafe",
    messages={"now": "'{expr}' in a query: results are cached and do not update as time passes; pass the time as an argument"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        if reg.kind != "query" or reg.handler is None:
            continue
        for n in ctx.walk(reg.handler, {"call_expression", "new_expression"}):
            if n.type == "call_expression":
                f = n.child_by_field_name("function")
                if f is not None and node_text(f, ctx.data).replace(" ", "") == "Date.now":
                    yield ctx.diagnostic(n, RULE.message("now", expr="Date.now()"), lambda n=n, reg=reg: [pass_time_fix(ctx, reg, n)])
            else:
                ctor = n.child_by_field_name("constructor")
                args = n.child_by_field_name("arguments")
                if ctor is not None and node_text(ctor, ctx.data) == "Date" and (args is None or not args.named_children):
                    yield ctx.diagnostic(n, RULE.message("now", expr="new Date()"), lambda n=n, reg=reg: [pass_time_fix(ctx, reg, n)])
