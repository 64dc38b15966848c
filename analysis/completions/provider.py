"""`complete(snap, path, offset)`: detect the context at the cursor, then ask the item source of
that context kind. Replace ranges are attached here, and an unterminated string is closed."""

from __future__ import annotations

from . import items_refs, items_schema, items_snippets
from .context import context_at
from .data import CompletionContext, CompletionItem

_HANDLERS = {
    "table": items_schema.tables,
    "index": items_schema.indexes,
    "index_field": items_schema.index_fields,
    "filter_field": items_schema.filter_fields,
    "schema_field": items_schema.schema_fields,
    "doc_key": items_schema.doc_keys,
    "function_ref": items_refs.function_refs,
    "ref_root": items_refs.ref_roots,
    "validator": items_snippets.validators,
    "statement": items_snippets.statement,
    "chain_snippet": items_snippets.chain_snippets,
    "schema_entry": items_snippets.schema_entries,
}


def complete(snap, path: str, offset: int, snippets: bool = True) -> list[CompletionItem]:
    if snap.root_for(path) is None:
        return []
    data = snap.text(path)
    if data is None:
        return []
    ctx = context_at(data, offset, snap.tree(path))
    if ctx is None:
        return []
    model = snap.project_for(path)
    if model is None:
        return []
    handler = _HANDLERS.get(ctx.kind)
    if handler is None:
        return []
    items = handler(ctx, model, snap, path, snippets)
    return [_finish(i, ctx, data) for i in items]


def _finish(item: CompletionItem, ctx: CompletionContext, data: bytes) -> CompletionItem:
    """Attach the replace range; close an unterminated string."""
    if item.replace_range is not None:
        return item
    text = item.insert_text if item.insert_text is not None else item.label
    if ctx.quoted and not item.insert_text_is_snippet:
        q = data[ctx.replace.start - 1 : ctx.replace.start]
        if q in (b'"', b"'") and data[ctx.replace.end : ctx.replace.end + 1] != q:
            text += q.decode()
    return CompletionItem(item.label, item.kind, item.detail, item.documentation, text, item.insert_text_is_snippet,
                          item.sort_text, item.filter_text, ctx.replace)
