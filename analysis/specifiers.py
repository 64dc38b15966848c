"""Module specifiers → files of a Convex root: relative imports resolved as TypeScript's bundler
resolution does (`.js` → `.ts`, index files), and tsconfig `paths` aliases turned into the relative
specifiers they stand for. Pure: the caller hands over the set of files."""

from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import Iterable

from .model import FileInterface

RESOLVE_EXTS = (".ts", ".tsx", ".js", ".mts", ".cts", ".mjs", ".cjs", ".jsx")


def generated_server(spec: str) -> bool:
    s = spec[:-3] if spec.endswith(".js") else spec
    return s.endswith("_generated/server") and s.startswith(".")


def resolve_import(from_file: str, spec: str, files: Iterable[str] | set[str]) -> str | None:
    """Resolve a relative import specifier to one of `files` (TS resolution of .js → .ts, index files)."""
    if not spec.startswith("."):
        return None
    files = files if isinstance(files, (set, frozenset, dict)) else set(files)
    base = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), spec))
    cands = [base]
    stem, ext = posixpath.splitext(base)
    if ext in (".js", ".mjs", ".cjs", ".jsx"):
        cands += [stem + e for e in (".ts", ".tsx", ".mts", ".cts")]
    cands += [base + e for e in RESOLVE_EXTS]
    cands += [base + "/index" + e for e in RESOLVE_EXTS]
    for c in cands:
        if c in files:
            return c
    return None


def alias_spec(from_file: str, spec: str, aliases: tuple[tuple[str, tuple[str, ...]], ...], files: Iterable[str] | set[str]) -> str | None:
    """A tsconfig-`paths` specifier (`@cvx/_generated/server`) as the relative specifier it stands
    for from `from_file` (`./_generated/server`); None when no alias applies.

    As TypeScript does: an exact pattern wins, else the matching wildcard pattern with the longest
    prefix; of its targets the first that resolves to a file. When none does, the specifier is left
    alone (None: TypeScript falls back to node_modules, e.g. `convex/server` under a `"*"` pattern),
    except for `_generated/` files, which need not exist yet."""
    if spec.startswith(".") or not aliases:
        return None
    best: tuple[int, str, tuple[str, ...]] | None = None  # (rank, star, targets)
    for pattern, targets in aliases:
        if "*" in pattern:
            pre, post = pattern.split("*", 1)
            if not (spec.startswith(pre) and spec.endswith(post) and len(spec) >= len(pre) + len(post)):
                continue
            rank, star = len(pre), spec[len(pre) : len(spec) - len(post)]
        elif spec == pattern:
            rank, star = 1 << 30, ""
        else:
            continue
        if best is None or rank > best[0]:
            best = (rank, star, targets)
    if best is None:
        return None
    _, star, targets = best
    cands = []
    for t in targets:
        target = t.replace("*", star, 1)
        rel = posixpath.relpath(target, posixpath.dirname(from_file))
        cands.append((target, rel if rel.startswith(".") else "./" + rel))
    found = next((c for _, c in cands if resolve_import(from_file, c, files) is not None), None)
    if found is not None:
        return found
    return next((c for t, c in cands if "/_generated/" in t + "/"), None)


def with_aliases(path: str, iface: FileInterface, aliases: tuple[tuple[str, tuple[str, ...]], ...], files: set[str]) -> FileInterface:
    """The interface with aliased import/re-export specifiers rewritten as relative ones, so that
    everything downstream (builders, validator consts, schema parts, the import graph) resolves them."""
    changed = False
    imports = []
    for imp in iface.imports:
        rel = alias_spec(path, imp.source, aliases, files)
        if rel is not None:
            imp = replace(imp, source=rel)
            changed = True
        imports.append(imp)
    reexports = []
    for src, a, b in iface.reexports:
        rel = alias_spec(path, src, aliases, files)
        if rel is not None:
            changed = True
        reexports.append((rel or src, a, b))
    return replace(iface, imports=tuple(imports), reexports=tuple(reexports)) if changed else iface
