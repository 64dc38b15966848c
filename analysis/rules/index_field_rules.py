"""## What it does
Flags index definitions the backend rejects or that cannot work:
- a field that is `_id`, `_creationTime` (appended to every index automatically) or starts with `_`;
- the same field twice in one index; an index with no fields;
- a field that is not in the table's validator (when schema validation is on);
- more than 16 fields in an index (the implicit `_creationTime` counts), more than 16 filter fields;
- more than 32 indexes, 4 search indexes or 4 vector indexes on one table;
- a search field that is not a string, a vector field that is not `v.array(v.float64())`, and vector
  `dimensions` outside 2–4096.

## Why is this bad?
All of these compile and fail at push (`IndexFieldsContainId`, `IndexFieldsContainCreationTime`,
`FieldsNotUniqueWithinIndex`, `IndexTooManyFields`, `TooManyIndexes`, `SchemaDefinitionError`…).

## Example
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string(), channel: v.string() })
    .index("by_channel", ["channel", "_creationTime"]),
});
```

## Use instead
```ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string(), channel: v.string() })
    .index("by_channel", ["channel"]),
});
```

## When not to use it
Never for the push errors. The limits follow the Convex docs (32 indexes per table); the backend
currently allows more.

## Fix safety
Removing an explicit `_creationTime` or a repeated field is safe (the index is the same); removing
`_id` or another system field, and replacing a missing field with the closest field of the table,
are unsafe.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.schema_edits import remove_list_item
from ..diagnostics import Diagnostic
from ..model import TableDef, Validator
from ._schema_util import index_field_uses, index_ranges, tables_defined_here
from .base import Rule, RuleContext

RULE = Rule(
    id="index-field-rules",
    category="correctness",
    default_severity="error",
    summary="Index fields and index counts the backend rejects",
    fix="sometimes",
    applicability="unsafe",
    options={"maxIndexes": 32, "maxSearchIndexes": 4, "maxVectorIndexes": 4},
    messages={
        "id": "'_id' cannot be indexed: use ctx.db.get to read by id",
        "creation": "'_creationTime' is appended to every index automatically: remove it",
        "system": "Index field '{field}' starts with '_': system fields cannot be indexed",
        "duplicate": "Field '{field}' appears twice in index '{index}'",
        "empty": "Index '{index}' has no fields",
        "missing": "Field '{field}' is not in table '{table}'",
        "too_many_fields": "Index '{index}' has {count} fields (with the implicit _creationTime); the limit is 16",
        "too_many_filters": "Index '{index}' has {count} filter fields; the limit is 16",
        "too_many_indexes": "Table '{table}' has {count} {kind}; the limit is {limit}",
        "search_type": "Search field '{field}' must be a string field",
        "vector_type": "Vector field '{field}' must be v.array(v.float64())",
        "dimensions": "Vector index dimensions must be between 2 and 4096, got {dims}",
    },
)


def _field(doc: Validator, path: str) -> Validator | None | bool:
    """The validator at a dotted path; True when the table's shape is unknown (cannot tell)."""
    cur = doc
    for part in path.split("."):
        if cur.kind in ("unknown", "any") or cur.kind == "union" and any(m.kind in ("unknown", "any") for m in cur.items):
            return True
        if cur.kind == "object":
            if any(f.name.startswith("...") for f in cur.fields):
                found = cur.field(part)
                if found is None:
                    return True
            nxt = cur.field(part)
        elif cur.kind == "union":
            nxt = next((m.field(part) for m in cur.items if m.kind == "object" and m.field(part) is not None), None)
        else:
            return None
        if nxt is None:
            return None
        cur = nxt
    return cur


def _core(v: Validator) -> Validator:
    if v.kind == "union":
        non_null = [m for m in v.items if m.kind != "null"]
        if len(non_null) == 1:
            return non_null[0]
    return v


def _counts(ctx: RuleContext, t: TableDef) -> Iterator[Diagnostic]:
    rng = None
    for kind, label, limit in (("db", "indexes", ctx.options["maxIndexes"]), ("search", "search indexes", ctx.options["maxSearchIndexes"]), ("vector", "vector indexes", ctx.options["maxVectorIndexes"])):
        idx = [ix for ix in t.indexes if ix.kind == kind] if kind != "db" else list(t.indexes)
        if len(idx) > limit:
            extra = idx[limit]
            rs = index_ranges(ctx, t, extra)
            rng = rs[0] if rs else None
            if rng is not None:
                yield ctx.diagnostic(ctx.range_inside_quotes(rng), RULE.message("too_many_indexes", table=t.name, count=len(idx), kind=label, limit=limit))


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    schema = ctx.project.schema
    validate = schema is None or schema.schema_validation
    for t in tables_defined_here(ctx):
        yield from _counts(ctx, t)
        for ix in t.indexes:
            uses = index_field_uses(ctx, t, ix)
            rngs = index_ranges(ctx, t, ix)
            seen: set[str] = set()
            for u in uses:
                f = u.name
                inner = ctx.range_inside_quotes(u.range)
                listed = u.context in ("index-fields",)

                def remove(u=u, safe=False):
                    edit = remove_list_item(ctx, u.range) if listed else None
                    return [ctx.fix(f"Remove '{u.name}' from the index", [edit], "safe" if safe else "unsafe")] if edit else []

                if f == "_id":
                    yield ctx.diagnostic(inner, RULE.message("id"), remove)
                    continue
                if f == "_creationTime":
                    yield ctx.diagnostic(inner, RULE.message("creation"), lambda u=u: remove(u, safe=True))
                    continue
                if f.startswith("_"):
                    yield ctx.diagnostic(inner, RULE.message("system", field=f), remove)
                    continue
                if u.context == "index-fields" and f in seen and ix.kind == "db":
                    yield ctx.diagnostic(inner, RULE.message("duplicate", field=f, index=ix.name), lambda u=u: remove(u, safe=True))
                    continue
                seen.add(f)
                target = _field(t.document, f)
                if target is None and validate:
                    def did_you_mean_fix(f=f, inner=inner, t=t):
                        from ..lint import did_you_mean

                        best = did_you_mean(f, [n for n in t.field_names() if not n.startswith("...")])
                        return [ctx.fix(f"Replace with '{best}'", [ctx.edit(inner, best)])] if best else []

                    yield ctx.diagnostic(inner, RULE.message("missing", field=f, table=t.name), did_you_mean_fix)
                elif isinstance(target, Validator):
                    core = _core(target)
                    if u.context == "searchField" and core.kind not in ("string", "unknown", "any"):
                        yield ctx.diagnostic(inner, RULE.message("search_type", field=f))
                    if u.context == "vectorField" and not (core.kind == "array" and core.items and core.items[0].kind in ("number", "unknown")):
                        yield ctx.diagnostic(inner, RULE.message("vector_type", field=f))
            if not rngs:
                continue
            name_rng = ctx.range_inside_quotes(rngs[0])
            if ix.kind == "db" and not ix.fields:
                yield ctx.diagnostic(name_rng, RULE.message("empty", index=ix.name))
            if ix.kind == "db" and len(ix.fields) + 1 > 16:
                yield ctx.diagnostic(name_rng, RULE.message("too_many_fields", index=ix.name, count=len(ix.fields) + 1))
            if len(ix.filter_fields) > 16:
                yield ctx.diagnostic(name_rng, RULE.message("too_many_filters", index=ix.name, count=len(ix.filter_fields)))
            if ix.kind == "vector" and ix.dimensions is not None and not 2 <= ix.dimensions <= 4096:
                yield ctx.diagnostic(name_rng, RULE.message("dimensions", dims=ix.dimensions))
