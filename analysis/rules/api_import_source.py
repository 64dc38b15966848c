"""## What it does
Flags `api`, `internal` or `components` imported from `_generated/server` instead of
`_generated/api`.

## Why is this bad?
`_generated/server` does not export them: the import is `undefined` and every reference through it
fails at runtime.

## Example
```ts
import { mutation, internal } from "./_generated/server";

export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.messages.purge, {});
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { internal } from "./_generated/api";

export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.messages.purge, {});
  },
});
```

## When not to use it
Never.

## Fix safety
Moving the names to an import from `_generated/api` is safe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._import_util import import_statements, is_generated, specifiers
from .base import Rule, RuleContext

RULE = Rule(
    id="api-import-source",
    category="correctness",
    default_severity="error",
    summary="api/internal/components imported from _generated/server instead of _generated/api",
    fix="sometimes",
    applicability="safe",
    messages={"source": "'{name}' is exported by _generated/api, not _generated/server"},
)

NAMES = {"api", "internal", "components"}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for stmt, source in import_statements(ctx):
        if not is_generated(source, "server"):
            continue
        specs = specifiers(stmt, ctx.data)
        bad = [(spec, imported) for spec, imported, _ in specs if imported in NAMES]
        if not bad:
            continue
        api_source = source.replace("_generated/server", "_generated/api")
        names = ", ".join(ctx.text(spec) for spec, _ in bad)
        if len(bad) == len(specs):
            edits = [ctx.edit(stmt, f'import {{ {names} }} from "{api_source}";')]
        else:
            edits = []
            for spec, _ in bad:
                prev = spec.prev_sibling
                start = prev.start_byte if prev is not None and prev.type == "," else spec.start_byte
                edits.append(ctx.edit(ctx.range(spec).__class__(start, spec.end_byte), ""))
            edits.append(ctx.edit(ctx.range(stmt).__class__(stmt.end_byte, stmt.end_byte), f'\nimport {{ {names} }} from "{api_source}";'))
        fix = ctx.fix(f'Import from "{api_source}"', edits)
        for spec, imported in bad:
            yield ctx.diagnostic(spec, RULE.message("source", name=imported), [fix])
