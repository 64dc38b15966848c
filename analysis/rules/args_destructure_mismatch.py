"""## What it does
Flags an argument that a handler destructures (`handler: async (ctx, { body, author })`) or
reads (`args.author`, `const { author } = args`) but that its `args` validator does not declare.
The validator must be known: an object literal, `v.object({...})`, or a constant of the same
file. Functions made with custom builders are skipped (their customization may add arguments),
and so are named handlers (`handler: onComplete`), which several registrations may share.

## Why is this bad?
Convex validates the arguments against `args` and rejects extra fields, so a client cannot send
the argument at all: the handler always reads `undefined`. Usually the field was renamed or
forgotten in the validator.

## Example
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body, channel }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
    return { body, channel };
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const send = mutation({
  args: { body: v.string(), channel: v.string() },
  handler: async (ctx, { body, channel }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
    return { body, channel };
  },
});
```

## When not to use it
When the arguments object is validated by something the model cannot read (an imported
validator constant is treated as unknown, and the rule stays quiet).

## Fix safety
"Declare '…' in `args`" adds the field with a validator taken from the parameter's TypeScript
annotation or from how the handler uses it (an id passed to `ctx.db.get("t", …)`, a value compared
with or written to a field of a table), else `v.any()`; it is unsafe (check the validator, it
changes what clients may send).
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..actions.validators import declare_arg_fix
from ._fn_util import arg_reads, function_registrations
from .base import Registration, Rule, RuleContext
from .common import FUNCTION_NODES, unwrap
from ..validators import call_args

RULE = Rule(
    id="args-destructure-mismatch",
    category="correctness",
    default_severity="error",
    summary="A handler reads an argument that its `args` validator does not declare",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "undeclared": "'{arg}' is not declared in the `args` validator of '{name}'",
    },
    files="functions",
)

_BASE_ORIGINS = ("_generated/server:", "convex/server:", "setting:")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in function_registrations(ctx):
        if reg.syntax != "object" or reg.args is None or not reg.builder.origin.startswith(_BASE_ORIGINS):
            continue
        declared = _declared(ctx, reg)
        fn = unwrap(reg.handler) if reg.handler is not None else None
        if declared is None or fn is None or fn.type not in FUNCTION_NODES:
            continue  # a named handler may be shared by registrations with different `args`
        reads, _ = arg_reads(ctx, fn)
        obj = _args_object(reg.args)
        seen: set[str] = set()
        for name, node in reads:
            if name in declared:
                continue
            first = name not in seen and obj is not None and name.isidentifier()
            seen.add(name)
            fixes = (lambda name=name: [declare_arg_fix(ctx, reg, fn, name, obj)]) if first else ()
            yield ctx.diagnostic(node, RULE.message("undeclared", arg=name, name=reg.name), fixes)


def _args_object(args: Node) -> Node | None:
    node = unwrap(args)
    if node.type == "call_expression":
        a = call_args(node)
        node = unwrap(a[0]) if len(a) == 1 else node
    return node if node.type == "object" else None


def _declared(ctx: RuleContext, reg: Registration) -> set[str] | None:
    """Names the `args` validator declares, or None when not fully known."""
    fd = ctx.project.function_at(ctx.path, reg.name)
    v = fd.args if fd is not None else None
    if v is None or v.kind != "object" or v.optional:
        return None
    names = {f.name for f in v.fields}
    if any(n.startswith("...") for n in names):
        return None
    obj = _args_object(reg.args) if reg.args is not None else None
    if obj is None and unwrap(reg.args).type != "identifier":  # type: ignore[arg-type]
        callee = node_text(unwrap(reg.args), ctx.data)  # type: ignore[arg-type]
        if not callee.startswith(("v.object(", "vv.object(")):
            return None
    return names
