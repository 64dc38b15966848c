"""## What it does
Flags exports named with a JavaScript reserved word, such as `export const delete = mutation(...)`.

## Why is this bad?
It is a syntax error: the module does not build and nothing deploys. (`delete`, `new`, `default`…
are natural names for functions, which is why this happens.)

## Example
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const delete = mutation({ args: { id: v.id("messages") }, handler: async (ctx, args) => ctx.db.delete("messages", args.id) });
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const remove = mutation({ args: { id: v.id("messages") }, handler: async (ctx, args) => ctx.db.delete("messages", args.id) });
```

## When not to use it
Never.

## Fix safety
Unsafe: renames the export (to the suggested name, e.g. `delete` → `remove`) and its
`api.`/`internal.` uses; clients of the deployed function use the new path.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..actions.renames import export_rename_fix
from ..diagnostics import Diagnostic
from ..text import TextRange
from .base import Rule, RuleContext

RULE = Rule(
    id="no-reserved-word-export",
    category="correctness",
    default_severity="error",
    summary="An export named with a JavaScript reserved word",
    fix="always",
    applicability="unsafe",
    messages={"reserved": "'{name}' is a reserved word and cannot name an export: rename it (e.g. '{suggestion}')"},
)

RESERVED = (
    "break case catch class const continue debugger default delete do else enum export extends false finally for "
    "function if import in instanceof new null return super switch this throw true try typeof var void while with "
    "yield let static implements interface package private protected public await"
).split()
_PATTERN = re.compile(rb"\bexport\s+(?:declare\s+)?(?:const|let|var|(?:async\s+)?function\*?)\s+(" + "|".join(RESERVED).encode() + rb")\b")
SUGGEST = {"delete": "remove", "new": "create", "default": "main", "import": "importData", "export": "exportData", "function": "fn", "class": "klass"}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"export" not in ctx.data:
        return
    for m in _PATTERN.finditer(ctx.data):
        name = m.group(1).decode()
        rng = TextRange(m.start(1), m.end(1))
        suggestion = SUGGEST.get(name, name + "_")
        fix = export_rename_fix(ctx, rng, suggestion)
        yield ctx.diagnostic(rng, RULE.message("reserved", name=name, suggestion=suggestion), [fix] if fix is not None else [])
