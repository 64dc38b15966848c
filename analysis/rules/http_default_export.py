"""## What it does
Flags an `http.ts` whose `httpRouter()` object is not the default export.

## Why is this bad?
Convex serves the routes of the default export of `http.ts`: without it every HTTP action is
unreachable, silently.

## Example
```ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();
http.route({ path: "/health", method: "GET", handler: httpAction(async () => new Response("ok")) });
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
Appending `export default http;` is safe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._export_fix import missing_default_export
from .base import Rule, RuleContext

RULE = Rule(
    id="http-default-export",
    category="correctness",
    default_severity="error",
    summary="http.ts without `export default http`",
    fix="sometimes",
    applicability="safe",
    messages={
        "missing": "'{name}' is never the default export: Convex serves no route from http.ts",
        "other": "http.ts must default-export its httpRouter() object '{name}'",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    yield from missing_default_export(ctx, RULE, "http", "httpRouter")
