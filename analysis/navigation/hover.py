"""Hover: markdown for the table, index, field or function under the cursor."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import TextRange
from .facts import SYSTEM_TABLES, field_validator
from .markdown import field_markdown, function_markdown, index_markdown, system_table_markdown, table_markdown
from .resolve import functions_under, target_at


@dataclass(frozen=True, slots=True)
class Hover:
    markdown: str
    range: TextRange


def hover(snap, path: str, offset: int) -> Hover | None:
    tg = target_at(snap, path, offset)
    if tg is None:
        return None
    md = None
    if tg.kind == "table":
        if tg.table is not None:
            md = table_markdown(tg.table, snap)
        elif tg.name in SYSTEM_TABLES:
            md = system_table_markdown(tg.name)
        else:
            md = f"**table** `{tg.name}` — not defined in the schema"
    elif tg.kind == "index" and tg.table is not None:
        md = index_markdown(tg.table, tg.index) if tg.index is not None else f"**index** `{tg.name}` — not defined on `{tg.table.name}`"
    elif tg.kind == "field" and tg.table is not None:
        md = field_markdown(tg.table, tg.name, field_validator(tg.table, tg.name))
    elif tg.kind == "function":
        if tg.function is not None:
            md = function_markdown(tg.function, snap)
        else:
            inside = functions_under(snap.project_for(path), tg.name)
            md = (f"**module** `{tg.name}`\n\n" + "\n".join(f"- `{f.api_path}` ({f.kind})" for f in inside[:20])
                  if inside else f"`{tg.name}` — no such Convex function")
    return Hover(md, tg.range) if md else None
