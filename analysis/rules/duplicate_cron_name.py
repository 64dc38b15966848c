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

## Fix safety
Unsafe: appends ` 2` to the second name; a meaningful name is better, and the cron job is new to
the deployment.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.renames import cron_rename_fix, next_cron_name
from ..diagnostics import Diagnostic
from ..syntax import string_value
from ._router_util import router_calls, routers
from .base import Rule, RuleContext

RULE = Rule(
    id="duplicate-cron-name",
    category="correctness",
    default_severity="error",
    summary="A cron job name registered twice",
    fix="always",
    applicability="unsafe",
    messages={"duplicate": "Cron job '{name}' is registered twice (first on line {line})"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    index = ctx.snap.line_index(ctx.path)
    calls = list(router_calls(ctx, routers(ctx, "cronJobs"), {"interval", "hourly", "daily", "weekly", "monthly", "cron"}))
    names = {string_value(a[0], ctx.data) for _, _, a in calls if a and a[0].type == "string"}
    taken = {n for n in names if n is not None}
    for call, method, args in calls:
        if not args or args[0].type != "string":
            continue
        name = string_value(args[0], ctx.data)
        if name is None:
            continue
        if name in seen:
            new = next_cron_name(name, taken)
            taken.add(new)
            fix = cron_rename_fix(ctx, ctx.range(args[0]), new)
            yield ctx.diagnostic(args[0], RULE.message("duplicate", name=name, line=index.line_of(seen[name]) + 1), [fix] if fix is not None else [])
        else:
            seen[name] = args[0].start_byte
