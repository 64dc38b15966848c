"""## What it does
Flags a `crons.ts` whose `cronJobs()` object is not the default export.

## Why is this bad?
Convex reads the jobs from the default export of `crons.ts`: without it no job is scheduled, silently.

## Example
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("purge", { minutes: 5 }, internal.messages.purge, {});
```

## Use instead
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("purge", { minutes: 5 }, internal.messages.purge, {});
export default crons;
```

## When not to use it
Never.

## Fix safety
Appending `export default crons;` is safe.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ._export_fix import missing_default_export
from .base import Rule, RuleContext

RULE = Rule(
    id="crons-default-export",
    category="correctness",
    default_severity="error",
    summary="crons.ts without `export default crons`",
    fix="sometimes",
    applicability="safe",
    messages={
        "missing": "'{name}' is never the default export: Convex schedules no job from crons.ts",
        "other": "crons.ts must default-export its cronJobs() object '{name}'",
    },
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    yield from missing_default_export(ctx, RULE, "crons", "cronJobs")
