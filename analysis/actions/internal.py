"""Make a public function internal: swap its builder (`query` → `internalQuery`, fixing the import)
and rewrite every `api.` reference to it into `internal.` across the functions directory.

Not offered when a file outside the functions directory (client code) references the function,
when it is made with a custom builder, or when an import would clash with an existing name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Edit, Fix
from ..model import FunctionDef
from ..rules._import_util import named_import_edits
from ..text import TextRange
from ._edit import count_identifier, ctx_for, import_of, make_fix, remove_specifier

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

INTERNAL = {"query": "internalQuery", "mutation": "internalMutation", "action": "internalAction"}
_BASE_ORIGINS = ("_generated/server:", "convex/server:")


def function_of(ctx: "RuleContext", reg: "Registration") -> FunctionDef | None:
    fd = ctx.project.function_at(ctx.path, reg.name)
    return fd if fd is not None and any(f is fd for f in ctx.project.functions_in(ctx.path)) else None


def make_internal_fix(ctx: "RuleContext", fd: FunctionDef, kind: str = "quickfix") -> Fix | None:
    if fd.visibility != "public" or fd.kind not in INTERNAL or "." in fd.builder:
        return None
    info = ctx.project.builder(fd.file, fd.builder)
    if info is None or not info.origin.startswith(_BASE_ORIGINS) or info.origin.rsplit(":", 1)[-1] not in INTERNAL:
        return None
    tctx = ctx_for(ctx, fd.file)
    if tctx is None:
        return None
    reg = next((r for r in tctx.registrations if r.name == fd.name and r.exported), None)
    if reg is None or reg.callee.type != "identifier":
        return None
    edits = _builder_edits(tctx, reg, fd.builder, INTERNAL[info.origin.rsplit(":", 1)[-1]])
    if edits is None:
        return None
    refs = _reference_edits(ctx, fd)
    if refs is None:
        return None
    n = sum(1 for e in refs if e.new_text == "internal")
    title = f"Make '{fd.function_name}' internal" + (f" and update {n} reference{'s' if n != 1 else ''}" if n else "")
    return make_fix(ctx, title, [*edits, *refs], "unsafe", kind)


def _builder_edits(tctx: "RuleContext", reg: "Registration", old: str, new: str) -> list[Edit] | None:
    found = import_of(tctx, old)
    if found is None:
        return None
    stmt, spec, source, imported = found
    if imported != old:
        return None  # `import { query as q }`: leave aliases alone
    edits = [Edit(tctx.path, tctx.range(reg.callee), new)]
    still_used = count_identifier(tctx, old) > 1
    already = import_of(tctx, new)
    if already is not None:
        if already[2] != source and already[3] != new:
            return None
        if not still_used:
            edits.append(remove_specifier(tctx, spec))
        return edits
    if not still_used:
        edits.append(Edit(tctx.path, tctx.range(spec), new))
        return edits
    imp = named_import_edits(tctx, new, source)
    if imp is None:
        return None
    return edits + imp


def referenced_by_server_code(ctx: "RuleContext", fd: FunctionDef) -> bool:
    """Some file of the functions directory references the function through `api.`."""
    return any(ctx.project.module(p) is not None for p in _function_uses(ctx).get(fd.api_path, {}))


def _function_uses(ctx: "RuleContext") -> dict:
    """api path → {file: [uses]} over the root (once per snapshot)."""

    def compute() -> dict:
        out: dict[str, dict[str, list]] = {}
        for path in ctx.snap.files_in(ctx.project.root):
            summary = ctx.snap.summary(path) if "/_generated/" not in path else None
            for u in summary.uses if summary is not None else ():
                if u.kind == "function":
                    out.setdefault(u.name, {}).setdefault(path, []).append(u)
        return out

    return ctx.snap.memo(("convex-lsp:function-uses", ctx.project.root.functions_dir), compute)


def _reference_edits(ctx: "RuleContext", fd: FunctionDef) -> list[Edit] | None:
    """`api.x.f` → `internal.x.f` in every file of the root; None when client code uses it."""
    out: list[Edit] = []
    for path, uses in _function_uses(ctx).get(fd.api_path, {}).items():
        if ctx.project.module(path) is None:
            return None  # client code calls it: it has to stay public
        fctx = ctx_for(ctx, path)
        if fctx is None:
            return None
        data = fctx.data
        # written `api.…` (not through an alias such as `apiClient` from `import { api as apiClient }`)
        rewritten = [u for u in uses if data[u.range.start : u.range.start + 3] == b"api" and not data[u.range.start + 3 : u.range.start + 4].isalnum() and data[u.range.start + 3 : u.range.start + 4] not in (b"_", b"$")]
        if len(rewritten) != len(uses):
            return None
        out.extend(Edit(path, TextRange(u.range.start, u.range.start + 3), "internal") for u in rewritten)
        api_imp = import_of(fctx, "api")
        if api_imp is None:
            return None
        _, spec, source, _ = api_imp
        api_unused = count_identifier(fctx, "api") <= len(rewritten)
        have_internal = import_of(fctx, "internal")
        if have_internal is not None:
            if api_unused:
                out.append(remove_specifier(fctx, spec))
            continue
        if api_unused:
            out.append(Edit(path, fctx.range(spec), "internal"))
            continue
        imp = named_import_edits(fctx, "internal", source)
        if imp is None:
            return None
        out.extend(imp)
    return out
