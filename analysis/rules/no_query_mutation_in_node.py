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
Unsafe fix "Move '<name>' to <stem>Queries.ts": cuts the registration out of the node file,
appends it to the sibling `<stem>Queries.ts` (created when missing) with the imports it uses, and
rewrites its `api.*`/`internal.*` references in the project to the new module path. Unsafe: the
function's name changes (`<stem>:<name>` → `<stem>Queries:<name>`) for clients not using `api`
(other deployments, scheduled jobs already queued, string names). Not offered when the code uses a
helper of the node file or a Node.js builtin, or when the target already exports that name.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.move_function import move_to_queries_fix
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
    fix="sometimes",
    applicability="unsafe",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not ctx.summary.interface.use_node:
        return
    for reg in function_registrations(ctx):
        if reg.kind in ("query", "mutation"):
            kind = reg.kind.capitalize() if reg.visibility == "public" else f"Internal {reg.kind}"
            fix = move_to_queries_fix(ctx, reg)
            yield ctx.diagnostic(reg.callee, RULE.message("node", kind=kind, name=reg.name), [fix] if fix is not None else [])
