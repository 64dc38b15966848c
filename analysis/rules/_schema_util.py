"""Helpers for schema rules: which tables, indexes and fields are defined in the file being checked."""

from __future__ import annotations

import re
from typing import Iterator

from tree_sitter import Node

from ..model import IndexDef, TableDef
from ..syntax import node_text
from ..text import TextRange
from .base import RuleContext
from .common import is_test_file

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def valid_identifier(name: str) -> bool:
    return bool(IDENTIFIER.match(name)) and name.strip("_") != "" and len(name) <= 64


def ranges(ctx: RuleContext, *key: str) -> list[TextRange]:
    return [loc.range for loc in ctx.summary.locations if loc.key == key]


def tables_defined_here(ctx: RuleContext) -> Iterator[TableDef]:
    """Tables of the schema whose definition (fields, indexes) lives in this file."""
    for t in ctx.project.tables:
        if t.file == ctx.path and t.source != "package":
            yield t


def table_key_range(ctx: RuleContext, t: TableDef) -> TextRange | None:
    """Where the table's name is written in this file (its `defineSchema` key or group key)."""
    schema = ctx.project.schema
    if schema is not None and schema.file == ctx.path:
        r = ctx.summary.locate("table", t.name)
        if r is not None:
            return r
    if t.file == ctx.path:
        return ctx.summary.locate("table", t.anchor)
    return None


def index_ranges(ctx: RuleContext, t: TableDef, ix: IndexDef) -> list[TextRange]:
    return ranges(ctx, "index", t.anchor, ix.name)


def index_field_uses(ctx: RuleContext, t: TableDef, ix: IndexDef):
    """Located field strings of an index definition (fields, filterFields, searchField, vectorField)."""
    return [u for u in ctx.summary.uses if u.kind == "field" and u.table == t.anchor and u.index == ix.name]


def validator_calls(ctx: RuleContext, names: set[str]) -> Iterator[tuple[Node, str]]:
    """`v.<name>(...)` calls in the file, with the method name."""
    if not any(n.encode() in ctx.data for n in names):
        return
    if is_test_file(ctx.path):
        return  # test suites build odd validators on purpose (converter tests…)
    imported = {local for imp in ctx.summary.interface.imports for _, local in imp.names}
    if not ({"v", "vv"} & imported):
        return
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or f.type != "member_expression":
            continue
        obj = f.child_by_field_name("object")
        prop = f.child_by_field_name("property")
        if obj is None or prop is None or node_text(obj, ctx.data) not in ("v", "vv"):
            continue
        m = node_text(prop, ctx.data)
        if m in names:
            yield call, m
