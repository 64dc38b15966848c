"""## What it does
Flags `.collect()` on a database query: `ctx.db.query("t").collect()`, after `withIndex`, `order`,
`filter`, `withSearchIndex` or `fullTableScan()`, on a query held in a variable, on a `db`
parameter, on a `Query`/`OrderedQuery` parameter of a helper, and `db.table("t").query().collect()`.
A warning when nothing bounds the result, an information when an index `eq` (or a text search)
narrows it.

## Why is this bad?
`.collect()` loads every matching document into memory in one transaction. As the table grows
the query gets slower, re-runs on every change to any of those documents, and eventually hits the
transaction limits (16 MiB read, 32,000 documents scanned).

## Example
```ts
import { query } from "./_generated/server";

export const all = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("messages").collect();
  },
});
```

## Use instead
```ts
import { query } from "./_generated/server";

export const recent = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("messages").order("desc").take(100);
  },
});
```

## When not to use it
For tables known to stay small, for migrations and batch jobs that must see every document, and
in test files (`*.test.ts`, which are skipped).

## Fix safety
"Replace with .take(…)" inserts a placeholder limit (a snippet tab stop in editors). It is
display-only: it changes how many documents the query returns. In a query that returns the
collected documents, the unsafe "Convert to pagination" adds `paginationOpts:
paginationOptsValidator` to `args`, replaces `.collect()` with `.paginate(args.paginationOpts)` and
turns a `returns: v.array(X)` into `paginationResultValidator(X)`; the query's callers must then
page through the results (`usePaginatedQuery`).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.pagination import pagination_fix, take_fix
from ..diagnostics import Diagnostic
from ..validators import call_args
from ._db_util import Chain, is_test_file, method_prop, query_chain, range_calls
from .base import Rule, RuleContext

RULE = Rule(
    id="no-unbounded-collect",
    category="performance",
    default_severity="warning",
    summary=".collect() on a database query without a bound",
    fix="always",
    applicability="display-only",
    ep_alias="no-collect-in-query",
    messages={
        "unbounded": "`.collect()` loads every document of this query; use `.take(n)`, `.paginate()`, or narrow it with an index",
        "bounded": "`.collect()` loads every document matching the index range; use `.take(n)` or `.paginate()` if it can grow large",
    },
)


def bounded(ctx: RuleContext, chain: Chain) -> bool:
    """The chain is narrowed by an index `eq` or a text search."""
    for method, call in chain.calls:
        if method == "withSearchIndex":
            return True
        if method == "withIndex":
            ops = range_calls(ctx, call)
            if ops and any(m == "eq" for m, _, _ in ops):
                return True
    return False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"collect" not in ctx.data or is_test_file(ctx.path):
        return
    for call, method, receiver in ctx.member_calls():
        if method != "collect" or call_args(call):
            continue
        mc = (method, receiver)
        chain = query_chain(ctx, mc[1])
        if chain is None:
            continue
        prop = method_prop(call)
        fixes = [f for f in (take_fix(ctx, call), pagination_fix(ctx, call)) if f is not None]
        if bounded(ctx, chain):
            yield ctx.diagnostic(prop, RULE.message("bounded"), fixes, severity="info")
        else:
            yield ctx.diagnostic(prop, RULE.message("unbounded"), fixes)
