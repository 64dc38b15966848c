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
Unsafe fix "Rename file to <valid>.ts" when only the file name is at fault (more than one dot, a
space, a hyphen): `-` and spaces become `_`, the dots of a multi-dot name are joined in camel case
(`messages.helpers.ts` → `messagesHelpers.ts`), and the `api.`/`internal.` references to the old
module path and the relative imports of the file (`import … from "./messages.helpers"`, also
type-only, `export … from`, `import()` and `require()`) are rewritten. Unsafe: the functions' names
change for callers outside the project. Not offered when the new name exists, when a folder of the
path is at fault, or for dotfiles, `#` names and components.
The editor applies it as a file rename (clients with resource-operation support);
`check --fix --unsafe-fixes` renames inside the Convex root, never over an existing file.
"""

from __future__ import annotations

import re
from typing import Iterator

import os
import posixpath

from ..diagnostics import Diagnostic, Edit, Fix
from ..discovery import module_info
from ..text import TextRange
from .base import Rule, RuleContext
from .common import is_test_file

RULE = Rule(
    id="function-in-non-entry-file",
    category="correctness",
    default_severity="warning",
    summary="A function in a file Convex does not deploy, or a module path the backend rejects",
    messages={
        "skipped": "'{name}' is never deployed: Convex skips this file ({reason})",
        "invalid": "Module path component '{component}' is invalid: use only letters, digits, '_' and '.' (the push fails)",
    },
    fix="sometimes",
    applicability="unsafe",
)

_RENAMABLE = ("", "more than one dot in the file name", "path contains a space")


def valid_name(base: str) -> str:
    """`my-messages.ts` → `my_messages.ts`, `messages.helpers.ts` → `messagesHelpers.ts`."""
    stem, ext = posixpath.splitext(base)
    parts = [p for p in re.sub(r"[- ]", "_", stem).split(".") if p]
    joined = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if parts else ""
    return joined + ext


def rename_fix(ctx: RuleContext) -> Fix | None:
    from ..actions.file_imports import import_rename_edits
    from ..actions.move_function import module_ref_edits

    info = ctx.module
    if info is None or info.reason not in _RENAMABLE:
        return None
    folder, base = posixpath.split(ctx.path)
    if info.reason == "path contains a space" and " " in posixpath.relpath(folder, ctx.project.root.functions_dir):
        return None  # a folder is at fault
    new_base = valid_name(base)
    new_path = posixpath.join(folder, new_base)
    if new_base == base or not new_base or new_base.startswith((".", "#")):
        return None
    new_info = module_info(ctx.project.root, new_path)
    if new_info is None or not new_info.entry or new_info.invalid_components or new_info.special is not None:
        return None
    if ctx.snap.text(new_path) is not None or os.path.exists(new_path):
        return None
    names = {r.name for r in ctx.registrations if r.exported and r.name != "default"}
    refs = module_ref_edits(ctx, info.module, new_info.module, names) if names else []
    if refs is None:
        return None
    imports = import_rename_edits(ctx, ctx.path, new_path)
    if imports is None:
        return None
    edits = (*refs, *imports, Edit(ctx.path, TextRange(0, 0), "", rename_to=new_path))
    return Fix(f"Rename file to {new_base}", "unsafe", tuple(edits))


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    info = ctx.module
    if info is None:
        return
    entry = info.entry and ctx.summary.interface.module_syntax
    if not entry:
        reason = info.reason or "no line starts with import or export"
        if info.reason == "generated code" or is_test_file(ctx.path):
            return  # convex-test suites register functions in test files on purpose
        fix = rename_fix(ctx) if ctx.registrations else None
        for reg in ctx.registrations:
            yield ctx.diagnostic(reg.callee, RULE.message("skipped", name=reg.name, reason=reason), [fix] if fix else [])
        return
    if info.invalid_components:
        first = ctx.root.named_children[0] if ctx.root.named_children else None
        rng = TextRange(first.start_byte, first.end_byte) if first is not None else TextRange(0, 0)
        fix = rename_fix(ctx) if info.invalid_components == (posixpath.basename(ctx.path),) else None
        for comp in info.invalid_components:
            yield ctx.diagnostic(rng, RULE.message("invalid", component=comp), [fix] if fix else [], severity="error")
