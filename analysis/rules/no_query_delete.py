"""## What it does
Flags `.delete()` chained on a database query, e.g.
`await ctx.db.query("messages").withIndex(…).delete()`.

## Why is this bad?
Queries have no `.delete()` method: the call fails type checking and throws at runtime
("delete is not a function"). Documents are deleted one at a time with
`ctx.db.delete(table, id)`.

## Example
```ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const clear = mutation({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).delete();
  },
});
```

## Use instead
```ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const clear = mutation({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    for await (const doc of ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel))) {
      await ctx.db.delete("messages", doc._id);
    }
  },
});
```

## When not to use it
Never: the call cannot work.

## Fix safety
"Delete each document in a loop" rewrites an awaited `….delete();` statement into a
`for await` loop calling `db.delete(table, doc._id)`. It is unsafe: on a large range the loop can
exceed the transaction limits; delete in batches (`take(n)`, then reschedule) instead.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..validators import call_args
from ._db_util import method_prop, query_chain
from .base import Rule, RuleContext

RULE = Rule(
    id="no-query-delete",
    category="correctness",
    default_severity="error",
    summary=".delete() chained on a database query",
    fix="sometimes",
    applicability="unsafe",
    messages={"delete": "Queries have no `.delete()`; delete each document with `{db}.delete({table}doc._id)`"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"delete" not in ctx.data:
        return
    for call, method, receiver in ctx.member_calls():
        if method != "delete" or call_args(call):
            continue
        mc = (method, receiver)
        chain = query_chain(ctx, mc[1])
        if chain is None:
            continue
        db = ctx.text(chain.db).replace("\n", "").replace(" ", "") if chain.db is not None else "ctx.db"
        table = f'"{chain.table}", ' if chain.table else ""
        fixes = []
        stmt = call.parent.parent if call.parent is not None and call.parent.type == "await_expression" else None
        if stmt is not None and stmt.type == "expression_statement" and chain.db is not None:
            line_start = ctx.data.rfind(b"\n", 0, stmt.start_byte) + 1
            indent = ctx.data[line_start : stmt.start_byte].decode("utf-8", "replace")
            if indent.strip() == "":
                source = node_text(mc[1], ctx.data)
                text = f"for await (const doc of {source}) {{\n{indent}  await {db}.delete({table}doc._id);\n{indent}}}"
                fixes.append(ctx.fix("Delete each document in a loop", [ctx.edit(stmt, text)]))
        yield ctx.diagnostic(method_prop(call), RULE.message("delete", db=db, table=table), fixes)
