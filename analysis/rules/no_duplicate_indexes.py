"""## What it does
Flags a database index whose field list is identical to another index of the same table (an
error), or a prefix of another index's fields (a warning: `by_channel` next to
`by_channel_author`). Tables defined in constants, in other files, count too. A prefix index is not
flagged when some query uses it with an `eq` on all its fields followed by `.order`, `.take`,
`.first` or `.paginate`: it gives `_creationTime` order within those fields, which the longer
index cannot.

## Why is this bad?
Every index is another copy of the table's rows to write on each insert, patch and delete, and to
store. A query on the shorter index can use the longer one with the same range.

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"]),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    .index("by_channel_author", ["channel", "author"]),
});
```

## When not to use it
When queries depend on `_creationTime` order within the prefix in ways the rule cannot see (for
example an index name built at runtime).

## Fix safety
"Remove index '…'" deletes the index and rewrites `withIndex("…")` calls on that table, in every
file, to the covering index. It is unsafe: for a prefix index the results come in the longer
index's order, and the index disappears from the deployment.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..text import TextRange
from ._db_util import index_definition, member_call, query_chain, range_calls
from .base import Rule, RuleContext

RULE = Rule(
    id="no-duplicate-indexes",
    category="performance",
    default_severity="error",
    summary="An index whose fields equal or prefix another index's fields",
    fix="always",
    applicability="unsafe",
    ep_alias="no-duplicate-indexes",
    messages={
        "identical": "Index '{name}' has the same fields as '{other}' ({fields})",
        "prefix": "Index '{name}' ({fields}) is a prefix of '{other}'; queries on it can use '{other}'",
    },
)

ORDERED = frozenset({"order", "take", "first", "paginate"})


def _uses(ctx: RuleContext, table: str, index: str):
    """(context of the file, withIndex call, index-name range) of `withIndex("index")` on `table`."""
    for path in ctx.project.interfaces:
        summary = ctx.snap.summary(path)
        uses = [u for u in (summary.uses if summary is not None else ()) if u.kind == "index" and u.context == "withIndex" and u.name == index]
        other = ctx if path == ctx.path or not uses else RuleContext(ctx.snap, path, ctx.project)
        for u in uses:
            node = other.root.descendant_for_byte_range(u.range.start, u.range.end)
            call = node.parent.parent if node is not None and node.parent is not None else None
            mc = member_call(call, other.data) if call is not None else None
            if mc is None or u.table not in (table, None):
                continue
            if u.table is None and getattr(query_chain(other, mc[1]), "table", None) != table:
                continue
            yield other, call, u.range


def _needs_creation_order(ctx: RuleContext, table: str, ix) -> bool:
    """Some query uses `ix` with an eq on all its fields, then order/take/first/paginate."""
    for other, call, _ in _uses(ctx, table, ix.name):
        ops = range_calls(other, call)
        if not ops or [f for m, f, _ in ops if m == "eq"] != list(ix.fields):
            continue
        cur = call
        while cur.parent is not None and cur.parent.type == "member_expression" and cur.parent.parent is not None:
            mc = member_call(cur.parent.parent, other.data)
            if mc is None:
                break
            if mc[0] in ORDERED:
                return True
            cur = cur.parent.parent
    return False


def _fix(ctx: RuleContext, t, ix, keep):
    found = index_definition(ctx, t, ix.name)
    if found is None or found[0] != ctx.path:
        return None
    obj = found[1].child_by_field_name("function").child_by_field_name("object")  # type: ignore[union-attr]
    edits = [ctx.edit(TextRange(obj.end_byte, found[1].end_byte), "")]
    for other, _, rng in _uses(ctx, t.name, ix.name):
        edits.append(ctx.edit(TextRange(rng.start + 1, rng.end - 1), keep.name, path=other.path))
    return ctx.fix(f"Remove index '{ix.name}' (use '{keep.name}')", edits)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    schema = ctx.project.schema
    seen: set[str] = set()
    for t in schema.tables if schema is not None else ():
        if t.file != ctx.path or t.anchor in seen:
            continue
        seen.add(t.anchor)
        indexes = [ix for ix in t.indexes if ix.kind == "db" and not ix.staged and ix.fields]
        for i, ix in enumerate(indexes):
            rng = ctx.summary.locate("index", t.anchor, ix.name)
            if rng is None:
                continue
            fields = ", ".join(ix.fields)
            same = next((o for o in indexes[:i] if o.fields == ix.fields and o.name != ix.name), None)
            if same is not None:
                fix = _fix(ctx, t, ix, same)
                yield ctx.diagnostic(ctx.range_inside_quotes(rng), RULE.message("identical", name=ix.name, other=same.name, fields=fields), [fix] if fix else [])
                continue
            longer = next((o for o in indexes if len(o.fields) > len(ix.fields) and o.fields[: len(ix.fields)] == ix.fields), None)
            if longer is None or _needs_creation_order(ctx, t.name, ix):
                continue
            fix = _fix(ctx, t, ix, longer)
            msg = RULE.message("prefix", name=ix.name, other=longer.name, fields=fields)
            yield ctx.diagnostic(ctx.range_inside_quotes(rng), msg, [fix] if fix else [], severity="warning")
