"""Schema actions: remove an item of an index field list, add a table to `defineSchema({...})`, and
create an index named as written from the fields a `withIndex` range uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..syntax import node_text
from ..text import TextRange
from ..validators import call_args
from ._edit import ctx_for, indent_of_line, make_fix
from .indexes import add_index_edit

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext


def remove_list_item(ctx: "RuleContext", rng: TextRange) -> Edit | None:
    """Remove the array element at `rng` (a string in `["a", "b"]`) with its separating comma."""
    node = ctx.root.descendant_for_byte_range(rng.start, rng.end)
    while node is not None and node.parent is not None and node.parent.type != "array":
        node = node.parent
    if node is None or node.parent is None:
        return None
    items = [c for c in node.parent.named_children if c.type != "comment"]
    i = next((k for k, c in enumerate(items) if c.start_byte == node.start_byte), None)
    if i is None:
        return None
    if i + 1 < len(items):
        return ctx.edit(TextRange(node.start_byte, items[i + 1].start_byte), "")
    if i > 0:
        return ctx.edit(TextRange(items[i - 1].end_byte, node.end_byte), "")
    return ctx.edit(TextRange(node.start_byte, node.end_byte), "")


def _schema_object(sctx: "RuleContext") -> Node | None:
    for call in sctx.walk(sctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is not None and node_text(f, sctx.data) == "defineSchema":
            args = call_args(call)
            if args and args[0].type == "object":
                return args[0]
    return None


def add_table_fix(ctx: "RuleContext", name: str) -> Fix | None:
    """Append `name: defineTable({}),` to the schema's `defineSchema({...})` (unsafe: fields to fill in)."""
    schema = ctx.project.schema
    if schema is None or not name.isidentifier():
        return None
    sctx = ctx_for(ctx, schema.file)
    if sctx is None:
        return None
    obj = _schema_object(sctx)
    if obj is None:
        return None
    entries = [c for c in obj.named_children if c.type != "comment"]
    if entries:
        last = entries[-1]
        indent = indent_of_line(sctx.data, last.start_byte)
        after = last.end_byte
        comma = sctx.data[after : after + 1] == b","
        at = after + 1 if comma else after
        text = ("" if comma else ",") + f"\n{indent}{name}: defineTable({{}}),"
    else:
        at = obj.start_byte + 1
        text = f"\n  {name}: defineTable({{}}),\n"
    edit = Edit(schema.file, TextRange(at, at), text)
    return make_fix(ctx, f"Add table '{name}' to {schema.file.rsplit('/', 1)[-1]}", [edit], "unsafe")


def create_named_index_fix(ctx: "RuleContext", table: str, name: str, fields: list[str]) -> Fix | None:
    """Create index `name` on `table` with the fields the range uses, in order (the schema file)."""
    t = ctx.project.table(table)
    if t is None or not fields or len(set(fields)) != len(fields):
        return None
    if any(ix.kind == "db" and list(ix.fields[: len(fields)]) == fields for ix in t.indexes):
        return None  # an existing index already serves this range: the did-you-mean is the fix
    edit = add_index_edit(ctx, t, name, fields)
    if edit is None:
        return None
    return make_fix(ctx, f"Create index '{name}' on '{table}' ({', '.join(fields)})", [edit], "unsafe")
