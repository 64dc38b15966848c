"""## What it does
Flags a table name that the schema does not define: in `ctx.db.query("t")`, `insert`, `get`,
`patch`, `replace`, `delete`, `normalizeId`, `ctx.vectorSearch("t", …)`, `v.id("t")` and
`schema.doc("t")` / `schema.id("t")`.

## Why is this bad?
The generated types catch most of these only after `npx convex dev` has run codegen, and never
for `v.id("t")`, which accepts any string. A typo then fails at push or at runtime.

## Example
```ts
const user = await ctx.db.query("userz").first();
```

## Use instead
```ts
const user = await ctx.db.query("users").first();
```

## When not to use it
When the schema is built dynamically (e.g. `Object.fromEntries`) or comes from a package the
model does not know; the rule stays quiet when the schema has unresolved parts, and when
`strictTableNameTypes: false` is set.

## Fix safety
"Replace with '…'" is offered when a close match exists, and "Add table '…' to schema.ts" (an
empty `defineTable({})` to fill in); both are unsafe (the intended table may be another one).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.schema_edits import add_table_fix
from ..diagnostics import Diagnostic
from .base import Rule, RuleContext

RULE = Rule(
    id="unknown-table",
    category="correctness",
    default_severity="error",
    summary="A table name that the schema does not define",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "unknown": "Unknown table '{name}'",
        "unknown_suggest": "Unknown table '{name}'; did you mean '{suggestion}'?",
    },
)

SYSTEM_TABLES = ("_storage", "_scheduled_functions")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    from ..lint import did_you_mean

    schema = ctx.project.schema
    if schema is None or schema.unresolved or not schema.strict_table_name_types:
        return
    names = set(schema.tables and (t.name for t in schema.tables))
    for use in ctx.summary.uses:
        if use.kind != "table":
            continue
        name = use.name
        if name in names or not name.strip():
            continue  # an empty string is a name being typed: completion helps there, not an error
        if use.context.startswith("db.system.") and name in SYSTEM_TABLES:
            continue
        if name in SYSTEM_TABLES and use.context in ("v.id", "vv.id"):
            continue
        suggestion = did_you_mean(name, names)
        inner = ctx.range_inside_quotes(use.range)

        def fixes(name=name, suggestion=suggestion, inner=inner):
            out = [ctx.fix(f"Replace with '{suggestion}'", [ctx.edit(inner, suggestion)])] if suggestion else []
            return out + [add_table_fix(ctx, name)]

        if suggestion:
            yield ctx.diagnostic(inner, RULE.message("unknown_suggest", name=name, suggestion=suggestion), fixes)
        else:
            yield ctx.diagnostic(inner, RULE.message("unknown", name=name), fixes)
