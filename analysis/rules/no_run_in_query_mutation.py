"""## What it does
Reports `ctx.runQuery` / `ctx.runMutation` inside queries and mutations.

## Why is this bad?
Inside a query or mutation, `ctx.run*` starts a nested function call with its own overhead, while a
plain TypeScript helper sharing the same `ctx` does the same work in the same transaction (Convex
best practices: "use ctx.runQuery and ctx.runMutation sparingly in queries and mutations").

## Example
```ts
import { query } from "./_generated/server";
import { internal } from "./_generated/api";

export const page = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.runQuery(internal.messages.recent, {});
  },
});
```

## Use instead
```ts
import { query } from "./_generated/server";
import { recentMessages } from "./model/messages";

export const page = query({
  args: {},
  handler: async (ctx) => {
    return await recentMessages(ctx);
  },
});
```

## When not to use it
Only calls to the project's own functions (`api.*` / `internal.*`) are reported: calls into
components, calls through function handles, and a `runMutation` inside `try`/`catch` used for
partial rollback are not.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._ctx_util import ctx_calls
from .base import Rule, RuleContext
from .common import enclosing
from ..validators import call_args

RULE = Rule(
    id="no-run-in-query-mutation",
    category="performance",
    default_severity="info",
    summary="ctx.runQuery / ctx.runMutation inside a query or mutation",
    messages={"run": "ctx.{method} inside a {kind} starts a separate function call: call a helper function with the same ctx instead"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in ctx.registrations:
        if reg.kind not in ("query", "mutation"):
            continue
        for call, chain in ctx_calls(ctx, reg):
            if chain not in (["runQuery"], ["runMutation"]):
                continue
            args = call_args(call)
            if not args or not ctx.text(args[0]).startswith(("api.", "internal.")):
                continue  # components, and function handles (dynamic targets cannot become helpers)
            if chain == ["runMutation"] and enclosing(call, {"try_statement"}) is not None:
                continue
            yield ctx.diagnostic(call.child_by_field_name("function"), RULE.message("run", method=chain[0], kind=reg.kind))
