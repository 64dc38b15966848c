"""## What it does
Flags cron jobs scheduled at minute 0: `minuteUTC: 0` in `crons.hourly/daily/weekly/monthly`, and
`crons.cron` strings whose minute field is `0`, `0-n` or `0/n`.

## Why is this bad?
Everyone schedules at the top of the hour; jobs that all start at :00 compete for the same
resources. Omit `minuteUTC` (Convex then picks a minute for the job) or choose an off-peak minute.

## Example
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.daily("digest", { hourUTC: 8, minuteUTC: 0 }, internal.messages.digest, {});
export default crons;
```

## Use instead
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.daily("digest", { hourUTC: 8, minuteUTC: 17 }, internal.messages.digest, {});
export default crons;
```

## When not to use it
When the job must run exactly on the hour.

## Fix safety
Removing `minuteUTC: 0` changes when the job runs: unsafe.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ..text import TextRange
from ..validators import call_args
from .base import Rule, RuleContext
from .common import member_chain

RULE = Rule(
    id="no-top-of-hour-crons",
    category="performance",
    default_severity="warning",
    summary="A cron job scheduled at minute 0",
    fix="sometimes",
    applicability="unsafe",
    ep_alias="no-top-of-hour-crons",
    messages={
        "minute": "Cron job scheduled at the top of the hour: omit minuteUTC to let Convex spread jobs, or pick another minute",
        "cron": "Cron expression runs at minute 0 of the hour: pick another minute",
    },
)

_TOP = re.compile(r"^0(?:[-/]\d+)?$")


def _cron_receivers(ctx: RuleContext) -> set[str]:
    out = set()
    for d in ctx.walk(ctx.root, {"variable_declarator"}):
        v = d.child_by_field_name("value")
        n = d.child_by_field_name("name")
        if v is not None and n is not None and v.type == "call_expression" and node_text(v.child_by_field_name("function"), ctx.data) == "cronJobs":
            out.add(node_text(n, ctx.data))
    return out


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    receivers = _cron_receivers(ctx)
    if not receivers:
        return
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or f.type != "member_expression":
            continue
        chain = member_chain(f, ctx.data)
        if len(chain) != 2 or chain[0] not in receivers:
            continue
        args = call_args(call)
        if len(args) < 2:
            continue
        sched = args[1]
        if chain[1] in ("hourly", "daily", "weekly", "monthly") and sched.type == "object":
            for pair in sched.named_children:
                if pair.type != "pair":
                    continue
                k = pair.child_by_field_name("key")
                v = pair.child_by_field_name("value")
                if k is not None and v is not None and node_text(k, ctx.data) == "minuteUTC" and node_text(v, ctx.data) == "0":
                    end = pair.end_byte
                    nxt = pair.next_sibling
                    if nxt is not None and nxt.type == ",":
                        end = nxt.end_byte
                        while end < len(ctx.data) and ctx.data[end : end + 1] == b" ":
                            end += 1
                    else:
                        prev = pair.prev_sibling
                        if prev is not None and prev.type == ",":
                            fix_rng = TextRange(prev.start_byte, pair.end_byte)
                            fix = ctx.fix("Remove 'minuteUTC: 0'", [ctx.edit(fix_rng, "")])
                            yield ctx.diagnostic(pair, RULE.message("minute"), [fix])
                            continue
                    fix = ctx.fix("Remove 'minuteUTC: 0'", [ctx.edit(TextRange(pair.start_byte, end), "")])
                    yield ctx.diagnostic(pair, RULE.message("minute"), [fix])
        elif chain[1] == "cron" and sched.type == "string":
            expr = string_value(sched, ctx.data) or ""
            fields = expr.split()
            if len(fields) == 5 and _TOP.match(fields[0]):
                yield ctx.diagnostic(sched, RULE.message("cron"))
