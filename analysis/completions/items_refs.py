"""Completion items for function references: `api.` / `internal.` / `components.` segments and roots."""

from __future__ import annotations

from ..model import FunctionDef
from ..navigation.markdown import function_markdown
from .data import CONSUMERS, CompletionContext, CompletionItem


def function_refs(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    if ctx.root == "components":
        if ctx.path or model.config is None:
            return []
        return [CompletionItem(u.name, "module", f"component {u.source}", f"Component instance `{u.name}` (`{u.source}`)",
                               sort_text=f"0_{u.name}") for u in model.config.uses]
    visibility = "public" if ctx.root == "api" else "internal"
    kinds = CONSUMERS.get(ctx.consumer or "", None)
    typed = list(ctx.path)
    funcs: list[CompletionItem] = []
    modules: dict[str, list[FunctionDef]] = {}
    for fn in model.functions:
        if fn.visibility != visibility or fn.kind in ("httpAction", "unknown"):
            continue
        if kinds is not None and fn.kind not in kinds:
            continue
        segs = fn.module.split("/") + [fn.name]
        if segs[: len(typed)] != typed or len(segs) <= len(typed):
            continue
        rest = segs[len(typed) :]
        if len(rest) == 1:
            funcs.append(CompletionItem(fn.name, "function", f"{fn.kind} ({fn.visibility})", function_markdown(fn, snap),
                                        sort_text=f"0_{fn.name}"))
        else:
            modules.setdefault(rest[0], []).append(fn)
    files = {m.module for m in model.modules.values()}
    for name, fns in sorted(modules.items()):
        mod = "/".join(typed + [name])
        what = "module" if mod in files else "directory"
        listing = "\n".join(f"- `{f.api_path}` ({f.kind})" for f in fns[:20]) + ("\n- …" if len(fns) > 20 else "")
        funcs.append(CompletionItem(name, "module", f"{what} {mod}", f"**{what}** `{mod}`\n\n{listing}", sort_text=f"1_{name}"))
    return funcs


def ref_roots(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    inside = model.root.in_functions_dir(path)
    out = [CompletionItem("api", "module", "public Convex functions", "`api` from `_generated/api`: public functions.",
                          sort_text="1_api" if inside else "0_api")]
    if inside:
        out.append(CompletionItem("internal", "module", "internal Convex functions",
                                  "`internal` from `_generated/api`: functions callable only from other Convex functions.",
                                  sort_text="0_internal"))
        if model.config is not None and model.config.uses:
            out.append(CompletionItem("components", "module", "installed components", "", sort_text="2_components"))
    return out
