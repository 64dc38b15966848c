"""## What it does
Flags `ctx.runAction(ref)` where the caller and the target run in the same runtime (both in the
default Convex runtime, or both `"use node"`).

## Why is this bad?
`runAction` is a separate function call with its own overhead and limits; it exists to cross from
the Convex runtime to Node.js. Within one runtime, call a plain TypeScript helper instead (Convex
best practices: "use runAction only when calling Node.js code").

## Example
```ts
import { action, internalAction } from "./_generated/server";
import { internal } from "./_generated/api";

export const step = internalAction({ args: {}, handler: async () => null });

export const run = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runAction(internal.messages.step, {});
  },
});
```

## Use instead
```ts
import { action } from "./_generated/server";

async function step() {
  return null;
}

export const run = action({
  args: {},
  handler: async () => {
    await step();
  },
});
```

## When not to use it
When the separate call is deliberate (its own timeout, or a component boundary).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from .base import Rule, RuleContext

RULE = Rule(
    id="run-action-same-runtime",
    category="performance",
    default_severity="warning",
    summary="ctx.runAction to a function in the same runtime",
    messages={"same": "'{name}' runs in the same runtime ({runtime}): call a helper function instead of ctx.runAction"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if ctx.module is None:
        return
    runtime = "node" if ctx.summary.interface.use_node else "convex"
    for u in ctx.summary.uses:
        if u.kind != "function" or u.context != "runAction":
            continue
        target = ctx.project.function(u.name)
        if target is not None and target.runtime == runtime:
            label = "Node.js" if runtime == "node" else "the Convex runtime"
            yield ctx.diagnostic(u.range, RULE.message("same", name=u.name, runtime=label))
