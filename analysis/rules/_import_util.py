"""Helpers for import rules: locate import statements and compute relative paths."""

from __future__ import annotations

import posixpath
from typing import Iterator

from tree_sitter import Node

from ..syntax import node_text, string_value
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
