"""## What it does
Flags a module that exports the same name twice (for example `export const list = …` and
`export { other as list }`, or `export default` twice).

## Why is this bad?
TypeScript reports it, but only once `_generated` exists and tsc runs; the bundler rejects the
module. With two names for one function path, `api.module.name` is ambiguous.

## Example
```ts
import { query } from "./_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
const listAll = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(100) });
export { listAll as list };
```

## Use instead
```ts
import { query } from "./_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
const listAll = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(100) });
export { listAll };
```

## When not to use it
Never.

## Fix safety
Unsafe: renames the second export only (`export { other as list }` → `export { other }`, else
`list2`); the `api.` references keep pointing at the first one.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.renames import duplicate_export_fix
from ..diagnostics import Diagnostic
from .base import Rule, RuleContext

RULE = Rule(
    id="no-duplicate-function-name",
    category="correctness",
    default_severity="error",
    summary="The same export name twice in one module",
    fix="sometimes",
    applicability="unsafe",
    messages={"duplicate": "'{name}' is exported more than once from this module"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for loc in sorted(ctx.summary.locations, key=lambda l: l.range.start):
        if loc.key[0] != "export":
            continue
        name = loc.key[1]
        if name in seen:
            fix = duplicate_export_fix(ctx, loc.range, name)
            yield ctx.diagnostic(loc.range, RULE.message("duplicate", name=name), [fix] if fix is not None else [])
        seen.add(name)
