"""## What it does
Checks the range expression of `.withIndex("i", q => …)` against the index's fields: zero or more
`eq` on the fields in index order starting with the first, then at most one lower bound
(`gt`/`gte`) and one upper bound (`lt`/`lte`), both on the next field. Flags a field not in the
index, a skipped or out-of-order field, a field used twice, an `eq` after a bound, two lower or
two upper bounds, and bounds on different fields.

## Why is this bad?
An index is sorted by its fields in order; a range must walk that order to be one contiguous
scan. Any other shape fails type checking after codegen and throws at runtime.

## Example
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const mine = query({
  args: { channel: v.string(), author: v.id("users") },
  handler: async (ctx, { channel, author }) => {
    return await ctx.db
      .query("messages")
      .withIndex("by_channel_author", (q) => q.eq("author", author).eq("channel", channel))
      .take(10);
  },
});
```

## Use instead
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const mine = query({
  args: { channel: v.string(), author: v.id("users") },
  handler: async (ctx, { channel, author }) => {
    return await ctx.db
      .query("messages")
      .withIndex("by_channel_author", (q) => q.eq("channel", channel).eq("author", author))
      .take(10);
  },
});
```

## When not to use it
Never; the rule is quiet for tables and indexes the model does not know.

## Fix safety
"Reorder the range" is offered when sorting the same conditions into index order gives a valid
range; it is safe (the conditions are unchanged). "Use index '…'" is offered when another index
of the table fits the range as written; it is unsafe (results come in that index's order).
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ..validators import call_args
from ._db_util import index_calls, method_prop, range_calls, schema_table
from .base import Rule, RuleContext
from .common import unwrap

RULE = Rule(
    id="index-range-order",
    category="correctness",
    default_severity="error",
    summary="A withIndex range that does not step through the index fields in order",
    fix="sometimes",
    applicability="safe",
    messages={
        "not_in_index": "Field '{field}' is not in index '{index}' ({fields})",
        "out_of_order": "Index '{index}' is ({fields}): expected '{expected}' here, not '{field}'",
        "repeated": "Field '{field}' is already constrained in this range",
        "eq_after_range": "`.eq()` must come before the range bounds of index '{index}'",
        "two_bounds": "A range has at most one {which} bound",
        "upper_first": "The lower bound (`gt`/`gte`) must come before the upper bound (`lt`/`lte`)",
        "bound_field": "Both bounds must be on the same field: '{expected}', not '{field}'",
    },
)

LOWER, UPPER = ("gt", "gte"), ("lt", "lte")


def index_fields(ix) -> list[str]:
    return list(ix.fields) + (["_creationTime"] if ix.fields and ix.fields[-1] not in ("_creationTime", "_id") else [])


def problem(ops: list[tuple[str, str | None, Node]], fields: list[str], index: str) -> tuple[Node, str, dict, bool] | None:
    """The first error of a range: (node, message id, format args, at the field string)."""
    pos, seen, lower, upper, bound_field = 0, set(), False, False, None
    shown = ", ".join(fields)
    for m, f, node in ops:
        if f is None:
            return None
        fmt = {"field": f, "index": index, "fields": shown}
        if f not in fields:
            return node, "not_in_index", fmt, True
        if f in seen:
            return node, "repeated", fmt, True
        if m == "eq":
            if lower or upper:
                return node, "eq_after_range", fmt, False
            if f != fields[pos]:
                return node, "out_of_order", {**fmt, "expected": fields[pos]}, True
            seen.add(f)
            pos += 1
            continue
        if bound_field is not None and f != bound_field:
            return node, "bound_field", {**fmt, "expected": bound_field}, True
        if pos >= len(fields) or f != fields[pos]:
            return node, "out_of_order", {**fmt, "expected": fields[min(pos, len(fields) - 1)]}, True
        if (m in LOWER and lower) or (m in UPPER and upper):
            return node, "two_bounds", {"which": "lower" if m in LOWER else "upper"}, False
        if m in LOWER and upper:
            return node, "upper_first", fmt, False
        lower, upper, bound_field = lower or m in LOWER, upper or m in UPPER, f
    return None


def _sorted(ops, fields):
    rank = {"eq": 0, "gt": 1, "gte": 1, "lt": 2, "lte": 2}
    return sorted(ops, key=lambda o: (rank[o[0]], fields.index(o[1]) if o[1] in fields else 99))


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for method, call, table, name_node in index_calls(ctx):
        t = schema_table(ctx, table)
        name = string_value(name_node, ctx.data) if method == "withIndex" and name_node is not None else None
        ix = t.index(name) if t is not None and name is not None else None
        if ix is None or ix.kind != "db" or not ix.fields:  # fields given by a non-literal: unknown
            continue
        ops = range_calls(ctx, call)
        if not ops or any(m not in ("eq", *LOWER, *UPPER) for m, _, _ in ops):
            continue
        fields = index_fields(ix)
        found = problem(ops, fields, ix.name)
        if found is None:
            continue
        node, mid, fmt, at_field = found
        args = call_args(node)
        where = ctx.range_inside_quotes(ctx.range(args[0])) if at_field and args else ctx.range(method_prop(node))
        fixes = []
        reordered = _sorted(ops, fields)
        if problem(reordered, fields, ix.name) is None:
            body = unwrap(call_args(call)[1]).child_by_field_name("body")
            expr = unwrap(body.named_children[0].named_children[0]) if body is not None and body.type == "statement_block" else unwrap(body)  # type: ignore[union-attr]
            param = node_text(ops[0][2], ctx.data).split(".", 1)[0].strip()
            text = param + "".join(f".{m}({ctx.text(c.child_by_field_name('arguments'))[1:-1]})" for m, _, c in reordered)
            fixes.append(ctx.fix("Reorder the range", [ctx.edit(expr, text)]))
        else:
            for other in t.queryable_indexes("db"):  # type: ignore[union-attr]
                if other.name != ix.name and problem(ops, index_fields(other), other.name) is None:
                    fixes.append(ctx.fix(f"Use index '{other.name}'", [ctx.edit(ctx.range_inside_quotes(ctx.range(name_node)), other.name)], "unsafe"))  # type: ignore[arg-type]
                    break
        yield ctx.diagnostic(where, RULE.message(mid, **fmt), fixes)
