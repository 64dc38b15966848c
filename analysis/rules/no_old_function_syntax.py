"""## What it does
Flags a query, mutation or action registered with a bare handler function,
`query(async (ctx) => …)`, instead of the object syntax `query({ args, handler })`. Custom
builders (`authQuery(async (ctx) => …)`) count too; `httpAction(…)`, which only has the function
form, does not.

## Why is this bad?
The bare-function form cannot declare `args` or `returns` validators, so the function accepts
any arguments from any client. The Convex docs and AI guidelines use the object syntax only.

## Example
```ts
import { query } from "./_generated/server";

export const list = query(async (ctx) => {
  return await ctx.db.query("messages").take(10);
});
```

## Use instead
```ts
import { query } from "./_generated/server";

export const list = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("messages").take(10);
  },
});
```

## When not to use it
Never for new code. Projects that still call the old form everywhere can turn it off while they
migrate.

## Fix safety
The fix wraps the function into `{ args: {}, handler: … }` when the handler takes fewer than two
parameters, and into `{ handler: … }` otherwise (declaring the arguments is then left to
`require-args-validator`). It is marked safe: `args: {}` is only added to handlers that read no
arguments, and the generated client types of such a function already take no arguments. For
handlers with arguments, the unsafe "Convert to the object syntax and declare the arguments" also
adds `args` with validators inferred from the handler (see `require-args-validator`).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.validators import object_syntax_fix
from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._fn_util import function_registrations, point
from .base import Rule, RuleContext
from .common import handler_params

RULE = Rule(
    id="no-old-function-syntax",
    category="style",
    default_severity="error",
    summary="A function registered with a bare handler instead of the object syntax",
    fix="always",
    applicability="safe",
    ep_alias="no-old-registered-function-syntax",
    messages={
        "old": "'{builder}' is given a bare handler function; use the object syntax `{{ args, handler }}`",
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for reg in function_registrations(ctx):
        if reg.syntax != "legacy" or reg.handler is None:
            continue
        fn = reg.handler
        prefix = "{ args: {}, handler: " if len(handler_params(fn)) < 2 else "{ handler: "
        edits = [ctx.edit(point(fn.start_byte), prefix), ctx.edit(point(fn.end_byte), " }")]
        fix = ctx.fix("Convert to the object syntax", edits)
        declared = object_syntax_fix(ctx, reg)  # unsafe alternative: also declare the arguments
        yield ctx.diagnostic(reg.callee, RULE.message("old", builder=node_text(reg.callee, ctx.data)), [fix, *([declared] if declared else [])])

