"""Replace a client-supplied identity argument (`userId`, `email`, …) with an identity lookup
(for no-spoofable-auth-arg): drop the argument from `args`, check
`ctx.auth.getUserIdentity()` at the top of the handler and read the identity where the argument
was read. Display-only: which identity field stands for the argument (a document id needs a
lookup in the project's users table) is the user's call, offered as a placeholder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..rules._ctx_util import ctx_names
from ..rules._import_util import named_import_edits
from ..rules.common import handler_params, param_name, unwrap
from ..syntax import node_text
from ..text import TextRange
from ._edit import identifiers, indent_unit, make_fix, ph
from .auth import _body_insertion, _check_lines, _fresh

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

#: identity fields that stand for an argument (the others get `tokenIdentifier`, as a placeholder)
_FIELDS = {"email": "email"}


def remove_pair(ctx: "RuleContext", pair: Node) -> Edit:
    """Delete one property of an object literal with its comma."""
    obj = pair.parent
    items = [c for c in obj.named_children if c.type != "comment"] if obj is not None else [pair]
    i = items.index(pair) if pair in items else 0
    if i + 1 < len(items):
        return Edit(ctx.path, TextRange(pair.start_byte, items[i + 1].start_byte), "")
    end = pair.end_byte
    nxt = pair.next_sibling
    if nxt is not None and nxt.type == ",":
        end = nxt.end_byte
    if i > 0:
        return Edit(ctx.path, TextRange(items[i - 1].end_byte, end), "")
    return Edit(ctx.path, TextRange(pair.start_byte, end), "")


def identity_lookup_fix(ctx: "RuleContext", reg: "Registration", pair: Node, name: str) -> Fix | None:
    fn = unwrap(reg.handler) if reg.handler is not None else None
    if fn is None or fn.type not in ("arrow_function", "function_expression", "method_definition", "function"):
        return None
    body = fn.child_by_field_name("body")
    params = handler_params(fn)
    cname, _ = ctx_names(reg, ctx.data)
    if body is None or body.type != "statement_block" or cname is None or len(params) < 2:
        return None
    args_name = param_name(params[1], ctx.data)
    if args_name is None:
        return None  # destructured args: the local would need a declaration of its own
    taken = identifiers(fn, ctx.data, ctx)
    var = _fresh("identity", taken)
    uses: list[Edit] = []
    for n in ctx.walk(body, {"member_expression"}):
        obj, prop = n.child_by_field_name("object"), n.child_by_field_name("property")
        if obj is None or prop is None or node_text(obj, ctx.data) != args_name or node_text(prop, ctx.data) != name:
            continue
        field = _FIELDS.get(name)
        text = f"{var}.{field}" if field else ph(f"{var}.tokenIdentifier")
        uses.append(Edit(ctx.path, TextRange(n.start_byte, n.end_byte), text))
    if any(node_text(n, ctx.data) == args_name for n in ctx.walk(body, {"identifier"}) if n.parent is None or n.parent.type != "member_expression"):
        return None  # `args` passed on whole: the argument may be read elsewhere
    imp = named_import_edits(ctx, "ConvexError", "convex/values")
    guard = _body_insertion(ctx, fn, _check_lines(var, f"{cname}.auth.getUserIdentity()", indent_unit(ctx.data)))
    if imp is None or guard is None:
        return None
    edits = [*imp, remove_pair(ctx, pair), *guard, *uses]
    return make_fix(ctx, f"Replace '{name}' with an identity lookup", edits, "display-only")
