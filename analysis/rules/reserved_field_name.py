"""## What it does
Flags field names the backend rejects in table validators and `v.object(...)`: a field of a table
starting with `_` (the system adds `_id` and `_creationTime` itself), any object key starting with
`$`, and empty keys.

The sources disagree on `_` inside other objects: the `v.object` JSDoc reserves a leading `_`, but
the backend accepts it in nested values and Convex's own vector-search demo passes `_score` in
`v.object` arguments. By default only table fields are checked for `_`; the option
`underscoreInObjects = true` also reports `_` keys in every `v.object` (except a document's `_id` and
`_creationTime`).

## Why is this bad?
TypeScript accepts these keys; the push (or the first insert) fails.

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({ name: v.string(), _role: v.string() }),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({ name: v.string(), role: v.string() }),
});
```

## When not to use it
Never.

## Fix safety
Unsafe: renames the key only (`_role` → `role`, `$x` → `x`); code reading or writing the field and
documents already stored under the old name are not migrated.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..actions.renames import field_rename_fix
from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..validators import call_args, key_name
from .base import Rule, RuleContext

RULE = Rule(
    id="reserved-field-name",
    category="correctness",
    default_severity="error",
    summary="A field name starting with _ or $, or empty, in a table or object validator",
    options={"underscoreInObjects": False},
    fix="sometimes",
    applicability="unsafe",
    messages={
        "underscore": "Field name '{name}' starts with '_': only the system fields _id and _creationTime may",
        "dollar": "Field name '{name}' starts with '$', which is reserved",
        "empty": "Field names cannot be empty",
    },
)


SYSTEM_FIELDS = ("_id", "_creationTime")


def _objects(ctx: RuleContext) -> Iterator[tuple[Node, bool]]:
    """Object literals that are field maps: defineTable({...}), v.object({...}), Table("t", {...})."""
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None:
            continue
        name = node_text(f, ctx.data)
        args = call_args(call)
        if name == "defineTable" and args and args[0].type == "object":
            yield args[0], True
        elif name in ("v.object", "vv.object") and args and args[0].type == "object":
            yield args[0], False
        elif name == "Table" and len(args) > 1 and args[1].type == "object":
            yield args[1], True


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"defineTable" not in ctx.data and b"v.object" not in ctx.data:
        return
    seen: set[int] = set()
    for obj, table in _objects(ctx):
        siblings = [key_name(p.child_by_field_name("key"), ctx.data) or "" for p in obj.named_children if p.type == "pair" and p.child_by_field_name("key") is not None]
        for pair in obj.named_children:
            if pair.type != "pair":
                continue
            k = pair.child_by_field_name("key")
            if k is None or k.start_byte in seen:
                continue
            seen.add(k.start_byte)
            name = key_name(k, ctx.data)
            if name is None:
                continue
            if name == "":
                yield ctx.diagnostic(k, RULE.message("empty"))
            elif name.startswith("$"):
                yield ctx.diagnostic(k, RULE.message("dollar", name=name), _fixes(ctx, k, name, siblings))
            elif name.startswith("_") and (table or (ctx.options.get("underscoreInObjects") and name not in SYSTEM_FIELDS)):
                yield ctx.diagnostic(k, RULE.message("underscore", name=name), _fixes(ctx, k, name, siblings))


def _fixes(ctx: RuleContext, key: Node, name: str, siblings: list[str]) -> list:
    fix = field_rename_fix(ctx, ctx.range(key), name, siblings)
    return [fix] if fix is not None else []
