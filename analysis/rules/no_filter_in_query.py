"""## What it does
Flags `.filter(…)` on a database query: `ctx.db.query("t").filter(…)`, after `.withIndex(…)` or
`.order(…)`, on a query held in a variable (`const q = ctx.db.query("t"); q.filter(…)`) and on a
bare `db` parameter. Filtering an array (`(await q.collect()).filter(…)`) is not flagged.

## Why is this bad?
`.filter` does not narrow what the query reads: every document in the scanned range is loaded and
counted against the transaction's read limits, and the query is re-run whenever any of them
changes. An index with `.withIndex` reads only the matching documents.

## Example
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const byChannel = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) => {
    return await ctx.db
      .query("messages")
      .filter((q) => q.eq(q.field("channel"), channel))
      .take(50);
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
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .take(50);
  },
});
```

## When not to use it
Test files (`*.test.ts`, `*.spec.ts`) are skipped. For conditions no index can express (`q.neq`, arithmetic, `q.or` across fields) on small tables,
and before `.paginate(…)`, where `.filter` keeps pages full (filtering the page in code can
leave it short or empty).

## Fix safety
When the predicate is an `eq` (or `q.and` of `eq`s) on fields that form a prefix of an index of the
table and the `.filter` comes right after `db.query("t")`, "Use index …" rewrites it to
`.withIndex(…)`. It is safe when the index has exactly those fields (results keep their
`_creationTime` order) and unsafe when the index has more fields (results come in index order).
When no index starts with those fields, the unsafe "Create index 'by_…' in schema.ts and use it"
adds `.index("by_<f>_and_<g>", [...])` to the table's definition and rewrites the query to use it
(the index is built on the next deploy).
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..actions.indexes import create_index_fix
from ..actions.indexes import eq_terms as _eq_terms
from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..text import TextRange
from ..validators import call_args
from ._db_util import is_test_file, query_chain, schema_table
from .base import Rule, RuleContext
from .common import handler_params, unwrap

RULE = Rule(
    id="no-filter-in-query",
    category="performance",
    default_severity="warning",
    summary=".filter() on a database query instead of an index",
    fix="sometimes",
    applicability="unsafe",
    ep_alias="no-filter-in-query",
    messages={
        "filter": "`.filter()` on a database query reads every document in the range; use an index with `.withIndex()`",
        "filter_index": "`.filter()` on a database query reads every document in the range; index '{index}' covers this condition",
    },
)


def _index_fix(ctx: RuleContext, call: Node, prop: Node, table: str | None):
    args = call_args(call)
    t = schema_table(ctx, table)
    fn = unwrap(args[0]) if len(args) == 1 else None
    if t is None or fn is None or fn.type not in ("arrow_function", "function_expression"):
        return None
    terms = _eq_terms(ctx, fn)
    if not terms:
        return None
    names = {f for f, _ in terms}
    for ix in t.queryable_indexes("db"):
        if len(ix.fields) < len(names) or set(ix.fields[: len(names)]) != names or ix.name in ("by_id", "by_creation_time"):
            continue
        values = dict(terms)
        p0 = handler_params(fn)[0]
        q = node_text(p0.child_by_field_name("pattern") or p0, ctx.data)
        chain = q + "".join(f'.eq("{f}", {values[f]})' for f in ix.fields[: len(names)])
        text = f'withIndex("{ix.name}", ({q}) => {chain})'
        app = "safe" if len(ix.fields) == len(names) else "unsafe"
        return ix.name, ctx.fix(f"Use index '{ix.name}'", [ctx.edit(TextRange(prop.start_byte, call.end_byte), text)], app)
    return None


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"filter" not in ctx.data or is_test_file(ctx.path):
        return
    for call, method, receiver in ctx.member_calls():
        if method != "filter":
            continue
        mc = (method, receiver)
        chain = query_chain(ctx, mc[1])
        if chain is None:
            continue
        prop = call.child_by_field_name("function").child_by_field_name("property")  # type: ignore[union-attr]
        fix = _index_fix(ctx, call, prop, chain.table) if chain.inline and not chain.calls else None
        if fix is None:
            created = create_index_fix(ctx, call, chain.table) if chain.inline and not chain.calls else None
            yield ctx.diagnostic(prop, RULE.message("filter"), [created] if created is not None else [])
        else:
            yield ctx.diagnostic(prop, RULE.message("filter_index", index=fix[0]), [fix[1]])
