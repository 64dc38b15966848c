"""## What it does
Checks text and vector search filters against the index definition:
`withSearchIndex("i", q => q.search(f, text).eq(g, x))` needs exactly one `.search` first, on
the index's `searchField`, and `.eq` only on its `filterFields`; `ctx.vectorSearch("t", "i",
{ filter: q => q.eq(g, x) })` may filter only on the vector index's `filterFields`.

## Why is this bad?
Search indexes can only match their declared search field and filter on their declared filter
fields; anything else is rejected at runtime (and by the generated types, after codegen).

## Example
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const search = query({
  args: { text: v.string(), author: v.id("users") },
  handler: async (ctx, { text, author }) => {
    return await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) => q.search("body", text).eq("author", author))
      .take(10);
  },
});
```

## Use instead
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const search = query({
  args: { text: v.string(), channel: v.string() },
  handler: async (ctx, { text, channel }) => {
    return await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) => q.search("body", text).eq("channel", channel))
      .take(10);
  },
});
```

## When not to use it
Never; the rule is quiet for indexes the model does not know.

## Fix safety
"Search '…'" replaces a wrong search field with the index's `searchField`; "Add '…' to
filterFields" edits the schema. Both are unsafe: the first changes what is searched, the second
changes the index (a new deployment rebuilds it).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ..text import TextRange
from ..validators import call_args
from ._db_util import filter_fields_literal, index_calls, member_call, method_prop, range_calls, schema_table
from .base import Rule, RuleContext
from .common import handler_params, object_keys, unwrap

RULE = Rule(
    id="search-index-usage",
    category="correctness",
    default_severity="error",
    summary="A search or filter field that the search index does not declare",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "search_field": "Search index '{index}' searches '{expected}', not '{field}'",
        "filter_field": "'{field}' is not a filter field of {kind} index '{index}' (filterFields: {fields})",
        "search_first": "A search filter starts with exactly one `.search(\"{expected}\", …)`",
    },
)


def _filter_fix(ctx: RuleContext, table, index: str, field: str):
    """Append `field` to the index's filterFields in the file that defines the table."""
    summary = ctx.snap.summary(table.file) if table.file else None
    if summary is None:
        return None
    last = [u for u in summary.uses if u.context == "index-fields" and u.table == table.anchor and u.index == index]
    if not last:
        return None
    end = max(u.range.end for u in last)
    return ctx.fix(f"Add '{field}' to filterFields of '{index}'", [ctx.edit(TextRange(end, end), f', "{field}"', path=table.file)])


def _filter_problem(ctx: RuleContext, t, ix, field: str, node) -> Diagnostic | None:
    if not filter_fields_literal(ctx, t, ix.name):
        return None
    inner = ctx.range_inside_quotes(ctx.range(node))
    fix = _filter_fix(ctx, t, ix.name, field)
    fields = ", ".join(ix.filter_fields) or "none"
    return ctx.diagnostic(inner, RULE.message("filter_field", field=field, kind=ix.kind, index=ix.name, fields=fields), [fix] if fix else [])


def _vector_eqs(ctx: RuleContext, call) -> Iterator[tuple[str, object]]:
    args = call_args(call)
    opts = unwrap(args[2]) if len(args) > 2 else None
    fn = object_keys(opts, ctx.data).get("filter") if opts is not None and opts.type == "object" else None
    fn = unwrap(fn) if fn is not None else None
    if fn is None or fn.type not in ("arrow_function", "function_expression") or len(handler_params(fn)) != 1:
        return
    p = handler_params(fn)[0]
    q = node_text(p.child_by_field_name("pattern") or p, ctx.data)
    for c in ctx.walk(fn, frozenset({"call_expression"})):
        mc = member_call(c, ctx.data)
        a = call_args(c)
        if mc and mc[0] == "eq" and node_text(mc[1], ctx.data) == q and a and a[0].type == "string":
            yield string_value(a[0], ctx.data) or "", a[0]


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for method, call, table, name_node in index_calls(ctx):
        t = schema_table(ctx, table)
        ix = t.index(string_value(name_node, ctx.data) or "") if t is not None and name_node is not None else None
        if ix is None or ix.kind != {"withSearchIndex": "search", "vectorSearch": "vector"}.get(method):
            continue
        if method == "vectorSearch":
            for field, node in _vector_eqs(ctx, call):
                d = _filter_problem(ctx, t, ix, field, node) if field not in ix.filter_fields else None
                if d is not None:
                    yield d
            continue
        ops = range_calls(ctx, call)
        if not ops or ix.search_field is None:
            continue
        searches = [i for i, (m, _, _) in enumerate(ops) if m == "search"]
        if searches != [0]:
            where = method_prop(ops[searches[1] if len(searches) > 1 else 0][2])
            yield ctx.diagnostic(where, RULE.message("search_first", expected=ix.search_field))
            continue
        for m, field, node in ops:
            a = call_args(node)
            if field is None or not a:
                continue
            if m == "search" and field != ix.search_field:
                inner = ctx.range_inside_quotes(ctx.range(a[0]))
                fix = ctx.fix(f"Search '{ix.search_field}'", [ctx.edit(inner, ix.search_field)])
                yield ctx.diagnostic(inner, RULE.message("search_field", index=ix.name, expected=ix.search_field, field=field), [fix])
            elif m == "eq" and field not in ix.filter_fields:
                d = _filter_problem(ctx, t, ix, field, a[0])
                if d is not None:
                    yield d
