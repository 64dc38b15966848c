"""## What it does
Flags an evaluation-time use of the schema's default export (`import schema from "./schema"`)
in a module that `schema.ts` itself imports, directly or through other local modules. Uses inside
function bodies and in type positions (`typeof schema`, `Infer<…>`) are fine: they run, or
vanish, after the cycle is resolved.

## Why is this bad?
While `schema.ts` evaluates its imports, its own default export does not exist yet: the module
reads `undefined` (`Cannot read properties of undefined`) and the push fails, or a validator
built from it is silently broken.

## Example
```ts
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { messageFields } from "./messages";
export default defineSchema({
  users: defineTable({ name: v.string() }),
  messages: defineTable(messageFields),
});
//- convex/messages.ts
import { v } from "convex/values";
import schema from "./schema";
export const messageFields = { body: v.string(), author: schema.id("users") };
```

## Use instead
```ts
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { messageFields } from "./messages";
export default defineSchema({
  users: defineTable({ name: v.string() }),
  messages: defineTable(messageFields),
});
//- convex/messages.ts
import { v } from "convex/values";
export const messageFields = { body: v.string(), author: v.id("users") };
```

## When not to use it
Never.

## Fix safety
`schema.id("t")` is rewritten to `v.id("t")` (importing `v` from `convex/values` when needed);
the validator is the same, so the fix is safe. Other uses are only reported.
"""

from __future__ import annotations

from collections import deque
from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._fn_util import is_generated, is_test_file, in_type_position
from ._import_util import named_import_edits
from .base import Rule, RuleContext
from .common import FUNCTION_NODES, enclosing

RULE = Rule(
    id="no-schema-import-cycle",
    category="correctness",
    default_severity="error",
    summary="The schema is used at import time in a module that schema.ts imports",
    fix="sometimes",
    applicability="safe",
    ep_alias="no-schema-import-cycle",
    messages={
        "cycle": "'{name}' is undefined here: schema.ts imports this module (import cycle), so use `v.*` validators instead",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    schema = _schema_file(ctx)
    if schema is None or schema == ctx.path or is_generated(ctx) or is_test_file(ctx.path) or not _reached(ctx, schema):
        return
    locals_ = set()
    for imp in ctx.summary.interface.imports:
        if not imp.type_only and ctx.project.resolve(ctx.path, imp.source) == schema:
            locals_.update(local for imported, local in imp.names if imported == "default")
    if not locals_:
        return
    for n in ctx.walk(ctx.root, {"identifier", "shorthand_property_identifier"}):
        name = node_text(n, ctx.data)
        if name not in locals_ or n.parent is None or n.parent.type in ("import_clause", "import_specifier"):
            continue
        if in_type_position(n) or enclosing(n, FUNCTION_NODES) is not None:
            continue
        yield ctx.diagnostic(n, RULE.message("cycle", name=name), _fixes(ctx, n))


def _fixes(ctx: RuleContext, ident) -> list:
    me = ident.parent
    if me.type != "member_expression" or me.child_by_field_name("object") != ident:
        return []
    prop = me.child_by_field_name("property")
    call = me.parent
    if prop is None or node_text(prop, ctx.data) != "id" or call is None or call.type != "call_expression":
        return []
    imp = named_import_edits(ctx, "v", "convex/values")
    if imp is None:
        return []
    return [ctx.fix("Use `v.id(…)`", [*imp, ctx.edit(me, "v.id")])]


def _schema_file(ctx: RuleContext) -> str | None:
    if ctx.project.schema is not None:
        return ctx.project.schema.file
    fdir = ctx.project.root.functions_dir
    return next((f"{fdir}/schema{e}" for e in (".ts", ".js", ".tsx") if f"{fdir}/schema{e}" in ctx.project.interfaces), None)


def _reached(ctx: RuleContext, schema: str) -> bool:
    ifaces, graph = ctx.project.interfaces, ctx.project.imports
    seen, queue = {schema}, deque([schema])
    while queue and len(seen) < 5000:
        cur = queue.popleft()
        iface = ifaces.get(cur)
        reexports = (ctx.project.resolve(cur, src) for src, _, _ in (iface.reexports if iface else ()))
        for dep in (*graph.get(cur, ()), *(r for r in reexports if r is not None)):
            if dep == ctx.path:
                return True
            if dep not in seen:
                seen.add(dep)
                queue.append(dep)
    return False
