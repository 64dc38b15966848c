"""Document symbols (tables with their fields and indexes, functions, routes, crons) and workspace symbols."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import TextRange
from .markdown import index_summary
from .resolve import function_declaration, index_declaration, table_by_anchor, table_declaration


@dataclass(frozen=True, slots=True)
class Symbol:
    name: str
    kind: str  # LSP SymbolKind name: struct | field | key | function | method | event | module
    range: TextRange
    selection_range: TextRange
    children: tuple["Symbol", ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class WorkspaceSymbol:
    name: str
    kind: str
    path: str
    range: TextRange
    container_name: str = ""


def _widen(tree, rng: TextRange, types: tuple[str, ...]) -> TextRange:
    if tree is None:
        return rng
    try:
        node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
        for _ in range(12):
            if node is None:
                break
            if node.type in types:
                return TextRange(node.start_byte, node.end_byte)
            node = node.parent
    except Exception:  # noqa: BLE001
        pass
    return rng


def _index_call(tree, rng: TextRange) -> TextRange:
    """`.index("name", [...])` around an index-name string (not the whole `defineTable(...)` chain)."""
    if tree is None:
        return rng
    try:
        node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
        args = node.parent if node is not None else None
        call = args.parent if args is not None and args.type == "arguments" else None
        fn = call.child_by_field_name("function") if call is not None else None
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is not None:
            dot = prop.prev_sibling
            start = dot.start_byte if dot is not None and dot.type in (".", "?.") else prop.start_byte
            return TextRange(start, call.end_byte)
    except Exception:  # noqa: BLE001
        pass
    return rng


def _stmt_range(tree, rng: TextRange) -> TextRange:
    if tree is None:
        return rng
    try:
        node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
        while node is not None and node.parent is not None and node.parent.parent is not None:
            node = node.parent
        if node is not None and node.parent is not None:
            return TextRange(node.start_byte, node.end_byte)
    except Exception:  # noqa: BLE001
        pass
    return rng


def document_symbols(snap, path: str) -> list[Symbol]:
    if snap.root_for(path) is None:
        return []
    s = snap.summary(path)
    model = snap.project_for(path)
    tree = snap.tree(path)
    if s is None or model is None:
        return []
    out: list[Symbol] = []
    tables: dict[str, TextRange] = {}
    members: dict[str, list[Symbol]] = {}
    nested: dict[tuple[str, str], list[tuple[str, Symbol]]] = {}  # (anchor, parent field path) → (path, symbol)
    for loc in s.locations:
        k = loc.key
        if k[0] == "table":
            tables.setdefault(k[1], loc.range)
        elif k[0] in ("field", "index") and len(k) == 3:
            if k[0] == "field":
                full = _widen(tree, loc.range, ("pair", "shorthand_property_identifier"))
                parent, _, leaf = k[2].rpartition(".")
                sym = Symbol(leaf, "field", full, loc.range, detail=_field_detail(model, path, k[1], k[2]))
                if parent:  # a field of a nested object: shown under its field
                    nested.setdefault((k[1], parent), []).append((k[2], sym))
                    continue
            else:
                full = _index_call(tree, loc.range)
                t = table_by_anchor(model, path, k[1])
                ix = t.index(k[2]) if t is not None else None
                sym = Symbol(k[2], "key", full, loc.range, detail=index_summary(ix) if ix else "index")
            members.setdefault(k[1], []).append(sym)
    def with_nested(anchor: str, field_path: str, sym: Symbol) -> Symbol:
        kids = [with_nested(anchor, p, c) for p, c in nested.get((anchor, field_path), ())]
        if not kids:
            return sym
        return Symbol(sym.name, sym.kind, sym.range, sym.selection_range, tuple(sorted(kids, key=lambda x: x.selection_range.start)), sym.detail)

    for anchor, syms in members.items():
        members[anchor] = [with_nested(anchor, x.name, x) if x.kind == "field" else x for x in syms]
    for anchor in list(members):
        if anchor not in tables:
            r = s.locate("binding", anchor)
            if r is not None:
                tables[anchor] = r
    by_name: dict[str, Symbol] = {}  # one symbol per table (`const t = defineTable(…)` + `{ name: t }`)
    for anchor, rng in tables.items():
        t = table_by_anchor(model, path, anchor)
        name = t.name if t is not None else anchor.rsplit(".", 1)[-1]
        full = _widen(tree, rng, ("pair", "variable_declarator", "shorthand_property_identifier"))
        kids = tuple(sorted(members.get(anchor, ()), key=lambda x: x.selection_range.start))
        seen = by_name.get(name)
        if seen is not None:
            if kids and not seen.children:  # the definition with the fields is the one to show
                by_name[name] = Symbol(name, "struct", full, rng, kids, "table")
            continue
        by_name[name] = Symbol(name, "struct", full, rng, kids, "table")
    out.extend(by_name.values())
    fn_by_name = {fn.name: fn for fn in model.functions if fn.file == path}
    iface = s.interface
    for ef in iface.functions:
        r = s.locate("export", ef.name) or s.locate("binding", ef.local or ef.name)
        if r is None:
            continue
        fn = fn_by_name.get(ef.name)
        detail = f"{fn.kind} ({fn.visibility})" if fn is not None else "unregistered"
        out.append(Symbol(ef.name, "function", _stmt_range(tree, r), r, (), detail))
    for loc in s.locations:
        k = loc.key
        if k[0] == "route":
            out.append(Symbol(f"{k[1]} {k[2]}", "method", _stmt_range(tree, loc.range), loc.range, (), "http route"))
        elif k[0] == "cron":
            out.append(Symbol(k[1], "event", _stmt_range(tree, loc.range), loc.range, (), "cron job"))
    out.sort(key=lambda x: x.range.start)
    return out


def _field_detail(model, path: str, anchor: str, name: str) -> str:
    t = table_by_anchor(model, path, anchor)
    v = t.document.field(name) if t is not None and t.document.kind == "object" else None
    return v.render() if v is not None else ""


def _subsequence(query: str, name: str) -> bool:
    it = iter(name.lower())
    return all(ch in it for ch in query.lower())


def workspace_symbols(snap, query: str) -> list[WorkspaceSymbol]:
    out: list[WorkspaceSymbol] = []
    q = query.strip()
    for root in snap.roots:
        try:
            model = snap.project(root)
        except Exception:  # noqa: BLE001 - one broken root must not hide the others
            continue
        for t in model.tables:
            if _subsequence(q, t.name):
                d = table_declaration(snap, model, t)
                if d is not None:
                    out.append(WorkspaceSymbol(t.name, "struct", d.path, d.range, "table"))
            for ix in t.indexes:
                if _subsequence(q, ix.name) or _subsequence(q, f"{t.name}.{ix.name}"):
                    d = index_declaration(snap, t, ix.name)
                    if d is not None:
                        out.append(WorkspaceSymbol(ix.name, "key", d.path, d.range, t.name))
        for fn in model.functions:
            if _subsequence(q, fn.name) or _subsequence(q, fn.api_path):
                d = function_declaration(snap, fn)
                if d is not None:
                    out.append(WorkspaceSymbol(fn.name, "function", d.path, d.range, fn.api_path.rsplit(".", 1)[0]))
    return out
