"""## What it does
Flags `api.x.y` / `internal.x.y` references that name no function of the project, and references
through the wrong root (`api.` for an internal function, `internal.` for a public one).

## Why is this bad?
`_generated/api.d.ts` only changes when codegen runs against a deployment: until then a typo, a
renamed function or a function that became internal compiles and fails at runtime ("Could not
find public function").

## Example
```ts
import { action, query } from "./_generated/server";
import { api } from "./_generated/api";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });

export const run = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(api.messages.lisst, {});
  },
});
```

## Use instead
```ts
import { action, query } from "./_generated/server";
import { api } from "./_generated/api";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });

export const run = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(api.messages.list, {});
  },
});
```

## When not to use it
When functions are registered by code the model cannot follow (a factory it does not know): such
exports are not reported as long as the module exports the name.

## Fix safety
Switching `api.`/`internal.` to the function's real visibility is safe; a did-you-mean replacement is unsafe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._ref_util import is_namespace, module_exports, split_ref, twin
from .base import Rule, RuleContext

RULE = Rule(
    id="unknown-function-reference",
    category="correctness",
    default_severity="error",
    summary="An api./internal. reference that names no function, or the wrong visibility",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "unknown": "Unknown function reference '{name}'",
        "unknown_suggest": "Unknown function reference '{name}'; did you mean '{suggestion}'?",
        "visibility": "'{name}' is {actual}: use '{correct}'",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:

    project = ctx.project
    if not project.functions:
        return
    for use in ctx.summary.uses:
        if use.kind != "function":
            continue
        parts = split_ref(use.name)
        if parts is None or project.function(use.name) is not None or is_namespace(project, use.name):
            continue
        other = twin(project, use.name)
        if other is not None:
            correct = other.api_path
            actual = "an internal function" if other.visibility == "internal" else "a public function"
            fix = ctx.fix(f"Use '{correct}'", [ctx.edit(use.range, correct)], "safe")
            yield ctx.diagnostic(use.range, RULE.message("visibility", name=use.name, actual=actual, correct=correct), [fix])
            continue
        if module_exports(project, parts[1], parts[2]):
            continue
        suggestion = _suggest(ctx, parts)
        if suggestion:
            fix = ctx.fix(f"Replace with '{suggestion}'", [ctx.edit(use.range, suggestion)])
            yield ctx.diagnostic(use.range, RULE.message("unknown_suggest", name=use.name, suggestion=suggestion), [fix])
        else:
            yield ctx.diagnostic(use.range, RULE.message("unknown", name=use.name))


def _suggest(ctx: RuleContext, parts: tuple[str, str, str]) -> str | None:
    """Closest function path: first the closest module (the path as written when it exists), then the
    closest export in it; two small searches instead of one over every function of the project."""
    from ..lint import did_you_mean

    root, module, export = parts

    def index() -> dict[str, dict[str, list[str]]]:
        out: dict[str, dict[str, list[str]]] = {}
        for f in ctx.project.functions:
            r = "api" if f.visibility == "public" else "internal"
            out.setdefault(r, {}).setdefault(f.module, []).append(f.name)
        return out

    modules = ctx.snap.memo(("function-paths", ctx.project.root.functions_dir), index).get(root, {})
    candidates = [module] if module in modules else []
    best = did_you_mean(module, modules) if not candidates else None
    candidates += [best] if best and best not in candidates else []
    for m in candidates:
        name = did_you_mean(export, modules[m])
        if name is not None:
            return ".".join([root, *m.split("/"), name])
    return None
