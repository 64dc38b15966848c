"""Helpers for rules about function references (`api.x.y`, `internal.x.y`)."""

from __future__ import annotations

from ..model import FunctionDef, Use
from ..project import ProjectModel


def split_ref(name: str) -> tuple[str, str, str] | None:
    """`api.a.b.fn` → ("api", "a/b", "fn"); None for components or too-short paths."""
    parts = name.split(".")
    if len(parts) < 3 or parts[0] not in ("api", "internal"):
        return None
    return parts[0], "/".join(parts[1:-1]), parts[-1]


def target_of(project: ProjectModel, name: str) -> FunctionDef | None:
    return project.function(name)


def twin(project: ProjectModel, name: str) -> FunctionDef | None:
    """The function the path would name with the other root (`api.` ↔ `internal.`)."""
    s = split_ref(name)
    if s is None:
        return None
    other = "internal" if s[0] == "api" else "api"
    return project.function(".".join([other, *s[1].split("/"), s[2]]))


def is_namespace(project: ProjectModel, name: str) -> bool:
    """True when `name` is a prefix of some function path (a module or directory object)."""
    prefix = name + "."
    return any(f.api_path.startswith(prefix) for f in project.functions)


def module_exports(project: ProjectModel, module: str, export: str) -> bool:
    """The module exists and exports `export` (even if its kind could not be resolved)."""
    for path, info in project.modules.items():
        if info.module == module:
            iface = project.interfaces.get(path)
            return iface is not None and export in iface.exports
    return False


def schedule_uses(uses: tuple[Use, ...], contexts: tuple[str, ...]) -> list[Use]:
    return [u for u in uses if u.kind == "function" and u.context in contexts]


def public_refs(ctx, contexts: tuple[str, ...], prefix_contexts: tuple[str, ...] = ()):
    """(use, fixes) for `api.` references passed to one of `contexts` inside the functions dir.

    The fix swaps `api.` for `internal.` only when that internal function exists (safe); otherwise
    the unsafe "Make '…' internal" swaps the target's builder and rewrites its `api.` references.
    """
    if ctx.module is None or ctx.project.root.kind == "component":
        return  # a component's functions are only callable by the app that mounts it
    for u in ctx.summary.uses:
        if u.kind != "function" or not u.name.startswith("api."):
            continue
        if u.context not in contexts and not any(u.context.startswith(p) for p in prefix_contexts):
            continue
        fixes = []
        target = "internal." + u.name[4:]
        if ctx.project.function(target) is not None:
            fixes.append(ctx.fix(f"Use '{target}'", [ctx.edit(u.range, target)], "safe"))
        else:
            from ..actions.internal import make_internal_fix

            fd = ctx.project.function(u.name)
            fixes.extend(f for f in (make_internal_fix(ctx, fd) if fd is not None else None,) if f is not None)
        yield u, fixes
