"""## What it does
Flags counting documents by collecting them: `(await ctx.db.query("t").collect()).length`, and
`const docs = await q.collect(); … docs.length` when `.length` is all the code reads of `docs`.

## Why is this bad?
Every document is read (and counted against the transaction limits) just to produce a number,
and the query re-runs whenever any of them changes. Counts that matter belong in a counter
document updated by the mutations that insert and delete, or in the `@convex-dev/aggregate`
component.

## Example
```ts
import { query } from "./_generated/server";

export const count = query({
  args: {},
  handler: async (ctx) => {
    return (await ctx.db.query("messages").collect()).length;
  },
});
```

## Use instead
```ts
import { query } from "./_generated/server";

export const count = query({
  args: {},
  handler: async (ctx) => {
    // Reads at most 101 documents; show "100+" beyond that.
    const first = await ctx.db.query("messages").take(101);
    return first.length > 100 ? "100+" : String(first.length);
  },
});
```
For exact counts, keep a counter document or use the aggregate component.

## When not to use it
When the set is small and bounded by an index range (a user's handful of sessions); test files
are skipped.

## Fix safety
No fix: keeping a count needs a counter document or the aggregate component.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._db_util import find_binding, is_test_file, member_call, query_chain
from .base import Rule, RuleContext
from .common import unwrap

RULE = Rule(
    id="no-collect-length",
    category="performance",
    default_severity="warning",
    summary="Counting documents with .collect().length",
    messages={"length": "Counting with `.collect()` reads every document; keep a counter document or use the @convex-dev/aggregate component"},
)


def _collected(ctx: RuleContext, expr: Node | None) -> bool:
    """`await <db query>.collect()`."""
    if expr is None:
        return False
    expr = unwrap(expr)
    if expr.type != "await_expression" or not expr.named_children:
        return False
    mc = member_call(expr.named_children[0], ctx.data)
    return mc is not None and mc[0] == "collect" and query_chain(ctx, mc[1]) is not None


def _only_length_reads(ctx: RuleContext, ident: Node) -> bool:
    """Every read of the variable `ident` refers to is a `.length`."""
    b = find_binding(ident, ctx.data)
    if b is None or b.kind != "var" or b.destructured or not _collected(ctx, b.value):
        return False
    name = node_text(ident, ctx.data)
    scope = b.node.parent.parent if b.node.parent is not None else None  # declaration → block
    for ref in ctx.walk(scope or ctx.root, frozenset({"identifier", "shorthand_property_identifier"})):
        if node_text(ref, ctx.data) != name or ref == b.node.child_by_field_name("name"):
            continue
        p = ref.parent
        if ref.type != "identifier" or p is None or p.type != "member_expression" or p.child_by_field_name("object") != ref:
            return False
        prop = p.child_by_field_name("property")
        if prop is None or node_text(prop, ctx.data) != "length":
            return False
    return True


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"length" not in ctx.data or b"collect" not in ctx.data or is_test_file(ctx.path):
        return
    for mem in ctx.walk(ctx.root, frozenset({"member_expression"})):
        prop = mem.child_by_field_name("property")
        obj = mem.child_by_field_name("object")
        if prop is None or obj is None or node_text(prop, ctx.data) != "length":
            continue
        if _collected(ctx, obj) or (obj.type == "identifier" and _only_length_reads(ctx, obj)):
            yield ctx.diagnostic(prop, RULE.message("length"))
