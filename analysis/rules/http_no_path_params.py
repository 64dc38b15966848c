"""## What it does
Flags Express-style parameters (`/users/:id`) in an `http.route` `path`.

## Why is this bad?
Convex matches `path` exactly: `/users/:id` only matches the literal text `:id`, so the route is
dead. Use `pathPrefix: "/users/"` and read the rest of the URL in the handler.

## Example
```ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();
http.route({ path: "/users/:id", method: "GET", handler: httpAction(async () => new Response()) });
export default http;
```

## Use instead
```ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();
http.route({ pathPrefix: "/users/", method: "GET", handler: httpAction(async () => new Response()) });
export default http;
```

## When not to use it
When the path really contains a colon.

## Fix safety
Converting to `pathPrefix` changes which requests match and the handler must parse the id: unsafe.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import string_value
from ._router_util import router_calls, routers
from .base import Rule, RuleContext
from .common import object_keys, pair_of

RULE = Rule(
    id="http-no-path-params",
    category="correctness",
    default_severity="error",
    summary="A `:param` in an http.route path (paths match exactly)",
    fix="sometimes",
    applicability="unsafe",
    messages={"param": "Paths are matched exactly: '{param}' is not a parameter. Use pathPrefix: \"{prefix}\" and parse the URL in the handler"},
)

_PARAM = re.compile(r":[A-Za-z_]\w*")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for call, _m, args in router_calls(ctx, routers(ctx, "httpRouter"), {"route"}):
        if not args or args[0].type != "object":
            continue
        path = object_keys(args[0], ctx.data).get("path")
        if path is None or path.type != "string":
            continue
        val = string_value(path, ctx.data) or ""
        m = _PARAM.search(val)
        if m is None:
            continue
        prefix = val[: m.start()]
        prefix = prefix if prefix.endswith("/") else prefix + "/"
        pair = pair_of(args[0], "path", ctx.data)
        fix = ctx.fix(f"Use pathPrefix \"{prefix}\"", [ctx.edit(pair, f'pathPrefix: "{prefix}"')])
        yield ctx.diagnostic(path, RULE.message("param", param=m.group(0), prefix=prefix), [fix])
