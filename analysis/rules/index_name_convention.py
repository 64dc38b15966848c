"""## What it does
Reports database indexes whose name does not spell their fields: the convention is
`by_<field1>_and_<field2>` (dots in nested paths become `_`).

## Why is this bad?
A name that lists the fields tells every reader which queries the index serves and which field
order it has, and keeps two indexes with the same fields from hiding behind different names.

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() }).index("messagesIdx", ["channel", "author"]),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() }).index("by_channel_and_author", ["channel", "author"]),
});
```

## When not to use it
When the project follows another convention (the @convex-dev components name indexes after their
fields without `by_`); set `ignore = ["index-name-convention"]`. The option `allowPlainFieldNames`
(default true) accepts names made of the fields without the `by_` prefix (`channel`, `channel_author`);
casing and underscores are not compared (`by_user_id` names `userId`).

## Fix safety
"Rename index to 'by_…'" renames the index in the schema and in every `withIndex` /
`withSearchIndex` use across the project (the rename refactoring). It is unsafe: the deployment
drops the old index and builds the new one on the next push. Not offered when the expected name
is taken.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.indexes import rename_to_convention_fix
from ..diagnostics import Diagnostic
from ._schema_util import index_ranges, tables_defined_here
from .base import Rule, RuleContext

RULE = Rule(
    id="index-name-convention",
    category="style",
    default_severity="info",
    summary="An index name that does not follow by_<field1>_and_<field2>",
    fix="sometimes",
    applicability="unsafe",
    options={"allowPlainFieldNames": True},
    messages={"name": "Index '{name}' does not name its fields: the convention is '{expected}'"},
)


def _norm(s: str) -> str:
    return s.lower().replace("_", "").replace(".", "")


def _accepted(name: str, fields: tuple[str, ...], plain: bool) -> bool:
    """`by_<f1>_and_<f2>` in any casing (by_user_id for userId); with `plain`, the fields alone.
    Nested paths may be spelled in full, by their first or by their last segment."""
    n = _norm(name)
    spellings = (fields, tuple(f.split(".")[0] for f in fields), tuple(f.split(".")[-1] for f in fields))
    for parts in spellings:
        joined, with_and = "".join(parts), "and".join(parts)
        if n in (_norm("by" + joined), _norm("by" + with_and)):
            return True
        if plain and n in (_norm(joined), _norm(with_and)):
            return True
    return False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    plain = bool(ctx.options.get("allowPlainFieldNames", True))
    for t in tables_defined_here(ctx):
        for ix in t.indexes:
            if ix.kind != "db" or not ix.fields or _accepted(ix.name, ix.fields, plain):
                continue
            rngs = index_ranges(ctx, t, ix)
            if rngs:
                expected = "by_" + "_and_".join(f.replace(".", "_") for f in ix.fields)
                fix = rename_to_convention_fix(ctx, rngs[0], expected)  # the index and every use of it
                yield ctx.diagnostic(ctx.range_inside_quotes(rngs[0]), RULE.message("name", name=ix.name, expected=expected), [fix] if fix else [])
