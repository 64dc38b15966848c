"""## What it does
Flags `ctx.db` inside an action or HTTP action (including a destructured `{ db }`).

## Why is this bad?
Actions have no database access: `ctx.db` is undefined there and the call fails at runtime.
Read and write through `ctx.runQuery` / `ctx.runMutation` with internal functions instead.

## Example
```ts
import { action } from "./_generated/server";
import { v } from "convex/values";

export const summarize = action({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).take(10);
  },
});
```

## Use instead
```ts
import { action } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";

export const summarize = action({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    return await ctx.runQuery(internal.messages.recent, { channel: args.channel });
  },
});
```

## When not to use it
Never.

## Fix safety
"Move this database access into internal query/mutation '…'" creates the function next to the
action (its free names become `v.any()` arguments to tighten) and calls it with
`ctx.runQuery`/`ctx.runMutation`; in a `"use node"` file, where queries and mutations cannot be
defined, it goes to a new file beside it (`workDb.ts` for `work.ts`). Unsafe: it runs in its own
transaction.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.extract_db import extract_db_fix
from ..diagnostics import Diagnostic
from ._ctx_util import ctx_member_uses
from .base import Rule, RuleContext

RULE = Rule(
    id="no-db-in-action",
    category="correctness",
    default_severity="error",
    summary="ctx.db used in an action or HTTP action",
    fix="sometimes",
    applicability="unsafe",
    messages={"db": "Actions have no database access: use ctx.runQuery / ctx.runMutation with an internal function"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        if reg.kind not in ("action", "httpAction"):
            continue
        for node in ctx_member_uses(ctx, reg, "db"):
            yield ctx.diagnostic(node, RULE.message("db"), lambda node=node, reg=reg: [extract_db_fix(ctx, reg, node)])
