"""## What it does
Flags index names the backend rejects: `by_id` and `by_creation_time` (built in), names starting
with `_`, names that are not identifiers or longer than 64 characters, and a name used twice on one
table (db, search and vector indexes share one namespace).

## Why is this bad?
All of these compile and fail at push (`IndexNameReserved`, `InvalidIndexName`,
`IndexNamesNotUnique`).

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string() }).index("by_creation_time", ["body"]),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string() }).index("by_body", ["body"]),
});
```

## When not to use it
Never: such a schema cannot be pushed.

## Fix safety
Unsafe: a reserved, invalid or too long name is renamed to the conventional `by_<fields>` name
with its `withIndex` uses; a duplicate name gets a `_2` suffix (its uses keep meaning the first).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.renames import duplicate_index_fix, index_rename_fix
from ..diagnostics import Diagnostic
from ._schema_util import IDENTIFIER, index_ranges, tables_defined_here
from .base import Rule, RuleContext

RULE = Rule(
    id="reserved-index-name",
    category="correctness",
    default_severity="error",
    summary="An index name that is reserved, invalid, too long or duplicated on its table",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "builtin": "Index name '{name}' is reserved: every table already has the built-in '{name}' index",
        "underscore": "Index name '{name}' is reserved: names starting with '_' are for the system",
        "invalid": "Index name '{name}' is not valid: use letters, digits and '_', starting with a letter",
        "long": "Index name '{name}' is longer than 64 characters",
        "duplicate": "Index '{name}' is defined more than once on table '{table}'",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for t in tables_defined_here(ctx):
        seen: set[str] = set()
        for i, ix in enumerate(t.indexes):
            rngs = index_ranges(ctx, t, ix)
            if not rngs:
                continue
            inner = ctx.range_inside_quotes(rngs[0])
            name = ix.name
            msg = None
            if name in ("by_id", "by_creation_time"):
                msg = RULE.message("builtin", name=name)
            elif name.startswith("_"):
                msg = RULE.message("underscore", name=name)
            elif not IDENTIFIER.match(name):
                msg = RULE.message("invalid", name=name)
            elif len(name) > 64:
                msg = RULE.message("long", name=name)
            if msg is not None:
                fix = index_rename_fix(ctx, t, ix, inner) if name not in seen else None
                yield ctx.diagnostic(inner, msg, [fix] if fix is not None else [])
            if name in seen:
                nth = sum(1 for prev in t.indexes[:i] if prev.name == name)
                rng = ctx.range_inside_quotes(rngs[min(nth, len(rngs) - 1)])
                fix = duplicate_index_fix(ctx, t, name, rng)
                yield ctx.diagnostic(rng, RULE.message("duplicate", name=name, table=t.name), [fix] if fix is not None else [])
            seen.add(name)
