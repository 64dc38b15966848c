"""no-date-now-in-query: pass the time in — add `now: v.number()` to the query's args and read it
where the handler called `Date.now()` (or `new Date()` → `new Date(now)`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Fix
from ..syntax import node_text
from ..text import TextRange
from ..rules._fn_util import append_property, param_pattern
from ..rules.common import handler_params, object_keys, unwrap
from ._edit import add_imports, make_fix

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext


def pass_time_fix(ctx: "RuleContext", reg: "Registration", expr: Node) -> Fix | None:
    """Unsafe: the query's callers must now pass `now` (rounded, so the cache still works)."""
    if reg.config is None or reg.handler is None:
        return None
    args = unwrap(reg.args) if reg.args is not None else None
    if args is not None and args.type != "object":
        return None
    edits = []
    declared = args is not None and "now" in object_keys(args, ctx.data)
    if not declared:
        if args is not None:
            edits.append(append_property(ctx, args, "now: v.number()"))
        else:  # no `args` key: add one before the handler
            h = next((p for p in reg.config.named_children if p.type in ("pair", "method_definition") and node_text(p.child_by_field_name("key") or p.child_by_field_name("name"), ctx.data) == "handler"), None)
            if h is None:
                return None
            edits.append(ctx.edit(TextRange(h.start_byte, h.start_byte), "args: { now: v.number() }, "))
        imports = add_imports(ctx, [("v", "convex/values")])
        if imports is None:
            return None
        edits.extend(imports)
    params = handler_params(reg.handler)
    if len(params) >= 2:
        pat = param_pattern(params[1])
        if pat.type == "identifier":
            ref = node_text(pat, ctx.data) + ".now"
        elif pat.type == "object_pattern":
            names = {node_text(c, ctx.data) for c in pat.named_children if c.type == "shorthand_property_identifier_pattern"}
            if "now" not in names:
                props = [c for c in pat.named_children if c.type != "comment"]
                if props:
                    edits.append(ctx.edit(TextRange(props[-1].end_byte, props[-1].end_byte), ", now"))
                else:
                    edits.append(ctx.edit(TextRange(pat.start_byte, pat.end_byte), "{ now }"))
            ref = "now"
        else:
            return None
    elif len(params) == 1:
        edits.append(ctx.edit(TextRange(params[0].end_byte, params[0].end_byte), ", args"))
        ref = "args.now"
    else:
        return None
    replacement = ref if expr.type == "call_expression" else f"new Date({ref})"
    edits.append(ctx.edit(TextRange(expr.start_byte, expr.end_byte), replacement))
    return make_fix(ctx, "Pass the time in: add a `now` argument", edits, "unsafe")
