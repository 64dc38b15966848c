"""## What it does
Flags calls to Convex APIs that return promises and are neither awaited, returned nor assigned:
`ctx.db.insert/patch/replace/delete`, `ctx.scheduler.runAfter/runAt/cancel`,
`ctx.runQuery/runMutation/runAction`, `ctx.storage.*`.

## Why is this bad?
A dangling promise may run after the function returned, or not at all; its errors are lost and
in actions it can break later invocations (Convex best practices: "await all promises").

## Example
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const like = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    ctx.db.patch("messages", args.id, { likes: 1 });
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const like = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    await ctx.db.patch("messages", args.id, { likes: 1 });
  },
});
```

## When not to use it
Never in Convex functions; collect promises and `await Promise.all(...)` when you want concurrency.

## Fix safety
Inserting `await` is safe inside an async function (the fix is not offered elsewhere).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._ctx_util import ctx_calls, enclosing_function, is_async
from .base import Rule, RuleContext

RULE = Rule(
    id="await-convex-calls",
    category="correctness",
    default_severity="error",
    summary="A Convex call whose promise is not awaited",
    fix="sometimes",
    applicability="safe",
    messages={"floating": "'{call}' returns a promise that is never awaited"},
)

_ASYNC = {
    "db": {"insert", "patch", "replace", "delete"},
    "scheduler": {"runAfter", "runAt", "cancel"},
    "storage": {"delete", "store", "get", "getUrl", "generateUploadUrl", "getMetadata"},
}
_RUN = {"runQuery", "runMutation", "runAction"}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        for call, chain in ctx_calls(ctx, reg):
            if not chain:
                continue
            hit = (len(chain) == 1 and chain[0] in _RUN) or (len(chain) == 2 and chain[1] in _ASYNC.get(chain[0], ()))
            if not hit or call.parent is None or call.parent.type != "expression_statement":
                continue
            fn = enclosing_function(call)
            fixes = [ctx.fix("Add 'await'", [ctx.edit(ctx.range(call).__class__(call.start_byte, call.start_byte), "await ")])] if is_async(fn) else []
            yield ctx.diagnostic(call, RULE.message("floating", call="ctx." + ".".join(chain)), fixes)
