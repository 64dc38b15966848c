"""Helpers for import rules: locate import statements and compute relative paths."""

from __future__ import annotations

import posixpath
from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Edit
from ..syntax import node_text, string_value
from ._fn_util import point, prologue_end, span
from .base import RuleContext


def import_statements(ctx: RuleContext) -> Iterator[tuple[Node, str]]:
    for stmt in ctx.root.named_children:
        if stmt.type == "import_statement":
            src = stmt.child_by_field_name("source")
            if src is not None:
                yield stmt, string_value(src, ctx.data) or ""


def specifiers(stmt: Node, data: bytes) -> list[tuple[Node, str, str]]:
    """(import_specifier node, imported name, local name) of `import { a as b }`."""
    out = []
    for clause in stmt.named_children:
        if clause.type != "import_clause":
            continue
        for named in clause.named_children:
            if named.type != "named_imports":
                continue
            for spec in named.named_children:
                if spec.type != "import_specifier":
                    continue
                nm = spec.child_by_field_name("name")
                al = spec.child_by_field_name("alias")
                if nm is not None:
                    out.append((spec, node_text(nm, data), node_text(al if al is not None else nm, data)))
    return out


def generated_path(ctx: RuleContext, module: str) -> str:
    """The relative specifier from this file to `<functions dir>/_generated/<module>`."""
    fdir = ctx.project.root.functions_dir
    rel = posixpath.relpath(posixpath.join(fdir, "_generated", module), posixpath.dirname(ctx.path))
    return rel if rel.startswith(".") else "./" + rel


def is_generated(source: str, module: str) -> bool:
    s = source[:-3] if source.endswith(".js") else source
    return s.endswith("_generated/" + module) and s.startswith(".")


# ----------------------------------------------------------------------------- imports for fixes
def named_import_edits(ctx: RuleContext, name: str, source: str, sources: tuple[str, ...] = ()) -> list[Edit] | None:
    """Edits that make `name` imported from `source` (any of `sources` counts as the same module).
    [] when already imported; None when `name` is bound to something else in the file."""
    same = (source, *sources)
    last_import: Node | None = None
    target: Node | None = None
    for stmt, spec, named, locals_, type_only in import_table(ctx):
        last_import = stmt
        for local, aliased, _, _ in locals_:
            if local == name:
                return [] if spec in same and not aliased else None
        if spec in same and named is not None and not type_only:
            target = named
    if _declares(ctx, name):
        return None
    if target is not None:
        specs = [c for c in target.named_children if c.type == "import_specifier"]
        if specs:
            return [ctx.edit(point(specs[-1].end_byte), f", {name}")]
        return [ctx.edit(span(target.start_byte, target.end_byte), "{ " + name + " }")]
    line = f'import {{ {name} }} from "{source}";\n'
    if last_import is not None:
        return [ctx.edit(point(last_import.end_byte), "\n" + line.rstrip("\n"))]
    return [ctx.edit(point(prologue_end(ctx)), line)]


def import_table(ctx: RuleContext) -> list[tuple[Node, str | None, Node | None, list[tuple[str, bool, Node, str]], bool]]:
    """(statement, specifier, named imports, [(local name, aliased, specifier node, imported name)],
    type-only) of every top-level import, read once per file: fixes ask for imports per diagnostic."""
    return ctx.memo("import-table", lambda: _import_table(ctx))


def _import_table(ctx: RuleContext) -> list[tuple[Node, str | None, Node | None, list[tuple[str, bool, Node, str]], bool]]:
    out = []
    for stmt, spec in import_statements(ctx):
        clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
        named = next((c for c in clause.named_children if c.type == "named_imports"), None) if clause else None
        locals_ = [(local, node.child_by_field_name("alias") is not None, node, imported) for node, imported, local in specifiers(stmt, ctx.data)]
        out.append((stmt, spec, named, locals_, any(c.type == "type" for c in stmt.children)))
    return out


def _declares(ctx: RuleContext, name: str) -> bool:
    """`name` is declared somewhere in the file (computed once per file: fixes ask per diagnostic)."""
    return name in ctx.memo("declared-names", lambda: _declared_names(ctx))


def _declared_names(ctx: RuleContext) -> frozenset[str]:
    out = set()
    for n in ctx.walk(ctx.root, {"variable_declarator", "function_declaration", "class_declaration", "required_parameter", "import_specifier", "import_clause"}):
        nm = n.child_by_field_name("name") or n.child_by_field_name("pattern")
        if n.type == "import_clause":
            nm = next((c for c in n.named_children if c.type == "identifier"), None)
        if nm is not None and nm.type == "identifier":
            out.add(node_text(nm, ctx.data))
    return frozenset(out)
