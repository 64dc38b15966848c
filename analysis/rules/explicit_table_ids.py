"""## What it does
Flags `db.get`, `db.patch`, `db.replace` and `db.delete` (and `db.system.get`) called in the
legacy form without a table name: `ctx.db.get(id)` instead of `ctx.db.get("messages", id)`.
Bare `db` parameters (`db: DatabaseReader`, `GenericDatabaseWriter<DM>`, destructured `{ db }`)
count as well as `ctx.db`.

## Why is this bad?
Since convex 1.31 every document method takes the table first. The legacy form passes no table
to the backend, so a wrong id type is only caught by the type checker; the explicit form is
checked at runtime and reads better. Convex's best practices ask for the table name everywhere.

## Example
```ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const like = mutation({
  args: { messageId: v.id("messages") },
  handler: async (ctx, { messageId }) => {
    const message = await ctx.db.get(messageId);
    if (message) await ctx.db.patch(messageId, { likes: message.likes + 1 });
  },
});
```

## Use instead
```ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const like = mutation({
  args: { messageId: v.id("messages") },
  handler: async (ctx, { messageId }) => {
    const message = await ctx.db.get("messages", messageId);
    if (message) await ctx.db.patch("messages", messageId, { likes: message.likes + 1 });
  },
});
```

## When not to use it
On convex versions before 1.31, which do not have the table-first forms.

## Fix safety
"Add the table name" is offered when the id's table is certain: an argument validated by
`v.id("t")`, an `Id<"t">` annotation, `doc._id` of a document read from table t, a schema field
typed `v.id("t")`, the result of `db.insert("t", …)`. The fix is safe (the backend reads the same
document). Without a certain table there is no automatic fix; editors that support snippets offer
"Add a table name" with a choice of the schema's tables.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..actions.tables import table_choice_fix
from ..diagnostics import Diagnostic
from ..text import TextRange
from ..validators import call_args
from ._db_util import infer_id_table, is_db, is_system_db
from .base import Rule, RuleContext

RULE = Rule(
    id="explicit-table-ids",
    category="correctness",
    default_severity="warning",
    summary="A db.get/patch/replace/delete call without the table name",
    fix="sometimes",
    applicability="safe",
    ep_alias="explicit-table-ids",
    messages={
        "missing": 'Pass the table name first: {call}("{table}", …)',
        "missing_no_inference": "Pass the table name as the first argument of {call}(…)",
    },
)

LEGACY_ARITY = {"get": 1, "delete": 1, "patch": 2, "replace": 2}


def legacy_calls(ctx: RuleContext) -> Iterator[tuple[Node, str, Node, list[Node]]]:
    """(call, method, receiver, args) of every table-less db.get/patch/replace/delete/system.get."""
    data = ctx.data
    if not any(m.encode() + b"(" in data for m in LEGACY_ARITY):
        return
    for call, method, receiver in ctx.member_calls():
        if method not in LEGACY_ARITY:
            continue
        mc = (method, receiver)
        method, obj = mc
        args = call_args(call)
        if len(args) != LEGACY_ARITY[method] or any(a.type == "spread_element" for a in args) or args[0].type == "string":
            continue
        if is_db(ctx, obj) or (method == "get" and is_system_db(ctx, obj)):
            yield call, method, obj, args


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for call, method, obj, args in legacy_calls(ctx):
        callee = ctx.text(obj).replace("\n", "").replace(" ", "") + "." + method
        prop = call.child_by_field_name("function").child_by_field_name("property")  # type: ignore[union-attr]
        table = infer_id_table(ctx, args[0])
        system = is_system_db(ctx, obj)
        if table is not None and table.startswith("_") != system:
            table = None
        if table is None:
            pick = table_choice_fix(ctx, args[0].start_byte, system)  # editors: a choice of tables
            yield ctx.diagnostic(prop, RULE.message("missing_no_inference", call=callee), [pick] if pick else [])
            continue
        fix = ctx.fix(f'Add the table name "{table}"', [ctx.edit(TextRange(args[0].start_byte, args[0].start_byte), f'"{table}", ')])
        yield ctx.diagnostic(prop, RULE.message("missing", call=callee, table=table), [fix])
