"""## What it does
Flags `db.get("users", id)` (and `patch`, `replace`, `delete`, `db.system.get`) when `id` is
provably an id of another table: an argument validated by `v.id("messages")`, an
`Id<"messages">` annotation, `doc._id` of a document read from `messages`, or a schema field
typed `v.id("messages")`.

## Why is this bad?
The backend checks the id against the named table and throws; before codegen (or with `any`
ids) nothing else notices.

## Example
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const get = query({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
    return await ctx.db.get("users", id);
  },
});
```

## Use instead
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const get = query({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
    return await ctx.db.get("messages", id);
  },
});
```

## When not to use it
Never; the rule only reports ids whose table it knows for certain.

## Fix safety
"Replace with '…'" puts the id's table in the call; it is unsafe (the id may be the mistake).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import string_value
from ..validators import call_args
from ._db_util import infer_id_table, is_db, is_system_db
from .base import Rule, RuleContext

RULE = Rule(
    id="table-id-mismatch",
    category="correctness",
    default_severity="error",
    summary="A table name that does not match the id's table",
    fix="always",
    applicability="unsafe",
    messages={"mismatch": "'{arg}' is an Id<\"{actual}\">, not an id of table '{table}'"},
)

METHODS = frozenset({"get", "patch", "replace", "delete"})


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    data = ctx.data
    for call, method, receiver in ctx.member_calls():
        if method not in METHODS:
            continue
        mc = (method, receiver)
        args = call_args(call)
        if len(args) < 2 or args[0].type != "string":
            continue
        if not (is_db(ctx, mc[1]) or (mc[0] == "get" and is_system_db(ctx, mc[1]))):
            continue
        table = string_value(args[0], data)
        actual = infer_id_table(ctx, args[1])
        if table is None or actual is None or actual == table:
            continue
        inner = ctx.range_inside_quotes(ctx.range(args[0]))
        arg = ctx.text(args[1]) if len(ctx.text(args[1])) <= 40 else ctx.text(args[1])[:39] + "…"
        fix = ctx.fix(f"Replace with '{actual}'", [ctx.edit(inner, actual)])
        yield ctx.diagnostic(inner, RULE.message("mismatch", arg=arg, actual=actual, table=table), [fix])
