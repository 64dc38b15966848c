"""## What it does
Flags an authentication check (`ctx.auth.getUserIdentity()`, `getAuthUserId`) inside a function
that is scheduled (`ctx.scheduler.runAfter/runAt`) or run by a cron job.

## Why is this bad?
Authentication is not propagated to scheduled functions and crons: `getUserIdentity()` returns
`null` there, so the check always fails (or the code silently treats the user as anonymous). Pass
the user id as an argument from the function that schedules it.

## Example
```ts
import { mutation, internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";

export const later = internalMutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
  },
});

export const start = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.messages.later, {});
  },
});
```

## Use instead
```ts
import { mutation, internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";

export const later = internalMutation({
  args: { tokenIdentifier: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.query("users").withIndex("by_token", (q) => q.eq("tokenIdentifier", args.tokenIdentifier)).unique();
  },
});

export const start = mutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
    await ctx.scheduler.runAfter(0, internal.messages.later, { tokenIdentifier: identity.tokenIdentifier });
  },
});
```

## When not to use it
When the function is also called directly by clients and handles the missing identity on purpose.

## Fix safety
Unsafe: adds `tokenIdentifier: v.string()` to the target's args, reads `args.tokenIdentifier`
where it called `getUserIdentity()`, and passes `identity.tokenIdentifier` from every
`runAfter`/`runAt` call. Display-only when a caller has no `identity` yet (the fix then inserts an
authentication check there). No fix for cron targets or `getAuthUserId`, nor for a public target:
clients could then pass any identity (make it internal first, then pass the identity).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.scheduled_auth import pass_identity_fix
from ..diagnostics import Diagnostic
from ..syntax import node_text
from .base import Rule, RuleContext

RULE = Rule(
    id="scheduled-function-uses-auth",
    category="correctness",
    default_severity="warning",
    summary="An auth check inside a function that is scheduled or run by a cron",
    fix="sometimes",
    applicability="unsafe",
    messages={"auth": "'{name}' is {how}: authentication is not propagated there, so this returns null. Pass the user id as an argument"},
)

_CONTEXTS = {"runAfter": "scheduled", "runAt": "scheduled"}


def _scheduled_targets(ctx: RuleContext) -> dict[str, str]:
    root = ctx.project.root

    def compute() -> dict[str, str]:
        out: dict[str, str] = {}
        for path in ctx.snap.files_in(root):
            s = ctx.snap.summary(path)
            if s is None:
                continue
            for u in s.function_uses:
                how = _CONTEXTS.get(u.context) or ("run by a cron job" if u.context.startswith("crons.") else None)
                if how:
                    out.setdefault(u.name, how)
        return out

    return ctx.snap.memo(("scheduled-targets", root.functions_dir), compute)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not ctx.registrations or b"getUserIdentity" not in ctx.data and b"getAuth" not in ctx.data:
        return
    targets = _scheduled_targets(ctx)
    if not targets:
        return
    for fn in ctx.project.functions_in(ctx.path):
        how = targets.get(fn.api_path)
        if how is None:
            continue
        reg = next((r for r in ctx.registrations if r.name == fn.name), None)
        if reg is None or reg.handler is None:
            continue
        for call in ctx.walk(reg.handler, {"call_expression"}):
            f = call.child_by_field_name("function")
            name = node_text(f, ctx.data).rsplit(".", 1)[-1] if f is not None else ""
            if name in ("getUserIdentity", "getAuthUserId"):
                # only for an internal target: a public one would take any caller's word for who they are
                fix = pass_identity_fix(ctx, reg, call, fn.api_path) if name == "getUserIdentity" and how == "scheduled" and reg.visibility != "public" else None
                yield ctx.diagnostic(call, RULE.message("auth", name=fn.api_path, how=how), [fix] if fix is not None else [])
