"""## What it does
Flags `v.bigint()`, deprecated in favour of `v.int64()`.

## Why is this bad?
Both validate the same values; the deprecated name may be removed in a future `convex` release.

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  counters: defineTable({ value: v.bigint() }),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  counters: defineTable({ value: v.int64() }),
});
```

## When not to use it
When the project pins an old `convex` version without `v.int64()`.

## Fix safety
Safe: `v.int64()` is the same validator.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._schema_util import validator_calls
from .base import Rule, RuleContext

RULE = Rule(
    id="deprecated-validators",
    category="style",
    default_severity="warning",
    summary="A deprecated validator (v.bigint())",
    fix="always",
    applicability="safe",
    messages={"bigint": "v.bigint() is deprecated: use v.int64()"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for call, _ in validator_calls(ctx, {"bigint"}):
        prop = call.child_by_field_name("function").child_by_field_name("property")
        fix = ctx.fix("Replace with v.int64()", [ctx.edit(prop, "int64")])
        yield ctx.diagnostic(call, RULE.message("bigint"), [fix], tags=("deprecated",))
