"""Completion items from (snapshot, path, offset): tables, indexes, fields, function references,
`v.` validators and snippets. Plain data; the server converts at the edge.

Per request the cost is one scan of the enclosing statement (`context_at`) plus lookups in the
already-built project model — never a whole-project walk.

  provider.py          complete(): context → items, replace ranges
  data.py              CompletionContext, CompletionItem, the calling-API tables
  context.py           context_at(): dispatch to the context detectors (context_*.py)
  scanner.py, tokens.py  the tolerant statement scanner and its tokens/chains
  items_schema.py      tables, indexes, fields;  items_refs.py  function references
  items_snippets.py    validators and snippets
"""

from __future__ import annotations

from .context import context_at
from .data import CONSUMERS, CompletionContext, CompletionItem
from .items_schema import range_fields
from .items_snippets import VALIDATORS, Snippet, load_snippets
from .provider import complete

__all__ = [
    "CONSUMERS",
    "VALIDATORS",
    "CompletionContext",
    "CompletionItem",
    "Snippet",
    "complete",
    "context_at",
    "load_snippets",
    "range_fields",
]
