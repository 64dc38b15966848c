"""## What it does
Flags ctx.runQuery / runMutation / runAction given a public (api.) function inside the functions directory.

## Why is this bad?
A public function is callable by any client with any arguments. Work that the server triggers
itself (scheduled, run from another function, or from a cron) should be an `internal*` function so
that clients cannot call it directly (Convex best practices: "only schedule and ctx.run* internal
functions").

## Example
```ts
import { mutation } from "./_generated/server";
import { api } from "./_generated/api";

export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.runMutation(api.messages.send, { body: "hi" });
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { internal } from "./_generated/api";

export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.runMutation(internal.messages.send, { body: "hi" });
  },
});
```

## When not to use it
When the target is deliberately public and must also be callable by clients, and it checks access
itself.

## Fix safety
`api.` → `internal.` is offered (safe) when the internal function exists. Otherwise the unsafe
"Make '…' internal" swaps the target's builder (`mutation` → `internalMutation`, fixing the import)
and rewrites every `api.` reference to it into `internal.`; it is not offered when client code
(outside the functions directory) calls the function.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._ref_util import public_refs
from .base import Rule, RuleContext

RULE = Rule(
    id="run-internal-only",
    category="security",
    default_severity="warning",
    summary="ctx.runQuery / runMutation / runAction given a public (api.) function",
    fix="sometimes",
    applicability="safe",
    messages={"public": "Call internal functions from the server: '{name}' is public (anyone can call it)"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for use, fixes in public_refs(ctx, ('runQuery', 'runMutation', 'runAction'), ()):
        yield ctx.diagnostic(use.range, RULE.message("public", name=use.name), fixes)
