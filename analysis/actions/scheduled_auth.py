"""Pass the caller's identity to a scheduled function (for scheduled-function-uses-auth): add
`tokenIdentifier: v.string()` to the target's args, read it where the target asked
`ctx.auth.getUserIdentity()`, and add `tokenIdentifier: identity.tokenIdentifier` to the args
object of every `ctx.scheduler.runAfter/runAt` call that schedules it (inserting the identity
check in a caller that has none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..rules._ctx_util import ctx_names
from ..rules.common import handler_params, param_name, unwrap
from ..syntax import node_text
from ..text import TextRange
from ..validators import call_args
from ._edit import add_imports, ctx_for, identifiers, indent_unit, make_fix
from .auth import _body_insertion, _check_lines

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

KEY = "tokenIdentifier"


def _add_key(ctx: "RuleContext", obj: Node, text: str) -> Edit:
    """Insert `text` (a property) first in the object literal `obj`."""
    items = [c for c in obj.named_children if c.type != "comment"]
    if not items:
        return Edit(ctx.path, TextRange(obj.start_byte, obj.end_byte), "{ " + text + " }")
    return Edit(ctx.path, TextRange(items[0].start_byte, items[0].start_byte), text + ", ")


def _identity_var(ctx: "RuleContext", fn: Node) -> str | None:
    """`const <var> = await <ctx>.auth.getUserIdentity()` in the function: its name."""
    for d in ctx.walk(fn, {"variable_declarator"}):
        name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
        if name is not None and name.type == "identifier" and value is not None and node_text(value, ctx.data).replace(" ", "").endswith("auth.getUserIdentity()"):
            return node_text(name, ctx.data)
    return None


def _target_edits(ctx: "RuleContext", reg: "Registration", call: Node) -> list[Edit] | None:
    """Args gain `tokenIdentifier`; `await ctx.auth.getUserIdentity()` becomes `{ tokenIdentifier: args.tokenIdentifier }`."""
    args = unwrap(reg.args) if reg.args is not None else None
    fn = unwrap(reg.handler) if reg.handler is not None else None
    if args is None or args.type != "object" or fn is None or any(
        node_text(k, ctx.data) == KEY for k in ctx.walk(args, {"property_identifier"})
    ):
        return None
    aw = call.parent
    if aw is None or aw.type != "await_expression" or aw.parent is None or aw.parent.type != "variable_declarator":
        return None
    params = handler_params(fn)
    edits: list[Edit] = []
    value = None
    if len(params) >= 2:
        aname = param_name(params[1], ctx.data)
        pat = params[1].child_by_field_name("pattern") if params[1].type != "object_pattern" else params[1]
        if aname is None and pat is not None and pat.type == "object_pattern" and KEY not in identifiers(fn, ctx.data, ctx):
            inner = [c for c in pat.named_children if c.type != "comment"]
            if inner and inner[-1].type == "rest_pattern":
                return None
            edits.append(_add_key(ctx, pat, KEY))
            value = f"{{ {KEY} }}"
        elif aname is None:
            return None
    elif len(params) == 1:
        aname = "args" if "args" not in identifiers(fn, ctx.data, ctx) else None
        if aname is None:
            return None
        edits.append(Edit(ctx.path, TextRange(params[0].end_byte, params[0].end_byte), ", args"))
    else:
        return None
    edits.append(_add_key(ctx, args, f"{KEY}: v.string()"))
    edits.append(Edit(ctx.path, TextRange(aw.start_byte, aw.end_byte), value or f"{{ {KEY}: {aname}.{KEY} }}"))
    return edits


def _schedule_call(cctx: "RuleContext", rng: TextRange) -> Node | None:
    node = cctx.root.descendant_for_byte_range(rng.start, rng.end)
    for _ in range(4):
        if node is None:
            return None
        if node.type == "arguments" and node.parent is not None and node.parent.type == "call_expression":
            f = node.parent.child_by_field_name("function")
            if f is not None and node_text(f, cctx.data).rsplit(".", 1)[-1] in ("runAfter", "runAt"):
                return node.parent
            return None
        node = node.parent
    return None


def _caller_edits(cctx: "RuleContext", call: Node) -> tuple[list[Edit], bool] | None:
    """(edits, the caller already had an identity) for one scheduling call."""
    reg = cctx.registration_at(call)
    if reg is None or reg.handler is None:
        return None
    fn = unwrap(reg.handler)
    args = call_args(call)
    if len(args) < 2:
        return None
    var = _identity_var(cctx, fn)
    had = var is not None
    edits: list[Edit] = []
    if var is None:
        cname, _ = ctx_names(reg, cctx.data)
        if cname is None:
            return None
        var = "identity" if "identity" not in identifiers(fn, cctx.data, cctx) else None
        if var is None:
            return None
        body = _body_insertion(cctx, fn, _check_lines(var, f"{cname}.auth.getUserIdentity()", indent_unit(cctx.data)))
        if body is None:
            return None
        edits += body
    prop = f"{KEY}: {var}.{KEY}"
    if len(args) == 2:
        edits.append(Edit(cctx.path, TextRange(args[1].end_byte, args[1].end_byte), f", {{ {prop} }}"))
    elif args[2].type == "object":
        edits.append(_add_key(cctx, args[2], prop))
    else:
        return None
    return edits, had


def pass_identity_fix(ctx: "RuleContext", reg: "Registration", call: Node, api_path: str) -> Fix | None:
    target = _target_edits(ctx, reg, call)
    if target is None:
        return None
    edits = list(target)
    imports: dict[str, list[tuple[str, str]]] = {ctx.path: [("v", "convex/values")]}
    contexts = {ctx.path: ctx}
    every_had = True
    sites = 0
    for path in ctx.snap.files_in(ctx.project.root):
        s = ctx.snap.summary(path)
        if s is None:
            continue
        for u in s.uses:
            if u.kind != "function" or u.name != api_path:
                continue
            if u.context.startswith("crons."):
                return None  # a cron job has no identity to pass
            if u.context not in ("runAfter", "runAt"):
                continue
            cctx = ctx_for(ctx, path)
            sched = _schedule_call(cctx, u.range) if cctx is not None else None
            found = _caller_edits(cctx, sched) if sched is not None and cctx is not None else None
            if found is None:
                return None
            edits += found[0]
            if not found[1] and ("ConvexError", "convex/values") not in imports.setdefault(path, []):
                imports[path].append(("ConvexError", "convex/values"))
                contexts[path] = cctx  # type: ignore[assignment]
            every_had = every_had and found[1]
            sites += 1
    if not sites:
        return None
    for path, names in imports.items():
        imp = add_imports(contexts[path], names)
        if imp is None:
            return None
        edits = imp + edits
    out: list[Edit] = []
    for e in edits:
        if e not in out:
            out.append(e)
    title = f"Pass `{KEY}` from the caller{'s' if sites > 1 else ''}"
    return make_fix(ctx, title, out, "unsafe" if every_had else "display-only")
