"""Go to definition and find references."""

from __future__ import annotations

import re

from ..text import TextRange
from .resolve import Location, Target, declaration, functions_under, target_at, use_table

_TYPE_REF = r"""\b(?:Id|Doc)\s*<\s*(["'])({name})\1\s*>"""


def definition(snap, path: str, offset: int) -> list[Location]:
    tg = target_at(snap, path, offset)
    if tg is None:
        return []
    model = snap.project_for(path)
    loc = declaration(snap, model, tg)
    if loc is None and tg.kind == "function" and tg.function is None:
        # `api.messages` (a module reference): the module file itself
        files = sorted({f.file for f in functions_under(model, tg.name)
                        if f.api_path.count(".") == tg.name.count(".") + 1})
        return [Location(f, TextRange(0, 0)) for f in files]
    return [loc] if loc is not None else []


def references(snap, path: str, offset: int, include_declaration: bool = True) -> list[Location]:
    tg = target_at(snap, path, offset)
    if tg is None:
        return []
    if tg.kind in ("index", "field") and tg.table is None:
        return []
    return target_references(snap, path, tg, include_declaration)


def _root_files(snap, path: str) -> list[str]:
    root = snap.root_for(path)
    if root is None:
        return []
    return sorted(p for p in snap.files_in(root) if "/_generated/" not in p and not p.endswith(".d.ts"))


def target_references(snap, path: str, tg: Target, include_declaration: bool) -> list[Location]:
    """Every use of the target in its Convex root (and `Id<"t">`/`Doc<"t">` for tables), deduplicated."""
    model = snap.project_for(path)
    out: list[Location] = []
    if include_declaration:
        d = declaration(snap, model, tg)
        if d is not None:
            out.append(d)
    table_name = tg.table.name if tg.table is not None else (tg.name if tg.kind == "table" else None)
    pattern = re.compile(_TYPE_REF.format(name=re.escape(tg.name)).encode()) if tg.kind == "table" else None
    fn = tg.function if tg.kind == "function" else None
    # the string form of a reference, `makeFunctionReference("posts:purge")` (and the "module:name"
    # strings of older code): the location is the name after the colon
    named = f"{fn.module}:{fn.name}".encode() if fn is not None and fn.module and fn.name != "default" else None
    string_ref = re.compile(rb"""(["'`])""" + re.escape(named) + rb"\1") if named else None
    for f in _root_files(snap, path):
        s = snap.summary(f)
        if s is None:
            continue
        for u in s.uses:
            if u.kind != tg.kind:
                continue
            if tg.kind == "table" and u.name == tg.name:
                out.append(Location(f, u.range))
            elif tg.kind == "index" and u.name == tg.name and u.table == table_name:
                out.append(Location(f, u.range))
            elif tg.kind == "field" and (u.name == tg.name or u.name.startswith(tg.name + ".")):
                t = use_table(model, f, u)
                if t is not None and t.name == table_name:
                    out.append(Location(f, u.range))
            elif tg.kind == "function" and u.name == tg.name:
                out.append(Location(f, u.range))
        if string_ref is not None and named is not None:
            data = snap.text(f) or b""
            if named in data:
                for m in string_ref.finditer(data):
                    out.append(Location(f, TextRange(m.end() - 1 - len(fn.name.encode()), m.end() - 1)))  # type: ignore[union-attr]
        if pattern is not None:
            data = snap.text(f) or b""
            if tg.name.encode() in data:
                for m in pattern.finditer(data):
                    out.append(Location(f, TextRange(m.start(1), m.end(2) + 1)))
    seen: set[tuple[str, int, int]] = set()
    uniq = []
    for loc in out:
        k = (loc.path, loc.range.start, loc.range.end)
        if k not in seen:
            seen.add(k)
            uniq.append(loc)
    return uniq
