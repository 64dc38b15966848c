"""## What it does
Flags a `"use node"` directive that is not in the file's directive prologue: after an import or
any other statement (comments and other directives such as `"use strict"` may precede it), or
inside a function body.

## Why is this bad?
Convex reads `"use node"` only as a directive at the top of the file. Anywhere else it is a
plain string expression: the file silently runs in the default Convex runtime, and its Node.js
imports fail to bundle.

## Example
```ts
import { internalAction } from "./_generated/server";
"use node";

export const run = internalAction({ args: {}, handler: async () => {} });
```

## Use instead
```ts
"use node";
import { internalAction } from "./_generated/server";

export const run = internalAction({ args: {}, handler: async () => {} });
```

## When not to use it
Never.

## Fix safety
"Move to the top of the file" is unsafe: the file's functions then run in the Node.js runtime
(which only allows actions).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._fn_util import in_scope, is_directive, point, span
from .base import Rule, RuleContext

RULE = Rule(
    id="use-node-position",
    category="correctness",
    default_severity="error",
    summary='A "use node" directive that is not at the top of the file',
    fix="sometimes",
    applicability="unsafe",
    messages={
        "late": '"use node" is not the first statement of the file, so Convex ignores it',
        "nested": '"use node" inside a function has no effect; Convex reads it only at the top of the file',
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not in_scope(ctx) or b"use node" not in ctx.data:
        return
    prologue = True
    top_level = set()
    for stmt in ctx.root.named_children:
        if stmt.type == "comment":
            continue
        d = is_directive(stmt, ctx.data)
        top_level.add(stmt.id)
        if d is not None and prologue:
            continue
        prologue = False
        if d == "use node" and not ctx.summary.interface.use_node:  # a duplicate after a real one is harmless
            data = ctx.data
            end = stmt.end_byte + (1 if data[stmt.end_byte : stmt.end_byte + 1] == b"\n" else 0)
            start = data.rfind(b"\n", 0, stmt.start_byte) + 1
            if data[start : stmt.start_byte].strip():
                start, end = stmt.start_byte, stmt.end_byte
            fix = ctx.fix("Move to the top of the file", [ctx.edit(point(0), '"use node";\n'), ctx.edit(span(start, end), "")])
            yield ctx.diagnostic(stmt, RULE.message("late"), [fix])
    for stmt in ctx.walk(ctx.root, {"expression_statement"}):
        if stmt.id not in top_level and stmt.parent is not None and stmt.parent.type == "statement_block" and is_directive(stmt, ctx.data) == "use node":
            yield ctx.diagnostic(stmt, RULE.message("nested"))
