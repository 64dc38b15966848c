"""Insert an authentication guard at the top of a handler.

In order of preference: the project's own helper (a function found in the model that performs an
auth check, e.g. `requireUser(ctx)`, imported at the right relative depth and called the way the
project calls it), `getAuthUserId(ctx)` when the project uses @convex-dev/auth, else the documented
`ctx.auth.getUserIdentity()` null check throwing `ConvexError`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..rules._auth_util import EP_PATTERN
from ..rules._ctx_util import ctx_names, is_async
from ..rules._fn_util import point
from ..rules._import_util import named_import_edits
from ._edit import identifiers, indent_of_line, indent_unit, make_fix, module_spec, spec_variants

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

_GUARD_NAME = re.compile(r"OrThrow$|^(require|assert|ensure|check)([A-Z_]|$)")
_NOT_AUTH = 'throw new ConvexError("Not authenticated");'


def _root_files(ctx: "RuleContext") -> list[str]:
    return [p for p in ctx.snap.files_in(ctx.project.root) if "/_generated/" not in p and not p.endswith(".d.ts")]


def project_helper(ctx: "RuleContext") -> tuple[str, str, str | None, bool] | None:
    """(helper name, file defining it, call-argument template or None, awaited) of the auth helper
    the project uses most, among exported functions that perform an auth check (once per snapshot)."""
    return ctx.snap.memo(("convex-lsp:auth-helper", ctx.project.root.functions_dir), lambda: _project_helper(ctx))


def _project_helper(ctx: "RuleContext") -> tuple[str, str, str | None, bool] | None:
    candidates: dict[str, str] = {}
    for path, iface in ctx.project.interfaces.items():
        if "/_generated/" in path:
            continue
        for name in iface.helpers_with_auth:
            if name in iface.exports and re.match(r"^[A-Za-z_$][\w$]*$", name):
                candidates.setdefault(name, path)
    if not candidates:
        return None
    counts: dict[str, int] = {n: 0 for n in candidates}
    shapes: dict[str, tuple[str | None, bool]] = {}
    patterns = {n: re.compile(rb"(\bawait\s+)?\b" + re.escape(n.encode()) + rb"\(\s*([A-Za-z_$][\w$]*(?:\.auth)?)\s*\)") for n in candidates}
    for f in _root_files(ctx):
        data = ctx.snap.text(f) or b""
        for n, pat in patterns.items():
            if n.encode() not in data:
                continue
            for m in pat.finditer(data):
                counts[n] += 1
                if n not in shapes:
                    arg = m.group(2).decode()
                    shapes[n] = ("{ctx}.auth" if arg.endswith(".auth") else "{ctx}", bool(m.group(1)))
    best = max(sorted(candidates), key=lambda n: (counts[n] > 0, bool(_GUARD_NAME.search(n) or EP_PATTERN.match(n)), counts[n]))
    if counts[best] == 0 and not (_GUARD_NAME.search(best) or EP_PATTERN.match(best)):
        return None  # a helper nobody calls and whose name does not say it guards: not a convention
    tmpl, awaited = shapes.get(best, ("{ctx}", True))
    return best, candidates[best], tmpl, awaited


def uses_convex_auth(ctx: "RuleContext") -> bool:
    """Some file of the project imports @convex-dev/auth (once per snapshot: asked per guard fix)."""
    return ctx.snap.memo(
        ("convex-lsp:uses-convex-auth", ctx.project.root.functions_dir),
        lambda: any(imp.source.startswith("@convex-dev/auth") for iface in ctx.project.interfaces.values() for imp in iface.imports),
    )


def _body_insertion(ctx: "RuleContext", fn: Node, lines: list[str]) -> list[Edit] | None:
    """Edits putting `lines` (statements) first in the function body, indented like the body."""
    data = ctx.data
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    unit = indent_unit(data)
    edits: list[Edit] = []
    if not is_async(fn):
        if fn.type == "method_definition":
            nm = fn.child_by_field_name("name")
            if nm is None:
                return None
            edits.append(Edit(ctx.path, point(nm.start_byte), "async "))
        elif fn.type in ("arrow_function", "function_expression", "function"):
            edits.append(Edit(ctx.path, point(fn.start_byte), "async "))
        else:
            return None
    if body.type != "statement_block":
        ind = indent_of_line(data, fn.start_byte)
        inner = ind + unit
        expr = data[body.start_byte : body.end_byte].decode("utf-8", "replace")
        text = "{\n" + "".join(f"{inner}{line}\n" for line in lines) + f"{inner}return {expr};\n{ind}}}"
        edits.append(Edit(ctx.path, ctx.range(body), text))
        return edits
    stmts = [c for c in body.named_children if c.type != "comment"]
    first = body.named_children[0] if body.named_children else None
    if first is not None and b"\n" not in data[body.start_byte : first.start_byte]:
        edits.append(Edit(ctx.path, point(body.start_byte + 1), " " + " ".join(lines)))
        return edits
    if first is not None:
        ind = indent_of_line(data, first.start_byte)
    else:
        ind = indent_of_line(data, body.start_byte) + unit
    text = "\n" + "\n".join(ind + line if line else "" for line in lines)
    if not stmts and first is None:
        text += "\n" + indent_of_line(data, body.start_byte)
        edits.append(Edit(ctx.path, ctx.range(body), "{" + text + "}"))
        return edits
    edits.append(Edit(ctx.path, point(body.start_byte + 1), text))
    return edits


def _check_lines(var: str, call: str, unit: str) -> list[str]:
    return [f"const {var} = await {call};", f"if ({var} === null) {{", f"{unit}{_NOT_AUTH}", "}"]


def guard_fix(ctx: "RuleContext", reg: "Registration", fn: Node, kind: str = "quickfix") -> Fix | None:
    """The best authentication guard for this project, inserted at the top of `fn`."""
    name, _ = ctx_names(reg, ctx.data)
    if name is None or fn.child_by_field_name("body") is None:
        return None
    taken = identifiers(fn, ctx.data, ctx)
    unit = indent_unit(ctx.data)
    helper = project_helper(ctx)
    if helper is not None and not _helper_fits(ctx, helper[0], helper[1], reg.kind):
        helper = None  # e.g. a helper taking QueryCtx | MutationCtx cannot guard an action
    if helper is not None:
        hname, hfile, tmpl, awaited = helper
        call = f"{hname}({(tmpl or '{ctx}').format(ctx=name)})"
        imp: list[Edit] | None = []
        if hfile != ctx.path:
            spec = module_spec(ctx.path, hfile)
            imp = named_import_edits(ctx, hname, spec, spec_variants(spec)[1:])
        if imp is not None and hname not in taken - {hname}:
            if _GUARD_NAME.search(hname) or EP_PATTERN.match(hname):
                lines = [f"{'await ' if awaited else ''}{call};"]
                extra: list[Edit] | None = []
            else:
                var = _fresh(_var_for(hname), taken)
                lines = _check_lines(var, call, unit) if awaited else [f"const {var} = {call};", f"if ({var} === null) {{", f"{unit}{_NOT_AUTH}", "}"]
                extra = named_import_edits(ctx, "ConvexError", "convex/values")
            body = _body_insertion(ctx, fn, lines)
            if body is not None and extra is not None:
                return make_fix(ctx, f"Insert `{call}`", [*imp, *extra, *body], "unsafe", kind)
    imp_err = named_import_edits(ctx, "ConvexError", "convex/values")
    if imp_err is None:
        return None
    if uses_convex_auth(ctx):
        imp = named_import_edits(ctx, "getAuthUserId", "@convex-dev/auth/server")
        var = _fresh("userId", taken)
        body = _body_insertion(ctx, fn, _check_lines(var, f"getAuthUserId({name})", unit))
        if imp is not None and body is not None:
            return make_fix(ctx, "Insert a `getAuthUserId` check", [*imp, *imp_err, *body], "unsafe", kind)
    var = _fresh("identity", taken)
    body = _body_insertion(ctx, fn, _check_lines(var, f"{name}.auth.getUserIdentity()", unit))
    if body is None:
        return None
    return make_fix(ctx, "Insert an authentication guard", [*imp_err, *body], "unsafe", kind)


def _helper_fits(ctx: "RuleContext", name: str, path: str, kind: str) -> bool:
    """Whether the helper's `ctx` parameter accepts the ctx of a `kind` function: an action's ctx has
    no `db`, and a query's ctx is no MutationCtx. Read from the parameter's type annotation (or, when
    there is none, from whether the helper's body uses `.db`)."""
    base = kind.replace("internal", "").lower()
    if base not in ("query", "mutation", "action"):
        return base != "httpaction"
    return ctx.snap.memo(("convex-lsp:helper-fits", path, name, base), lambda: _fits(ctx, name, path, base))


def _fits(ctx: "RuleContext", name: str, path: str, base: str) -> bool:
    from ._edit import ctx_for

    other = ctx_for(ctx, path)
    fn = _function_named(other, name) if other is not None else None
    if fn is None or other is None:
        return base != "action"  # unknown: an action's ctx is the one most helpers do not take
    params = fn.child_by_field_name("parameters")
    first = params.named_children[0] if params is not None and params.named_children else None
    ann = first.child_by_field_name("type") if first is not None else None
    text = other.text(ann) if ann is not None else ""
    uses_db = b".db" in other.data[fn.start_byte : fn.end_byte]
    if not text or re.fullmatch(r":\s*any", text):
        return base != "action" or not uses_db
    if "Action" in text:
        return base == "action" or "Query" in text or "Mutation" in text or "GenericCtx" in text
    if base == "action":
        return not uses_db and not re.search(r"Query|Mutation|Database", text)
    if base == "query":
        return "Query" in text or not re.search(r"Mutation|Writer", text)
    return True  # a mutation's ctx is also a QueryCtx


def _function_named(ctx: "RuleContext", name: str) -> Node | None:
    """The function declared as `name` at the top of the file (`function name(…)` or `const name = (…) =>`)."""
    for n in ctx.walk(ctx.root, {"function_declaration", "variable_declarator"}):
        nm = n.child_by_field_name("name")
        if nm is None or ctx.text(nm) != name:
            continue
        if n.type == "function_declaration":
            return n
        val = n.child_by_field_name("value")
        if val is not None and val.type in ("arrow_function", "function_expression", "function"):
            return val
    return None


def _var_for(helper: str) -> str:
    m = re.match(r"^(get|load|fetch|find)(.+)$", helper)
    base = m.group(2) if m else "user"
    base = re.sub(r"^(Current|Auth|Authenticated|Logged[Ii]n)(?=[A-Z])", "", base)
    return base[:1].lower() + base[1:] if base else "user"


def _fresh(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    for alt in ("auth" + base[:1].upper() + base[1:], "current" + base[:1].upper() + base[1:]):
        if alt not in taken:
            return alt
    i = 2
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"
