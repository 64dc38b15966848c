"""## What it does
Flags an `http.route` handler that is a plain function instead of an `httpAction(...)`.

## Why is this bad?
The router calls the handler as a registered HTTP action; a plain function is not one and the
route fails at runtime.

## Example
```ts
import { httpRouter } from "convex/server";

const http = httpRouter();
http.route({ path: "/health", method: "GET", handler: async () => new Response("ok") });
export default http;
```

## Use instead
```ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();
http.route({ path: "/health", method: "GET", handler: httpAction(async () => new Response("ok")) });
export default http;
```

## When not to use it
Never.

## Fix safety
Wrapping in `httpAction(...)` (and importing it) is safe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..text import TextRange
from ._router_util import router_calls, routers
from .base import Rule, RuleContext
from .common import object_keys, unwrap

RULE = Rule(
    id="http-handler-wrapped",
    category="correctness",
    default_severity="error",
    summary="An http.route handler that is not wrapped in httpAction(...)",
    fix="sometimes",
    applicability="safe",
    messages={"plain": "Route handlers must be HTTP actions: wrap this function in httpAction(...)"},
)

_FUNCS = {"arrow_function", "function_expression", "function"}


def _local_functions(ctx: RuleContext) -> set[str]:
    out = set()
    for stmt in ctx.root.named_children:
        decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
        if decl is None:
            continue
        if decl.type == "function_declaration":
            n = decl.child_by_field_name("name")
            if n is not None:
                out.add(node_text(n, ctx.data))
        elif decl.type == "lexical_declaration":
            for d in decl.named_children:
                n, v = d.child_by_field_name("name"), d.child_by_field_name("value")
                if n is not None and v is not None and unwrap(v).type in _FUNCS:
                    out.add(node_text(n, ctx.data))
    return out


def _import_edit(ctx: RuleContext):
    for imp in ctx.summary.interface.imports:
        if any(local == "httpAction" for _, local in imp.names):
            return None
    for stmt in ctx.root.named_children:
        if stmt.type == "import_statement" and node_text(stmt.child_by_field_name("source"), ctx.data).strip("\"'").removesuffix(".js").endswith("_generated/server"):
            named = next((n for n in ctx.walk(stmt, {"named_imports"})), None)
            if named is not None:
                last = [c for c in named.named_children if c.type == "import_specifier"][-1]
                return ctx.edit(TextRange(last.end_byte, last.end_byte), ", httpAction")
    return ctx.edit(TextRange(0, 0), 'import { httpAction } from "./_generated/server";\n')


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    names = routers(ctx, "httpRouter")
    if not names:
        return
    plain = _local_functions(ctx)
    for call, _m, args in router_calls(ctx, names, {"route"}):
        if not args or args[0].type != "object":
            continue
        h = object_keys(args[0], ctx.data).get("handler")
        if h is None:
            continue
        hu = unwrap(h)
        if hu.type in _FUNCS:
            edits = [ctx.edit(TextRange(hu.start_byte, hu.start_byte), "httpAction("), ctx.edit(TextRange(hu.end_byte, hu.end_byte), ")")]
            imp = _import_edit(ctx)
            if imp is not None:
                edits.insert(0, imp)
            yield ctx.diagnostic(hu, RULE.message("plain"), [ctx.fix("Wrap in httpAction(...)", edits)])
        elif hu.type == "identifier" and node_text(hu, ctx.data) in plain:
            yield ctx.diagnostic(hu, RULE.message("plain"))
