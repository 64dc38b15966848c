"""Insert validators: `args` inferred from a handler's parameters and how it uses them, a missing
field of an existing `args`, and a `returns` validator inferred from what the handler returns.

Every inference answers only when it is sure; anything else becomes a placeholder (`v.any()`),
a tab stop in editors that support snippets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..rules._fn_util import append_property, insert_before_property
from ..rules.common import handler_params, pair_of, unwrap
from ._edit import indent_of_line, indent_unit, make_fix, on_own_line

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

from ._vbase import ANY, RENDERABLE, ArgsParam, _import_edits, layout_object, render, renderable, required  # noqa: F401 - re-exported
from .infer import _annotation_types, _field, _literal_validator, _table, infer_arg, infer_args  # noqa: F401


# ----------------------------------------------------------------------------- fixes
def args_fix(ctx: "RuleContext", reg: "Registration", fn: Node | None, kind: str = "quickfix") -> Fix | None:
    """Insert `args: {…}` before `handler`, inferred from the handler (`{}` when it reads none)."""
    if reg.config is None or reg.args is not None or fn is None:
        return None
    handler_prop = pair_of(reg.config, "handler", ctx.data)
    if handler_prop is None:
        return None
    fields = infer_args(ctx, fn)
    if fields is None:
        return None
    ind = indent_of_line(ctx.data, handler_prop.start_byte) if on_own_line(ctx.data, handler_prop.start_byte) else ""
    text = layout_object(fields, ind, indent_unit(ctx.data)) if ind else ("{ " + ", ".join(f"{k}: {val}" for k, val in fields) + " }" if fields else "{}")
    imp = _import_edits(ctx, text)
    if imp is None:
        return None
    app = "safe" if not fields else "unsafe"
    title = "Add args validator" if fields else "Add `args: {}`"
    return make_fix(ctx, title, [*imp, insert_before_property(ctx, handler_prop, f"args: {text}")], app, kind)


def declare_arg_fix(ctx: "RuleContext", reg: "Registration", fn: Node, name: str, obj: Node) -> Fix | None:
    """Add `name: <validator>` to the `args` object literal `obj` (args-destructure-mismatch)."""
    ap = ArgsParam(ctx, fn)
    val = infer_arg(ctx, ap, name, _annotation_types(ctx, fn))
    imp = _import_edits(ctx, val)
    if imp is None:
        return None
    return make_fix(ctx, f"Declare '{name}' in `args`", [*imp, append_property(ctx, obj, f"{name}: {val}")], "unsafe")


def object_syntax_fix(ctx: "RuleContext", reg: "Registration") -> Fix | None:
    """`query(async (ctx, { a }) => …)` → `query({ args: { a: <inferred> }, handler: async … })`
    (unsafe: the declared validators change what clients may send)."""
    fn = unwrap(reg.handler) if reg.handler is not None else None
    if reg.syntax != "legacy" or fn is None or len(handler_params(fn)) < 2:
        return None
    fields = infer_args(ctx, fn)
    if not fields:
        return None
    text = "{ " + ", ".join(f"{k}: {val}" for k, val in fields) + " }"
    imp = _import_edits(ctx, text)
    if imp is None:
        return None
    from ..rules._fn_util import point

    edits = [*imp, Edit(ctx.path, point(fn.start_byte), f"{{ args: {text}, handler: "), Edit(ctx.path, point(fn.end_byte), " }")]
    return make_fix(ctx, "Convert to the object syntax and declare the arguments", edits, "unsafe")



from .returns import returns_fix  # noqa: E402,F401 - re-exported (code_actions)
