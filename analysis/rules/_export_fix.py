"""The shared check for http.ts / crons.ts: the router must be the default export."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic
from ..syntax import node_text
from ..text import TextRange
from ._router_util import default_export, exported_names, routers
from .base import Rule, RuleContext


def missing_default_export(ctx: RuleContext, rule: Rule, special: str, factory: str) -> Iterator[Diagnostic]:
    if ctx.special != special:
        return
    names = routers(ctx, factory)
    if not names:
        return
    dflt = default_export(ctx)
    if dflt is not None and (node_text(dflt, ctx.data) in names or dflt.type == "member_expression"):
        return  # a property (corsRouter(http).http) cannot be judged syntactically
    if exported_names(ctx) & set(names):
        return
    name, decl = next(iter(names.items()))
    if dflt is not None:
        yield ctx.diagnostic(dflt, rule.message("other", name=name))
        return
    end = len(ctx.data)
    sep = "" if ctx.data.endswith(b"\n") or not ctx.data else "\n"
    fix = ctx.fix(f"Add 'export default {name};'", [ctx.edit(TextRange(end, end), f"{sep}export default {name};\n")])
    yield ctx.diagnostic(decl.child_by_field_name("name"), rule.message("missing", name=name), [fix])
