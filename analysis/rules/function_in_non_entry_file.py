"""## What it does
Flags Convex functions that will never be deployed, and module paths the backend rejects:
- a registered function in a file the bundler skips: a name with more than one dot (`foo.test.ts`,
  `utils.server.ts`), a path with a space, files under `_generated/`, dotfiles, names starting with
  `#`, `schema.ts`, or a folder that holds its own `convex.config.ts` (a component);
- any module whose path has an invalid component: only letters, digits, `_` and `.` are allowed
  (hyphens are rejected at push: "Path component … can only contain alphanumeric characters,
  underscores, or periods"), at most 64 characters each.

## Why is this bad?
Functions in skipped files are silently missing from `api`; invalid path components fail the push.

## Example
```ts
// convex/messages.helpers.ts
import { query } from "./_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
```

## Use instead
```ts
// convex/messageHelpers.ts
import { query } from "./_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
```

## When not to use it
Never.

## Fix safety
No fix: the remedy is renaming or moving the file (and updating the `api.` references that follow
its module path), which text edits cannot express; use the editor's file rename.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic
from ..text import TextRange
from .base import Rule, RuleContext

RULE = Rule(
    id="function-in-non-entry-file",
    category="correctness",
    default_severity="warning",
    summary="A function in a file Convex does not deploy, or a module path the backend rejects",
    messages={
        "skipped": "'{name}' is never deployed: Convex skips this file ({reason})",
        "invalid": "Module path component '{component}' is invalid: use only letters, digits, '_' and '.' (the push fails)",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    info = ctx.module
    if info is None:
        return
    entry = info.entry and ctx.summary.interface.module_syntax
    if not entry:
        reason = info.reason or "no line starts with import or export"
        if info.reason == "generated code" or re.search(r"\.(test|spec)\.[cm]?[jt]sx?$", ctx.path):
            return  # convex-test suites register functions in test files on purpose
        for reg in ctx.registrations:
            yield ctx.diagnostic(reg.callee, RULE.message("skipped", name=reg.name, reason=reason))
        return
    if info.invalid_components:
        first = ctx.root.named_children[0] if ctx.root.named_children else None
        rng = TextRange(first.start_byte, first.end_byte) if first is not None else TextRange(0, 0)
        for comp in info.invalid_components:
            yield ctx.diagnostic(rng, RULE.message("invalid", component=comp), severity="error")
