"""## What it does
Flags a query, mutation or action that is registered (`const send = mutation({...})`, custom
builders included) in a function module but never exported from it, neither directly nor with
`export { send }` / `export default send`, nor used anywhere else in the file.

## Why is this bad?
Convex deploys only the exports of a module: the function does not exist on the deployment, has
no `api.*`/`internal.*` reference, and calls to it by name fail.

## Example
```ts
import { internalMutation } from "./_generated/server";

const cleanup = internalMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.query("messages").take(10);
  },
});
```

## Use instead
```ts
import { internalMutation } from "./_generated/server";

export const cleanup = internalMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.query("messages").take(10);
  },
});
```

## When not to use it
When registrations are built in a module and exported through another shape the model does not
follow; the rule is quiet as soon as the binding is referenced elsewhere in the file. Files that are
not function modules (`*.test.ts`, `lib.server.ts`, `_generated/`) are `function-in-non-entry-file`'s
business.

## Fix safety
"Add `export`" is unsafe: it deploys a new function, and a public one becomes callable by clients.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._fn_util import function_registrations, is_referenced, point
from .base import Rule, RuleContext

RULE = Rule(
    id="no-unexported-function",
    category="correctness",
    default_severity="warning",
    summary="A registered function that its module does not export",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "unexported": "{kind} '{name}' is registered but not exported, so Convex does not deploy it",
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not ctx.is_entry:
        return
    for reg in function_registrations(ctx):
        if reg.exported or reg.statement.type not in ("lexical_declaration", "variable_declaration"):
            continue
        decl = next((d for d in reg.statement.named_children if d.type == "variable_declarator" and reg.call.start_byte >= d.start_byte and reg.call.end_byte <= d.end_byte), None)
        name_node = decl.child_by_field_name("name") if decl is not None else None
        if name_node is None or is_referenced(ctx.root, reg.name, ctx.data, exclude=decl):
            continue
        fixes = []
        if len([d for d in reg.statement.named_children if d.type == "variable_declarator"]) == 1:
            fixes.append(ctx.fix("Add `export`", [ctx.edit(point(reg.statement.start_byte), "export ")]))
        kind = reg.kind.capitalize() if reg.visibility == "public" else f"Internal {reg.kind}"
        yield ctx.diagnostic(name_node, RULE.message("unexported", kind=kind, name=node_text(name_node, ctx.data)), fixes)
