"""## What it does
Flags an import (`import`, `export … from`, `require(…)`, `import(…)`) of a Node.js built-in
module in a file that runs in the default Convex runtime: a file of the functions directory
without `"use node"` (Convex bundles every such file, helpers in `lib/` included), or a file the
bundler skips (`utils.server.ts`) that one of those imports. Type-only imports are ignored.

Flagged: every `node:*` specifier, and the bare names `fs`, `fs/promises`, `child_process`,
`crypto`, `os`, `net`, `tls`, `dns`, `dns/promises`, `dgram`, `http`, `https`, `http2`,
`cluster`, `worker_threads`, `zlib`, `readline`, `vm`, `v8`, `perf_hooks`, `async_hooks`,
`inspector`, `module`, `tty`, `repl`, `diagnostics_channel`, `trace_events`, `wasi`. Names that
also exist as browser packages on npm (`buffer`, `events`, `util`, `path`, `url`, `assert`,
`stream`, `string_decoder`, `punycode`, `querystring`, `timers`, `process`) are not flagged.

## Why is this bad?
The default runtime is not Node.js: the bundle fails ("built into node"), or the push does.
The Web Crypto API (`crypto.subtle`, `crypto.randomUUID()`) and `fetch` are available without
an import.

## Example
```ts
import { internalAction } from "./_generated/server";
import { createHash } from "crypto";

export const digest = internalAction({
  args: {},
  handler: async () => createHash("sha256").update("x").digest("hex"),
});
```

## Use instead
```ts
"use node";
import { internalAction } from "./_generated/server";
import { createHash } from "crypto";

export const digest = internalAction({
  args: {},
  handler: async () => createHash("sha256").update("x").digest("hex"),
});
```

## When not to use it
When a bundler alias or an installed package of the same name provides the module.

## Fix safety
"Add \"use node\"" is offered for a function module that defines only actions and that no
Convex-runtime file imports. It is unsafe: the actions move to the Node.js runtime.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ._fn_util import in_scope, in_type_position, is_type_only, point
from .base import Rule, RuleContext

NODE_ONLY = frozenset({
    "fs", "fs/promises", "child_process", "crypto", "os", "net", "tls", "dns", "dns/promises", "dgram", "http", "https",
    "http2", "cluster", "worker_threads", "zlib", "readline", "vm", "v8", "perf_hooks", "async_hooks", "inspector",
    "module", "tty", "repl", "diagnostics_channel", "trace_events", "wasi",
})

RULE = Rule(
    id="node-import-requires-use-node",
    category="correctness",
    default_severity="error",
    summary='A Node.js built-in imported in a file without "use node"',
    fix="sometimes",
    applicability="unsafe",
    messages={
        "builtin": "Node.js built-in '{spec}' cannot be loaded in the Convex runtime; this file has no \"use node\"",
        "helper": "Node.js built-in '{spec}' cannot be loaded in the Convex runtime, and '{importer}' (no \"use node\") imports this file",
    },
    files="functions",
)


def is_node_builtin(spec: str) -> bool:
    return spec.startswith("node:") or spec in NODE_ONLY


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if not in_scope(ctx) or ctx.summary.interface.use_node:
        return
    found = [(n, s) for n, s in _specifiers(ctx) if is_node_builtin(s)]
    if not found:
        return
    importer = None
    if not ctx.is_entry and ctx.special not in ("schema", "http", "crons", "auth.config"):
        importer = _convex_runtime_importer(ctx)
        if importer is None:
            return  # a helper used only by "use node" modules (or by nothing)
    fixes = [ctx.fix('Add "use node"', [ctx.edit(point(0), '"use node";\n\n')])] if importer is None and _can_add(ctx) else []
    for i, (node, spec) in enumerate(found):
        if importer is None:
            yield ctx.diagnostic(node, RULE.message("builtin", spec=spec), fixes if i == 0 else [])
        else:
            yield ctx.diagnostic(node, RULE.message("helper", spec=spec, importer=importer))


def _specifiers(ctx: RuleContext) -> Iterator[tuple[Node, str]]:
    for stmt in ctx.root.named_children:
        src = stmt.child_by_field_name("source") if stmt.type in ("import_statement", "export_statement") else None
        if src is not None and not is_type_only(stmt):
            yield src, string_value(src, ctx.data) or ""
    if b"require(" in ctx.data or b"import(" in ctx.data:
        for call in ctx.walk(ctx.root, {"call_expression"}):
            f, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
            if f is not None and f.type in ("identifier", "import") and node_text(f, ctx.data) in ("require", "import") and not in_type_position(call):
                first = args.named_children[0] if args is not None and args.named_children else None
                if first is not None and first.type == "string":
                    yield first, string_value(first, ctx.data) or ""


def _convex_runtime_importer(ctx: RuleContext) -> str | None:
    """A Convex-runtime entry point that imports this file (through Convex-runtime files)."""
    project = ctx.project
    seen, stack = {ctx.path}, [ctx.path]
    while stack:
        cur = stack.pop()
        for imp in project.importers_of(cur):
            iface = project.interfaces.get(imp)
            if imp in seen or iface is None or iface.use_node:
                continue
            seen.add(imp)
            info = project.module(imp)
            if info is not None and (info.entry and iface.module_syntax or info.special in ("schema", "http", "crons")):
                return imp[len(project.root.functions_dir) + 1 :]
            stack.append(imp)
    return None


def _can_add(ctx: RuleContext) -> bool:
    if ctx.special is not None or not ctx.is_entry or any(r.kind != "action" for r in ctx.registrations):
        return False
    return all(ctx.project.interfaces[p].use_node for p in ctx.project.importers_of(ctx.path) if p in ctx.project.interfaces)
