"""## What it does
Flags a query or mutation (public or internal, custom builders included) registered in a file
that starts with `"use node"`.

## Why is this bad?
Only actions can run in the Node.js runtime. Convex rejects the push of a `"use node"` file that
defines queries or mutations.

## Example
```ts
"use node";
import { internalAction, internalQuery } from "./_generated/server";

export const fetchPage = internalAction({ args: {}, handler: async () => {} });
export const latest = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("messages").first() });
```

## Use instead
```ts
"use node";
import { internalAction } from "./_generated/server";

export const fetchPage = internalAction({ args: {}, handler: async () => {} });
```
and `latest` in a module without `"use node"`.

## When not to use it
Never: the push fails.

## Fix safety
No fix: move the queries and mutations to a sibling module without `"use node"` (and update
their `api.*`/`internal.*` references).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._fn_util import function_registrations
from .base import Rule, RuleContext

RULE = Rule(
    id="no-query-mutation-in-node",
    category="correctness",
    default_severity="error",
    summary='A query or mutation defined in a "use node" file',
    messages={
        "node": "{kind} '{name}' is defined in a \"use node\" file; only actions can run in the Node.js runtime",
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not ctx.summary.interface.use_node:
        return
    for reg in function_registrations(ctx):
        if reg.kind in ("query", "mutation"):
            kind = reg.kind.capitalize() if reg.visibility == "public" else f"Internal {reg.kind}"
            yield ctx.diagnostic(reg.callee, RULE.message("node", kind=kind, name=reg.name))
