"""## What it does
Flags validators Convex does not support: `v.map()` and `v.set()`, and `v.record()` whose keys are
string literals (record keys must be `v.string()`, `v.id(…)` or a union of those).

## Why is this bad?
`v.map`/`v.set` do not exist (older guidance and other libraries suggest them) and fail at runtime;
literal record keys are rejected at push. Use `v.record(v.string(), …)` or an object with the keys.

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  settings: defineTable({ flags: v.map(v.string(), v.boolean()) }),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  settings: defineTable({ flags: v.record(v.string(), v.boolean()) }),
});
```

## When not to use it
Never.

## Fix safety
`v.map(k, x)` → `v.record(k, x)` is offered as unsafe (the stored shape changes).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..validators import call_args, parse_validator
from ._schema_util import validator_calls
from .base import Rule, RuleContext

RULE = Rule(
    id="unsupported-validators",
    category="correctness",
    default_severity="error",
    summary="v.map(), v.set() or string-literal record keys",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "map": "v.map() does not exist in Convex: use v.record(keys, values)",
        "set": "v.set() does not exist in Convex: use v.array(...) or v.record(v.string(), v.boolean())",
        "record_key": "Record keys must be v.string(), v.id(...) or a union of those, not string literals: use v.object({{...}}) for fixed keys",
    },
)


def _literal_keys(v) -> bool:
    if v.kind == "literal":
        return True
    return v.kind == "union" and any(m.kind == "literal" for m in v.items)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for call, m in validator_calls(ctx, {"map", "set", "record"}):
        if m == "map":
            prop = call.child_by_field_name("function").child_by_field_name("property")
            fixes = [ctx.fix("Replace with v.record(...)", [ctx.edit(prop, "record")])] if len(call_args(call)) == 2 else []
            yield ctx.diagnostic(call, RULE.message("map"), fixes)
        elif m == "set":
            yield ctx.diagnostic(call, RULE.message("set"))
        else:
            args = call_args(call)
            if args and _literal_keys(parse_validator(args[0], ctx.data)):
                yield ctx.diagnostic(args[0], RULE.message("record_key"))
