"""## What it does
Flags cron schedules the runtime rejects: `hourUTC` outside 0–23, `minuteUTC` outside 0–59, `day`
outside 1–31, a `dayOfWeek` that is not a lowercase weekday name, an `interval` without exactly one
positive integer `seconds`/`minutes`/`hours`, a `crons.cron` expression that is not a valid 5-field
cron, and job names with non-ASCII characters.

## Why is this bad?
`cronJobs()` throws when `crons.ts` is evaluated at push: the whole deployment fails.

## Example
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.weekly("report", { dayOfWeek: "Tuesday", hourUTC: 25, minuteUTC: 5 }, internal.messages.digest, {});
export default crons;
```

## Use instead
```ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.weekly("report", { dayOfWeek: "tuesday", hourUTC: 23, minuteUTC: 5 }, internal.messages.digest, {});
export default crons;
```

## When not to use it
Never.

## Fix safety
Lower-casing a weekday name is safe.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text, string_value
from ._router_util import router_calls, routers
from .base import Rule, RuleContext
from .common import object_keys

RULE = Rule(
    id="cron-args-valid",
    category="correctness",
    default_severity="error",
    summary="A cron schedule the runtime rejects",
    fix="sometimes",
    applicability="safe",
    messages={
        "range": "{key} must be an integer from {lo} to {hi}, got {value}",
        "weekday": "dayOfWeek must be a lowercase weekday name ('sunday' … 'saturday'), got {value}",
        "interval": "An interval needs exactly one of seconds, minutes or hours, as a positive integer",
        "cron": "Invalid cron expression {value}: {why}",
        "name": "Cron job names must be printable ASCII",
    },
)

DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
RANGES = {"hourUTC": (0, 23), "minuteUTC": (0, 59), "day": (1, 31)}
CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7))
_PART = re.compile(r"^(\*|\d+(?:-\d+)?)(?:/(\d+))?$")


def _int(text: str) -> int | None:
    try:
        return int(text.replace("_", ""))
    except ValueError:
        return None


def _cron_problem(expr: str) -> str | None:
    fields = expr.split()
    if len(fields) != 5:
        return f"expected 5 fields, got {len(fields)}"
    for value, (label, lo, hi) in zip(fields, CRON_FIELDS):
        for part in value.split(","):
            m = _PART.match(part)
            if m is None:
                if label in ("month", "day of week") and re.fullmatch(r"[A-Za-z]{3}(-[A-Za-z]{3})?", part):
                    continue
                return f"bad {label} field '{value}'"
            for num in re.findall(r"\d+", m.group(1)):
                if not lo <= int(num) <= hi:
                    return f"{label} {num} is outside {lo}-{hi}"
    return None


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    names = routers(ctx, "cronJobs")
    for call, method, args in router_calls(ctx, names, {"interval", "hourly", "daily", "weekly", "monthly", "cron"}):
        if args and args[0].type == "string":
            name = string_value(args[0], ctx.data) or ""
            if not all(" " <= ch <= "~" for ch in name):
                yield ctx.diagnostic(args[0], RULE.message("name"))
        if len(args) < 2:
            continue
        sched = args[1]
        if method == "cron":
            if sched.type == "string":
                why = _cron_problem(string_value(sched, ctx.data) or "")
                if why:
                    yield ctx.diagnostic(sched, RULE.message("cron", value=node_text(sched, ctx.data), why=why))
            continue
        if sched.type != "object":
            continue
        keys = object_keys(sched, ctx.data)
        if method == "interval":
            units = [k for k in ("seconds", "minutes", "hours") if k in keys]
            vals = [_int(node_text(keys[k], ctx.data)) for k in units]
            if len(units) != 1 or (vals[0] is not None and vals[0] <= 0) or (keys[units[0]].type == "number" and vals[0] is None):
                yield ctx.diagnostic(sched, RULE.message("interval"))
            continue
        for key, (lo, hi) in RANGES.items():
            node = keys.get(key)
            if node is None or node.type != "number":
                continue
            n = _int(node_text(node, ctx.data))
            if n is None or not lo <= n <= hi:
                yield ctx.diagnostic(node, RULE.message("range", key=key, lo=lo, hi=hi, value=node_text(node, ctx.data)))
        dow = keys.get("dayOfWeek")
        if dow is not None and dow.type == "string":
            val = string_value(dow, ctx.data) or ""
            if val not in DAYS:
                fixes = []
                if val.lower() in DAYS:
                    fixes.append(ctx.fix(f"Replace with '{val.lower()}'", [ctx.edit(ctx.range_inside_quotes(ctx.range(dow)), val.lower())]))
                yield ctx.diagnostic(dow, RULE.message("weekday", value=node_text(dow, ctx.data)), fixes)
