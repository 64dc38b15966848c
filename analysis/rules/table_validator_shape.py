"""## What it does
Flags `defineTable(...)` given a validator that is not an object, a union of objects, or `v.any()`.

## Why is this bad?
Documents are objects: the backend rejects other top-level validators at push ("Invalid top-level
validator").

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  tags: defineTable(v.string()),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  tags: defineTable({ name: v.string() }),
});
```

## When not to use it
Never.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..validators import call_args, parse_validator
from .base import Rule, RuleContext

RULE = Rule(
    id="table-validator-shape",
    category="correctness",
    default_severity="error",
    summary="defineTable given a validator that is not an object or a union of objects",
    messages={
        "shape": "A table's validator must be an object or a union of objects, not {what}",
        "member": "Every member of a table's union validator must be an object, not {what}",
    },
)

_OK = {"object", "any", "unknown", "doc"}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"defineTable" not in ctx.data:
        return
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or node_text(f, ctx.data) != "defineTable":
            continue
        args = call_args(call)
        if not args or args[0].type == "object":
            continue
        v = parse_validator(args[0], ctx.data)
        if v.kind == "union":
            members = call_args(args[0]) if args[0].type == "call_expression" else []
            for m, node in zip(v.items, members):
                if m.kind not in _OK:
                    yield ctx.diagnostic(node, RULE.message("member", what=f"v.{m.builder or m.kind}()"))
        elif v.kind not in _OK:
            yield ctx.diagnostic(args[0], RULE.message("shape", what=f"v.{v.builder or v.kind}()"))
