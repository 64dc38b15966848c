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
When the handler reads no arguments, "Add `args: {}`" is safe. When it destructures or annotates
its arguments, an unsafe fix declares them with validators inferred from the TypeScript
annotations (`string` → `v.string()`, `Id<"t">` → `v.id("t")`, literal unions…) and `v.any()`
where nothing is known; review the result.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._fn_util import annotated_arg_types, arg_reads, args_param_state, function_registrations, infer_validator, insert_before_property, named_import_edits, resolved_handler
from .base import Rule, RuleContext
from .common import pair_of

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
        handler_prop = pair_of(reg.config, "handler", ctx.data)
        fixes = []
        if state == "none":
            if handler_prop is not None:
                fixes.append(ctx.fix("Add `args: {}`", [insert_before_property(ctx, handler_prop, "args: {}")]))
            yield ctx.diagnostic(reg.callee, RULE.message("missing_empty_args", **fmt), fixes, severity=severity)
            continue
        inferred = _inferred_args(ctx, fn) if fn is not None else None
        if inferred is not None and handler_prop is not None:
            imp = named_import_edits(ctx, "v", "convex/values") if "v." in inferred else []
            if imp is not None:
                edit = insert_before_property(ctx, handler_prop, f"args: {inferred}")
                fixes.append(ctx.fix("Declare the arguments", [*imp, edit], "unsafe"))
        yield ctx.diagnostic(reg.callee, RULE.message("missing_args", **fmt), fixes, severity=severity)


def _inferred_args(ctx: RuleContext, fn: Node) -> str | None:
    """`{ a: v.string(), b: v.any() }` from the handler's second parameter: its TypeScript object
    type when annotated, else the names it destructures or reads (`args.a`)."""
    fields = annotated_arg_types(fn, ctx.data)
    if fields is None:
        reads, complete = arg_reads(ctx, fn)
        if not complete:
            return None
        fields = {}
        for key, n in reads:
            default = n.parent is not None and n.parent.type == "object_assignment_pattern"
            fields.setdefault(key, "v.optional(v.any())" if default else "v.any()")
    return "{ " + ", ".join(f"{k}: {v}" for k, v in fields.items()) + " }" if fields else "{}"
