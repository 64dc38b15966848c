"""## What it does
Flags `ctx.runQuery/runMutation/runAction`, `ctx.scheduler.runAfter/runAt` and `crons.*` given a
function value (a local registered function, an imported one, or `ns.fn` from `import * as ns`)
instead of a function reference (`internal.x.fn` / `api.x.fn`).

## Why is this bad?
These APIs take a `FunctionReference`. Passing the function object type-checks poorly and fails at
runtime.

## Example
```ts
import { mutation, internalMutation } from "./_generated/server";

export const cleanup = internalMutation({ args: {}, handler: async () => {} });

export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, cleanup, {});
  },
});
```

## Use instead
```ts
import { mutation, internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";

export const cleanup = internalMutation({ args: {}, handler: async () => {} });

export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.messages.cleanup, {});
  },
});
```

## When not to use it
Never.

## Fix safety
The replacement reference is computed from the registry; it is unsafe because `internal`/`api` may
need importing.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..model import FunctionDef
from ..syntax import node_text
from ..validators import call_args
from .base import Rule, RuleContext
from .common import CRON_REF_INDEX, member_chain

RULE = Rule(
    id="function-reference-required",
    category="correctness",
    default_severity="error",
    summary="A function value passed where a function reference (api./internal.) is required",
    fix="sometimes",
    applicability="unsafe",
    messages={"value": "Pass a function reference such as '{ref}', not the function itself", "value_unknown": "Pass a function reference (api.… or internal.…), not the function itself"},
)

_RUN = {"runQuery": 0, "runMutation": 0, "runAction": 0, "runAfter": 1, "runAt": 1}


def _target(ctx: RuleContext, arg) -> FunctionDef | None | bool:
    """The FunctionDef the expression names, True when it is a function we cannot place, None if not a function."""
    project = ctx.project
    iface = ctx.summary.interface
    if arg.type == "identifier":
        name = node_text(arg, ctx.data)
        for f in project.functions_in(ctx.path):
            if f.name == name:
                return f
        for r in ctx.registrations:
            if r.name == name:
                return True
        for imp in iface.imports:
            for imported, local in imp.names:
                if local == name and imported not in ("*", "default"):
                    target = project.resolve(ctx.path, imp.source)
                    if target is not None:
                        for f in project.functions_in(target):
                            if f.name == imported:
                                return f
        return None
    if arg.type == "member_expression":
        chain = member_chain(arg, ctx.data)
        if len(chain) != 2 or chain[0] in ("api", "internal", "components"):
            return None
        for imp in iface.imports:
            if ("*", chain[0]) in imp.names:
                target = project.resolve(ctx.path, imp.source)
                if target is not None:
                    for f in project.functions_in(target):
                        if f.name == chain[1]:
                            return f
    return None


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if ctx.module is None:
        return
    for call, method, _receiver in ctx.member_calls():
        idx = _RUN.get(method)
        if idx is None and method in CRON_REF_INDEX and ctx.special == "crons":
            args = call_args(call)
            idx = CRON_REF_INDEX[method] if not (method == "hourly" and len(args) > 1 and args[1].type != "object") else 1
        if idx is None:
            continue
        args = call_args(call)
        if len(args) <= idx:
            continue
        target = _target(ctx, args[idx])
        if target is None:
            continue
        if isinstance(target, FunctionDef):
            ref = target.api_path
            fix = ctx.fix(f"Replace with '{ref}'", [ctx.edit(args[idx], ref)])
            yield ctx.diagnostic(args[idx], RULE.message("value", ref=ref), [fix])
        else:
            yield ctx.diagnostic(args[idx], RULE.message("value_unknown"))
