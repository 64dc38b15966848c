"""## What it does
In public queries, flags `.paginate(x)` when `x` is an argument not validated by
`paginationOptsValidator` (no `args`, not declared, or declared with another `v.*` validator), and
pagination options rebuilt field by field from the arguments
(`.paginate({ numItems: args.numItems, cursor: args.cursor })`).

## Why is this bad?
`usePaginatedQuery` sends options with more fields than `numItems` and `cursor` (`id`,
`endCursor`, …) and relies on them reaching `.paginate()` unchanged; a hand-written validator
rejects them and rebuilt options drop them, which breaks page splitting and reactivity.

## Example
```ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const list = query({
  args: { numItems: v.number(), cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, args) => {
    return await ctx.db.query("messages").order("desc").paginate({ numItems: args.numItems, cursor: args.cursor });
  },
});
```

## Use instead
```ts
import { paginationOptsValidator } from "convex/server";
import { query } from "./_generated/server";

export const list = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    return await ctx.db.query("messages").order("desc").paginate(args.paginationOpts);
  },
});
```

## When not to use it
Internal queries, batch jobs that page with their own options, and the functions of a component
(clients cannot call them directly) are not checked.

## Fix safety
"Validate '…' with paginationOptsValidator" adds or replaces the argument's validator (and the
import); "Pass '…' unchanged" replaces rebuilt options with the validated argument. Both are
unsafe: the accepted arguments change.
"""

from __future__ import annotations

from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Diagnostic
from ..text import TextRange
from ..validators import call_args
from ._db_util import args_validator, handler_arg_key, import_edit, member_call
from .base import Registration, Rule, RuleContext
from .common import object_keys, pair_of, unwrap

RULE = Rule(
    id="paginate-validator",
    category="correctness",
    default_severity="warning",
    summary="Pagination options not validated by paginationOptsValidator or not passed unchanged",
    fix="sometimes",
    applicability="unsafe",
    messages={
        "no_validator": "'{key}' is passed to `.paginate()` but not validated; use `{key}: paginationOptsValidator` in args",
        "wrong_validator": "Validate '{key}' with `paginationOptsValidator` so the client's pagination options pass unchanged",
        "rebuilt": "Pass the pagination options to `.paginate()` unchanged instead of rebuilding them from arguments",
    },
)
POV = "paginationOptsValidator"


def _is_pov(v) -> bool:
    return v is not None and v.kind == "unknown" and (v.text or "").endswith(POV)


def _args_fix(ctx: RuleContext, reg: Registration, key: str):
    edits = []
    a = unwrap(reg.args) if reg.args is not None else None
    if a is not None and a.type == "object":
        p = pair_of(a, key, ctx.data)
        if p is not None and p.type == "pair":
            edits.append(ctx.edit(p.child_by_field_name("value"), POV))  # type: ignore[arg-type]
        elif p is None:
            items = [c for c in a.named_children if c.type != "comment"]
            at = items[-1].end_byte if items else a.start_byte + 1
            edits.append(ctx.edit(TextRange(at, at), f", {key}: {POV}" if items else f" {key}: {POV} "))
    elif reg.args is None and reg.config is not None and reg.config.named_children:
        first = reg.config.named_children[0]
        edits.append(ctx.edit(TextRange(first.start_byte, first.start_byte), f"args: {{ {key}: {POV} }}, "))
    if not edits:
        return None
    imp = import_edit(ctx, POV, "convex/server")
    return ctx.fix(f"Validate '{key}' with {POV}", edits + ([imp] if imp else []))


def _rebuilt(ctx: RuleContext, reg: Registration, obj: Node):
    """Reads of handler args inside an options object literal, and the validated opts they come from."""
    reads, bases = 0, set()
    for n in ctx.walk(obj, frozenset({"identifier", "shorthand_property_identifier", "member_expression"})):
        ha = handler_arg_key(ctx, n)
        if ha is None:
            continue
        reads += 1
        v = args_validator(ctx, reg)
        if v is not None and v.kind == "object" and _is_pov(v.field(ha[1])):
            bases.add(ctx.text(n))
    return reads, bases


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if b"paginate" not in ctx.data or ctx.project.root.kind == "component":
        return
    for call in ctx.walk(ctx.root, frozenset({"call_expression"})):
        mc = member_call(call, ctx.data)
        args = call_args(call)
        reg = ctx.registration_at(call) if mc is not None and mc[0] == "paginate" and args else None
        if reg is None or reg.kind != "query" or reg.visibility != "public" or "zCustom" in reg.builder.origin:
            continue
        arg = unwrap(args[0])
        ha = handler_arg_key(ctx, arg)
        if ha is not None:
            v = args_validator(ctx, reg)
            fv = v.field(ha[1]) if v is not None and v.kind == "object" else None
            if (v is None and reg.args is None) or (v is not None and v.kind == "object" and fv is None):
                mid = "no_validator"
            elif fv is not None and fv.kind != "unknown":
                mid = "wrong_validator"
            else:
                continue
            fix = _args_fix(ctx, reg, ha[1])
            yield ctx.diagnostic(arg, RULE.message(mid, key=ha[1]), [fix] if fix else [])
        elif arg.type == "object" and not any(c.type == "spread_element" for c in arg.named_children):
            reads, bases = _rebuilt(ctx, reg, arg)
            if not reads:
                continue
            keys = object_keys(arg, ctx.data)
            base = next(iter(bases)) if len(bases) == 1 else None
            pure = base is not None and all(ctx.text(val).startswith(base + ".") for val in keys.values())
            fix = ctx.fix(f"Pass '{base}' unchanged", [ctx.edit(arg, base)]) if pure else None  # type: ignore[arg-type]
            yield ctx.diagnostic(arg, RULE.message("rebuilt"), [fix] if fix else [])
