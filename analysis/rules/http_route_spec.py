"""## What it does
Flags `http.route({...})` specs the router rejects: `path`/`pathPrefix` not starting with `/`, a
`pathPrefix` not ending with `/`, both `path` and `pathPrefix`, the reserved `/.files` prefix, a
method outside GET, POST, PUT, DELETE, OPTIONS, PATCH, a missing method or handler, and the same
route and method registered twice.

## Why is this bad?
`httpRouter().route` throws when `http.ts` is evaluated: the push fails.

## Example
```ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();
http.route({ pathPrefix: "/files", method: "get", handler: httpAction(async () => new Response()) });
export default http;
```

## Use instead
```ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();
http.route({ pathPrefix: "/files/", method: "GET", handler: httpAction(async () => new Response()) });
export default http;
```

## When not to use it
Never.

## Fix safety
Adding the missing slash and upper-casing the method are safe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ._router_util import router_calls, routers
from .base import Rule, RuleContext
from .common import object_keys

RULE = Rule(
    id="http-route-spec",
    category="correctness",
    default_severity="error",
    summary="An http.route spec the router rejects",
    fix="sometimes",
    applicability="safe",
    messages={
        "leading": "{key} must start with '/'",
        "trailing": "pathPrefix must end with '/'",
        "both": "A route has either path or pathPrefix, not both",
        "neither": "A route needs a path or a pathPrefix",
        "files": "Paths under /.files are reserved by Convex",
        "method": "Unknown HTTP method {value}: use one of GET, POST, PUT, DELETE, OPTIONS, PATCH",
        "missing": "A route needs a {key}",
        "duplicate": "Route {method} {path} is already registered on line {line}",
    },
)

METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    index = ctx.snap.line_index(ctx.path)
    seen: dict[tuple[str, str, str], int] = {}
    for call, _m, args in router_calls(ctx, routers(ctx, "httpRouter"), {"route"}):
        if not args or args[0].type != "object":
            continue
        spec = args[0]
        keys = object_keys(spec, ctx.data)
        if any(p.type == "spread_element" for p in spec.named_children):
            continue
        path, prefix = keys.get("path"), keys.get("pathPrefix")
        if path is not None and prefix is not None:
            yield ctx.diagnostic(prefix.parent, RULE.message("both"))
        if path is None and prefix is None:
            yield ctx.diagnostic(spec, RULE.message("neither"))
        for key, node in (("path", path), ("pathPrefix", prefix)):
            if node is None or node.type != "string":
                continue
            val = string_value(node, ctx.data) or ""
            inner = ctx.range_inside_quotes(ctx.range(node))
            if not val.startswith("/"):
                fix = ctx.fix("Add a leading '/'", [ctx.edit(inner.__class__(inner.start, inner.start), "/")])
                yield ctx.diagnostic(node, RULE.message("leading", key=key), [fix])
            if key == "pathPrefix" and not val.endswith("/"):
                fix = ctx.fix("Add a trailing '/'", [ctx.edit(inner.__class__(inner.end, inner.end), "/")])
                yield ctx.diagnostic(node, RULE.message("trailing"), [fix])
            norm = "/" + val.lstrip("/")
            if norm == "/.files" or norm.startswith("/.files/"):
                yield ctx.diagnostic(node, RULE.message("files"))
        method = keys.get("method")
        mval = None
        if method is None:
            yield ctx.diagnostic(spec, RULE.message("missing", key="method"))
        elif method.type == "string":
            mval = string_value(method, ctx.data) or ""
            if mval not in METHODS:
                fixes = [ctx.fix(f"Replace with '{mval.upper()}'", [ctx.edit(ctx.range_inside_quotes(ctx.range(method)), mval.upper())])] if mval.upper() in METHODS else []
                yield ctx.diagnostic(method, RULE.message("method", value=node_text(method, ctx.data)), fixes)
        if "handler" not in keys:
            yield ctx.diagnostic(spec, RULE.message("missing", key="handler"))
        target = path if path is not None else prefix
        if mval is not None and target is not None and target.type == "string":
            key = (mval.upper(), "path" if path is not None else "prefix", string_value(target, ctx.data) or "")
            if key in seen:
                yield ctx.diagnostic(target, RULE.message("duplicate", method=key[0], path=key[2], line=index.line_of(seen[key]) + 1))
            else:
                seen[key] = target.start_byte
