"""## What it does
Flags `process.env` in the functions directory (not in `_generated/`, test files, or
`auth.config.ts`, where the Convex docs read provider settings from `process.env`), unless a
local variable named `process` shadows the global.

## Why is this bad?
Since convex 1.44 environment variables are declared in `convex.config.ts`
(`defineApp({ env: { OPENAI_KEY: v.string() } })`) and read through the typed `env` exported by
`_generated/server`: the deployment refuses to push when a required variable is missing, instead
of a function failing later on `undefined`.

## Example
```ts
import { internalAction } from "./_generated/server";

export const ping = internalAction({
  args: {},
  handler: async () => {
    await fetch(process.env.WEBHOOK_URL!);
  },
});
```

## Use instead
```ts
import { internalAction, env } from "./_generated/server";

export const ping = internalAction({
  args: {},
  handler: async () => {
    await fetch(env.WEBHOOK_URL);
  },
});
```

## When not to use it
On convex versions before 1.44, which have no typed `env`.

## Fix safety
When `convex.config.ts` declares the variable, "Use `env.X`" rewrites the read and imports `env`
from `_generated/server` (safe). Otherwise an unsafe fix does the same and also declares
`X: v.string()` in the `env` object of `convex.config.ts` (the push then requires the variable).
Reads of the whole object (`process.env[name]`, `{ ...process.env }`) and writes are only reported.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ._fn_util import append_property, generated_spec, in_scope
from ._import_util import named_import_edits
from .base import Rule, RuleContext
from .common import object_keys, walk
from ..validators import call_args

RULE = Rule(
    id="no-process-env",
    category="correctness",
    default_severity="warning",
    summary="`process.env` instead of the typed `env` declared in convex.config.ts",
    fix="sometimes",
    applicability="safe",
    ep_alias="no-process-env",
    messages={
        "declared": "Read '{name}' from the typed `env` of `_generated/server` instead of `process.env`",
        "undeclared": "'{name}' is not declared in convex.config.ts; declare it there and read the typed `env` from `_generated/server`",
        "object": "`process.env` is read as a whole; declare the variables in convex.config.ts and read the typed `env` from `_generated/server`",
    },
    files="functions",
)

PLATFORM = ("CONVEX_SITE_URL", "CONVEX_CLOUD_URL")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not in_scope(ctx) or ctx.special == "auth.config" or b"process" not in ctx.data or _shadowed(ctx):
        return
    config = ctx.project.config
    declared = {n for n, _ in config.env} if config is not None else set()
    for me in ctx.walk(ctx.root, {"member_expression"}):
        obj, prop = me.child_by_field_name("object"), me.child_by_field_name("property")
        if obj is None or prop is None or node_text(obj, ctx.data) != "process" or node_text(prop, ctx.data) != "env":
            continue
        outer, name = me.parent, None
        if outer is not None and outer.type == "member_expression" and outer.child_by_field_name("object") == me:
            name = node_text(outer.child_by_field_name("property"), ctx.data)
        elif outer is not None and outer.type == "subscript_expression" and outer.child_by_field_name("object") == me:
            idx = outer.child_by_field_name("index")
            name = string_value(idx, ctx.data) if idx is not None and idx.type == "string" else None
        if name is None or not name.isidentifier():
            yield ctx.diagnostic(me, RULE.message("object"))
            continue
        write = outer.parent is not None and outer.parent.type in ("assignment_expression", "augmented_assignment_expression") \
            and outer.parent.child_by_field_name("left") == outer
        known = name in declared or (name in PLATFORM and bool(declared))
        fixes = [] if write else _fixes(ctx, outer, name, known)
        yield ctx.diagnostic(outer, RULE.message("declared" if known else "undeclared", name=name), fixes)


def _fixes(ctx: RuleContext, use: Node, name: str, known: bool) -> list:
    spec = generated_spec(ctx)
    imp = named_import_edits(ctx, "env", spec, (spec + ".js",))
    if imp is None:
        return []
    edits = [*imp, ctx.edit(use, f"env.{name}")]
    if known:
        return [ctx.fix(f"Use `env.{name}`", edits)]
    decl = _declare_edit(ctx, name)
    return [ctx.fix(f"Declare '{name}' in convex.config.ts and use `env.{name}`", [*edits, decl], "unsafe")] if decl else []


def _declare_edit(ctx: RuleContext, name: str):
    path = ctx.project.config_file
    st = ctx.snap.state(path) if path else None
    if st is None or b"convex/values" not in st.data:
        return None
    for call in walk(st.tree.root_node, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or node_text(f, st.data) not in ("defineApp", "defineComponent"):
            continue
        opts = [a for a in call_args(call) if a.type == "object"]
        env = object_keys(opts[0], st.data).get("env") if opts else None
        if env is not None and env.type == "object":
            return append_property(ctx, env, f"{name}: v.string()", st.data, path)
    return None


def _shadowed(ctx: RuleContext) -> bool:
    for n in ctx.walk(ctx.root, {"variable_declarator", "required_parameter", "optional_parameter", "function_declaration"}):
        nm = n.child_by_field_name("name") or n.child_by_field_name("pattern")
        if nm is not None and nm.type == "identifier" and node_text(nm, ctx.data) == "process":
            return True
    return False
