"""## What it does
Flags an index name that the query's table does not define: `.withIndex("i")` must name a
database index of the table (or the built-in `by_creation_time` / `by_id`),
`.withSearchIndex("i")` a search index, and `ctx.vectorSearch("t", "i", …)` a vector index.
Staged indexes (`staged: true`) cannot be queried yet and get their own message.

## Why is this bad?
The query throws at runtime ("Index not found"). The generated types catch it only after
codegen, and not at all for tables whose query is built in a helper.

## Example
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const byChannel = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    return await ctx.db.query("messages").withIndex("by_chanel", (q) => q.eq("channel", channel)).take(10);
  },
});
```

## Use instead
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const byChannel = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).take(10);
  },
});
```

## When not to use it
When the schema is assembled in a way the model cannot read; the rule stays quiet for tables it
does not know completely.

## Fix safety
"Replace with '…'" is offered when a close name of the right kind exists; "Create index '…' on '…'"
adds a database index with the name as written and the fields the range uses, in order, to the
schema. Both are unsafe (another index may have been meant; a new index costs storage).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.schema_edits import create_named_index_fix
from ..diagnostics import Diagnostic
from ..syntax import string_value
from ._db_util import index_calls, range_calls, schema_table
from .base import Rule, RuleContext

RULE = Rule(
    id="unknown-index",
    category="correctness",
    default_severity="error",
    summary="An index name that the table does not define",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "unknown": "Table '{table}' has no {kind} index '{name}'",
        "unknown_suggest": "Table '{table}' has no {kind} index '{name}'; did you mean '{suggestion}'?",
        "staged": "Index '{name}' of table '{table}' is staged and cannot be queried until `staged: true` is removed",
        "wrong_kind": "'{name}' is a {actual} index of table '{table}'; use {method}",
    },
)

KIND = {"withIndex": "db", "withSearchIndex": "search", "vectorSearch": "vector"}
WORD = {"db": "database", "search": "search", "vector": "vector"}
USE = {"db": "`.withIndex()`", "search": "`.withSearchIndex()`", "vector": "`ctx.vectorSearch()`"}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    from ..lint import did_you_mean

    for method, _call, table, name_node in index_calls(ctx):
        t = schema_table(ctx, table)
        if t is None or name_node is None:
            continue
        name = string_value(name_node, ctx.data)
        if name is None:
            continue
        kind = KIND[method]
        ix = t.index(name)
        inner = ctx.range_inside_quotes(ctx.range(name_node))
        if ix is not None and ix.kind == kind:
            if ix.staged:
                yield ctx.diagnostic(inner, RULE.message("staged", name=name, table=t.name))
            continue
        if ix is not None:
            yield ctx.diagnostic(inner, RULE.message("wrong_kind", name=name, table=t.name, actual=WORD[ix.kind], method=USE[ix.kind]))
            continue
        suggestion = did_you_mean(name, [i.name for i in t.queryable_indexes(kind)])

        def fixes(name=name, suggestion=suggestion, inner=inner, call=_call, t=t, kind=kind):
            out = [ctx.fix(f"Replace with '{suggestion}'", [ctx.edit(inner, suggestion)])] if suggestion else []
            if kind == "db":
                steps = range_calls(ctx, call) or []
                fields = [f for _, f, _n in steps if f]
                out.append(create_named_index_fix(ctx, t.name, name, fields))
            return out

        if suggestion:
            yield ctx.diagnostic(inner, RULE.message("unknown_suggest", table=t.name, kind=WORD[kind], name=name, suggestion=suggestion), fixes)
        else:
            yield ctx.diagnostic(inner, RULE.message("unknown", table=t.name, kind=WORD[kind], name=name), fixes)
