"""## What it does
Flags a cron job name registered twice in `crons.ts`.

## Why is this bad?
`cronJobs()` throws "Cron identifier registered twice" when the module is evaluated: the push fails.

## Example
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("cleanup", { minutes: 5 }, internal.messages.purge, {});
crons.interval("cleanup", { hours: 1 }, internal.messages.digest, {});
export default crons;
```

## Use instead
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("purge messages", { minutes: 5 }, internal.messages.purge, {});
crons.interval("hourly digest", { hours: 1 }, internal.messages.digest, {});
export default crons;
```

## When not to use it
Never.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import string_value
from ._router_util import router_calls, routers
from .base import Rule, RuleContext

RULE = Rule(
    id="duplicate-cron-name",
    category="correctness",
    default_severity="error",
    summary="A cron job name registered twice",
    messages={"duplicate": "Cron job '{name}' is registered twice (first on line {line})"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    index = ctx.snap.line_index(ctx.path)
    for call, method, args in router_calls(ctx, routers(ctx, "cronJobs"), {"interval", "hourly", "daily", "weekly", "monthly", "cron"}):
        if not args or args[0].type != "string":
            continue
        name = string_value(args[0], ctx.data)
        if name is None:
            continue
        if name in seen:
            yield ctx.diagnostic(args[0], RULE.message("duplicate", name=name, line=index.line_of(seen[name]) + 1))
        else:
            seen[name] = args[0].start_byte
