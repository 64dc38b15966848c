"""## What it does
Flags table names that the backend rejects: names starting with `_` (reserved for system tables such
as `_storage`), names that are not identifiers (letters, digits and `_`, not starting with a digit),
and names longer than 64 characters.

## Why is this bad?
TypeScript accepts any key in `defineSchema({...})`; the push fails ("… is a reserved table name",
`InvalidTableName`).

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  _audit: defineTable({ action: v.string() }),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  audit: defineTable({ action: v.string() }),
});
```

## When not to use it
Never: such a schema cannot be pushed.

## Fix safety
Unsafe: renames the table (leading `_` stripped, invalid characters replaced by `_`) with every
`ctx.db` use; a deployment that already has data under the old name keeps it there.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.renames import table_rename_fix
from ..diagnostics import Diagnostic
from ._schema_util import IDENTIFIER, table_key_range
from .base import Rule, RuleContext

RULE = Rule(
    id="reserved-table-name",
    category="correctness",
    default_severity="error",
    summary="A table name the backend rejects (leading _, not an identifier, > 64 characters)",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "reserved": "Table name '{name}' is reserved: names starting with '_' belong to system tables",
        "invalid": "Table name '{name}' is not valid: use letters, digits and '_', starting with a letter",
        "long": "Table name '{name}' is longer than 64 characters",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for t in ctx.project.tables:
        rng = table_key_range(ctx, t)
        if rng is None:
            continue
        if t.name.startswith("_"):
            yield ctx.diagnostic(rng, RULE.message("reserved", name=t.name), _fixes(ctx, rng, t.name))
        elif not IDENTIFIER.match(t.name):
            yield ctx.diagnostic(rng, RULE.message("invalid", name=t.name), _fixes(ctx, rng, t.name))
        elif len(t.name) > 64:
            yield ctx.diagnostic(rng, RULE.message("long", name=t.name))


def _fixes(ctx: RuleContext, rng, name: str) -> list:
    fix = table_rename_fix(ctx, rng, name)
    return [fix] if fix is not None else []
