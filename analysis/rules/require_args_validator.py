"""## What it does
Flags a query, mutation or action registered with the object syntax but without an `args`
validator: exported or not, `export const`, `export { f }` and `export default` forms, and
functions made with custom builders (`authMutation({ handler })`). Public functions are reported
as errors, internal ones as warnings.

## Why is this bad?
Without `args`, a public function accepts any value from any client, and TypeScript types do not
exist at run time. The Convex best practices ask for argument validators on all public functions
(and the AI guidelines on all functions).

## Example
```ts
import { mutation } from "./_generated/server";

export const send = mutation({
  handler: async (ctx, { body }: { body: string }) => {
    await ctx.db.insert("messages", { body, author: "anonymous" as any, channel: "general", likes: 0 });
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => {
    await ctx.db.insert("messages", { body, author: "anonymous" as any, channel: "general", likes: 0 });
  },
});
```

## When not to use it
For internal functions in a project that trusts its own callers, lower the severity of internal
functions, or turn the rule off. Option `ignoreUnusedArguments` (default false) skips handlers that
read no arguments. Functions in the old bare-handler syntax are left to `no-old-function-syntax`.

## Fix safety
When the handler reads no arguments, "Add `args: {}`" is safe. When it destructures, reads or
annotates its arguments, the unsafe "Add args validator" declares them with validators inferred
from the TypeScript annotations (`string` → `v.string()`, `Id<"t">` → `v.id("t")`, literal
unions…) and from how the handler uses them (`ctx.db.get("t", x)` → `v.id("t")`, compared with or
written to a field of table t → that field's validator), and `v.any()` where nothing is known
(a tab stop in editors that support snippets); review the result.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.validators import args_fix
from ..diagnostics import Diagnostic
from ._fn_util import args_param_state, function_registrations, resolved_handler
from .base import Rule, RuleContext

RULE = Rule(
    id="require-args-validator",
    category="correctness",
    default_severity="error",
    summary="A registered function without an `args` validator",
    fix="sometimes",
    applicability="safe",
    ep_alias="require-args-validator",
    options={"ignoreUnusedArguments": False},
    messages={
        "missing_args": "{visibility} {kind} '{name}' reads arguments but has no `args` validator",
        "missing_empty_args": "{visibility} {kind} '{name}' has no `args` validator; add `args: {{}}`",
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in function_registrations(ctx):
        if reg.syntax != "object" or reg.args is not None or reg.config is None:
            continue
        if any(c.type == "spread_element" for c in reg.config.named_children):
            continue  # `args` may come from the spread
        fn = resolved_handler(ctx, reg)
        state = args_param_state(ctx, fn)
        if state == "none" and ctx.options.get("ignoreUnusedArguments"):
            continue
        severity = "error" if reg.visibility == "public" else "warning"
        fmt = dict(visibility=reg.visibility.capitalize(), kind=reg.kind, name=reg.name)
        fixes = [f for f in (args_fix(ctx, reg, fn),) if f is not None]  # validators inferred from the handler
        message = "missing_empty_args" if state == "none" else "missing_args"
        yield ctx.diagnostic(reg.callee, RULE.message(message, **fmt), fixes, severity=severity)
