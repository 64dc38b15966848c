"""## What it does
Flags an import, in a file that runs in the default Convex runtime (a function module without
`"use node"`, `schema.ts`, `auth.config.ts`), of a module that has `"use node"`, directly or
through other local modules. Type-only imports (`import type`, `import { type T }`) are ignored,
and so are imports in `"use node"` files (a Node module may import another one).

## Why is this bad?
The bundler puts the imported module, Node built-ins included, into the default runtime, and
Convex refuses files that do that: `"use node"` modules may only be imported by other
`"use node"` modules.

## Example
```ts
//- convex/ai.ts
"use node";
import { internalAction } from "./_generated/server";
export const PROMPT = "Summarize:";
export const summarize = internalAction({ args: {}, handler: async () => PROMPT });
//- convex/messages.ts
import { PROMPT } from "./ai";
export const prefix = PROMPT;
```

## Use instead
```ts
//- convex/prompts.ts
export const PROMPT = "Summarize:";
//- convex/messages.ts
import { PROMPT } from "./prompts";
export const prefix = PROMPT;
```

## When not to use it
Never: the deployment fails. When only types are imported, say so with `import type`.

## Fix safety
When every imported name is used only as a type, "Change to `import type`" is safe (TypeScript
erases the import). Otherwise move the shared code to a module without `"use node"`.
"""

from __future__ import annotations

import posixpath
from collections import deque
from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ._fn_util import in_scope, in_type_position, is_type_only, point
from .base import Rule, RuleContext

RULE = Rule(
    id="import-wrong-runtime",
    category="correctness",
    default_severity="warning",
    summary='A Convex-runtime file imports a "use node" module',
    fix="sometimes",
    applicability="safe",
    ep_alias="import-wrong-runtime",
    messages={
        "direct": "'{spec}' is a \"use node\" module and cannot be imported from the Convex runtime",
        "transitive": "'{spec}' imports the \"use node\" module '{node}' ({chain}); it cannot be imported from the Convex runtime",
        "types": "'{spec}' leads to the \"use node\" module '{node}'; nothing imported from it is used as a value, so make it `import type`",
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not in_scope(ctx) or ctx.summary.interface.use_node or not (ctx.is_entry or ctx.special in ("schema", "auth.config")):
        return
    for stmt, src in _imports(ctx):
        spec = string_value(src, ctx.data) or ""
        target = ctx.project.resolve(ctx.path, spec)
        chain = _node_chain(ctx, target) if target is not None else None
        if not chain:
            continue
        root = posixpath.dirname(ctx.project.root.functions_dir)
        names = [posixpath.relpath(p, root) for p in chain]
        if stmt.type == "import_statement" and _types_only(ctx, stmt):
            fix = ctx.fix("Change to `import type`", [ctx.edit(point(stmt.start_byte + len("import")), " type")])
            yield ctx.diagnostic(src, RULE.message("types", spec=spec, node=names[-1]), [fix] if _can_type(stmt) else [])
        elif len(chain) == 1:
            yield ctx.diagnostic(src, RULE.message("direct", spec=spec))
        else:
            yield ctx.diagnostic(src, RULE.message("transitive", spec=spec, node=names[-1], chain=" → ".join(names)))


def _imports(ctx: RuleContext) -> Iterator[tuple[Node, Node]]:
    for stmt in ctx.root.named_children:
        src = stmt.child_by_field_name("source") if stmt.type in ("import_statement", "export_statement") else None
        if src is not None and not is_type_only(stmt):
            yield stmt, src
    if b"require(" in ctx.data:
        for call in ctx.walk(ctx.root, {"call_expression"}):
            f, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
            if f is not None and node_text(f, ctx.data) == "require" and args is not None and args.named_children and args.named_children[0].type == "string":
                yield call, args.named_children[0]


def _node_chain(ctx: RuleContext, start: str) -> list[str] | None:
    """[start, …, node module] through value imports of non-node files, or None."""
    ifaces, graph = ctx.project.interfaces, ctx.project.imports
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue and len(parent) < 2000:
        cur = queue.popleft()
        iface = ifaces.get(cur)
        if iface is not None and iface.use_node:
            out = [cur]
            while parent[out[-1]] is not None:
                out.append(parent[out[-1]])  # type: ignore[arg-type]
            return list(reversed(out))
        reexports = (ctx.project.resolve(cur, src) for src, _, _ in (iface.reexports if iface else ()))
        for dep in (*graph.get(cur, ()), *(r for r in reexports if r is not None)):
            if dep not in parent and dep != ctx.path:
                parent[dep] = cur
                queue.append(dep)
    return None


def _types_only(ctx: RuleContext, stmt: Node) -> bool:
    clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
    if clause is None:
        return False  # side-effect import
    locals_ = {node_text(n, ctx.data) for n in ctx.walk(clause, {"identifier"})
               if n.parent is not None and (n.parent.type in ("import_clause", "namespace_import") or n == _local(n.parent))}
    for n in ctx.walk(ctx.root, {"identifier", "shorthand_property_identifier"}):
        if n.parent is not None and n.parent.type in ("import_clause", "namespace_import", "import_specifier"):
            continue
        if node_text(n, ctx.data) in locals_ and not in_type_position(n):
            return False
    return bool(locals_)


def _local(spec: Node) -> Node | None:
    if spec.type != "import_specifier":
        return None
    return spec.child_by_field_name("alias") or spec.child_by_field_name("name")


def _can_type(stmt: Node) -> bool:
    clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
    return clause is not None and not (any(c.type == "identifier" for c in clause.named_children) and len(clause.named_children) > 1)

