"""## What it does
Flags `query`, `mutation`, `action`, `internalQuery`, `internalMutation`, `internalAction` and
`httpAction` imported from `convex/server` instead of `./_generated/server`.

## Why is this bad?
`convex/server` does not export these names (it has the untyped `queryGeneric`, …): the import is
`undefined` at runtime and the push fails, or the functions lose the schema's types.

## Example
```ts
import { query } from "convex/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
```

## Use instead
```ts
import { query } from "./_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
```

## When not to use it
Never.

## Fix safety
Moving the names to an import from `_generated/server` at the right relative depth is safe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._import_util import generated_path, import_statements, specifiers
from .base import Rule, RuleContext

RULE = Rule(
    id="registrar-import-source",
    category="correctness",
    default_severity="error",
    summary="Function builders imported from convex/server instead of _generated/server",
    fix="sometimes",
    applicability="safe",
    messages={"source": "'{name}' is not exported by convex/server: import it from \"{path}\""},
)

REGISTRARS = {"query", "mutation", "action", "internalQuery", "internalMutation", "internalAction", "httpAction"}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if ctx.module is None:
        return
    for stmt, source in import_statements(ctx):
        if source != "convex/server":
            continue
        specs = specifiers(stmt, ctx.data)
        bad = [(spec, imported, local) for spec, imported, local in specs if imported in REGISTRARS]
        if not bad:
            continue
        path = generated_path(ctx, "server")
        names = ", ".join(ctx.text(spec) for spec, _, _ in bad)
        edits = []
        if len(bad) == len(specs) and all(c.type != "identifier" for clause in stmt.named_children if clause.type == "import_clause" for c in clause.named_children if c.type != "named_imports"):
            edits.append(ctx.edit(stmt, f'import {{ {names} }} from "{path}";'))
        else:
            for spec, _, _ in bad:
                nxt = spec.next_sibling
                end = nxt.end_byte if nxt is not None and nxt.type == "," else spec.end_byte
                edits.append(ctx.edit(ctx.range(spec).__class__(spec.start_byte, end), ""))
            edits.append(ctx.edit(ctx.range(stmt).__class__(stmt.end_byte, stmt.end_byte), f'\nimport {{ {names} }} from "{path}";'))
        fix = ctx.fix(f'Import from "{path}"', edits)
        for spec, imported, _ in bad:
            yield ctx.diagnostic(spec, RULE.message("source", name=imported, path=path), [fix])
