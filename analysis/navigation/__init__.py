"""Hover, go to definition, find references, rename and symbols: plain data from a snapshot.

Everything here reads the per-file `FileSummary` (its `uses` and `locations`) and the project
model; nothing walks a syntax tree except to widen a symbol's range to its whole declaration.
Outside every Convex root each function returns nothing.

  resolve.py     what the cursor is on (`Target`) and where things are declared (`Location`)
  facts.py       system tables/fields, field paths and validators of a table
  markdown.py    markdown for tables, indexes, fields and functions (shared with completion)
  hover.py       hover
  definition.py  definition, references
  rename.py      prepare_rename, rename
  symbols.py     document_symbols, workspace_symbols
  signature.py   signature help for calls taking a function reference (runQuery, runAfter, useQuery…)
"""

from __future__ import annotations

from .definition import definition, references
from .facts import SYSTEM_FIELDS, SYSTEM_TABLES, field_paths, field_validator
from .hover import Hover, hover
from .markdown import (
    field_markdown,
    function_markdown,
    index_markdown,
    index_summary,
    system_table_markdown,
    table_markdown,
)
from .rename import prepare_rename, rename, validate_name
from .signature import Signature, signature_help
from .resolve import Location, Target, table_by_anchor, target_at, use_table
from .symbols import Symbol, WorkspaceSymbol, document_symbols, workspace_symbols

__all__ = [
    "SYSTEM_FIELDS",
    "SYSTEM_TABLES",
    "Hover",
    "Location",
    "Signature",
    "Symbol",
    "Target",
    "WorkspaceSymbol",
    "definition",
    "document_symbols",
    "field_markdown",
    "field_paths",
    "field_validator",
    "function_markdown",
    "hover",
    "index_markdown",
    "index_summary",
    "prepare_rename",
    "references",
    "rename",
    "signature_help",
    "system_table_markdown",
    "table_by_anchor",
    "table_markdown",
    "target_at",
    "use_table",
    "validate_name",
    "workspace_symbols",
]
