"""Table-name placeholders: when a fix needs a table the model cannot infer, editors with snippet
support get a choice of the schema's tables (no fix is offered as plain text: it would be a guess)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Edit, Fix
from ..text import TextRange
from ._edit import choice, make_fix, wants_snippets

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext

SYSTEM_TABLES = ("_storage", "_scheduled_functions")


def table_choice_fix(ctx: "RuleContext", at: int, system: bool = False) -> Fix | None:
    """Insert `"<table>", ` at `at`, the table picked from a snippet choice."""
    if not wants_snippets(ctx):
        return None
    names = list(SYSTEM_TABLES) if system else sorted(ctx.project.table_names())
    if not names:
        return None
    text = '"' + choice(names) + '", '
    return make_fix(ctx, "Add a table name", [Edit(ctx.path, TextRange(at, at), text)], "unsafe")
