"""Every editor feature through the protocol, in both client profiles (utf-16 VS Code, utf-8 Neovim):
completion kinds (indexes, index fields, document fields, function references by kind, validators),
references, prepareRename/rename, document and workspace symbols, hover on functions.

Documents are opened with their text (the server uses its own copy), so each test writes distinct
file names into the shared workspace of its module's server."""

from __future__ import annotations

import pytest
from e2e_helpers import close_doc, encoding_of, open_doc, position, range_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")

SCHEMA = """import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({
    author: v.string(),
    body: v.string(),
  }).index("by_author", ["author"]),
  users: defineTable({
    name: v.string(),
  }),
});
"""

NAV = """import { query, mutation, internalMutation } from "./_generated/server";
import { api, internal } from "./_generated/api";
import { v } from "convex/values";

export const list = query({
  args: { author: v.string() },
  handler: async (ctx, args) => {
    const note = "é😀"; return await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", args.author)).take(10);
  },
});

export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.insert("messages", { body: args.body, author: "é" });
    await ctx.scheduler.runAfter(0, internal.nav.purge, {});
  },
});

export const purge = internalMutation({ args: {}, handler: async () => {} });
"""


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def complete(client, uri: str, text: str, offset: int) -> dict[str, types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=position(text, offset, encoding_of(client)))
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    return {i.label: i for i in items}


def cursor_after(text: str, needle: str) -> int:
    return text.index(needle) + len(needle)


async def test_completion_kinds(client):
    ws = client.workspace / "project" / "convex"
    schema_uri, _ = open_doc(client, ws / "schema.ts", SCHEMA)
    src = NAV.replace('withIndex("by_author"', 'withIndex("')
    uri, text = open_doc(client, ws / "nav.ts", src)
    indexes = await complete(client, uri, text, cursor_after(text, 'withIndex("'))
    assert {"by_author", "by_creation_time", "by_id"} <= set(indexes) and "users" not in indexes
    close_doc(client, uri)
    src = NAV.replace('q.eq("author"', 'q.eq("')
    uri, text = open_doc(client, ws / "nav1.ts", src)
    fields = await complete(client, uri, text, cursor_after(text, 'q.eq("'))
    assert "author" in fields and "body" not in fields  # only the index's next field
    close_doc(client, uri)

    src = NAV.replace("{ body: args.body, author: \"é\" }", "{ body: args.body,  }")
    uri, text = open_doc(client, ws / "nav2.ts", src)
    keys = await complete(client, uri, text, cursor_after(text, "{ body: args.body, "))
    assert "author" in keys and "body" not in keys  # document fields not yet present
    close_doc(client, uri)

    src = NAV.replace("internal.nav.purge, {})", "internal.)")
    uri, text = open_doc(client, ws / "nav3.ts", src)
    refs = await complete(client, uri, text, cursor_after(text, "runAfter(0, internal."))
    assert "nav3" in refs  # the module path is the file's
    src2 = src.replace("runAfter(0, internal.)", "runAfter(0, internal.nav3.)")
    uri2, text2 = open_doc(client, ws / "nav4.ts", src2)
    fns = await complete(client, uri2, text2, cursor_after(text2, "runAfter(0, internal.nav3."))
    assert "purge" in fns and "list" not in fns  # scheduler takes mutations and actions, never queries
    close_doc(client, uri)
    close_doc(client, uri2)

    uri, text = open_doc(client, ws / "nav5.ts", 'import { v } from "convex/values";\nexport const x = v.\n')
    validators = await complete(client, uri, text, cursor_after(text, "v."))
    assert any(label.startswith("string") for label in validators) and any(label.startswith("id") for label in validators)
    close_doc(client, uri)
    close_doc(client, schema_uri)


async def test_references_and_rename_of_a_table(client):
    enc = encoding_of(client)
    ws = client.workspace / "project" / "convex"
    schema_uri, schema = open_doc(client, ws / "schema.ts", SCHEMA)
    uri, text = open_doc(client, ws / "nav6.ts", NAV)
    at = position(text, text.index('"messages"') + 2, enc)
    refs = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc_id(uri), position=at, context=types.ReferenceContext(include_declaration=True))
    )
    got = {(r.uri.rsplit("/", 1)[-1], r.range.start.line) for r in refs}
    assert ("schema.ts", range_of(schema, "messages", enc).start.line) in got
    assert ("nav6.ts", range_of(text, '"messages"', enc).start.line) in got
    assert ("nav6.ts", range_of(text, '"messages", {', enc).start.line) in got

    prep = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc_id(uri), position=at))
    prep_range = getattr(prep, "range", prep)
    inner = range_of(text, "messages", enc)
    assert prep_range.start == inner.start and prep_range.end == inner.end

    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc_id(uri), position=at, new_name="posts"))
    changes = edit.changes or {}
    if edit.document_changes:
        changes = {dc.text_document.uri: dc.edits for dc in edit.document_changes}
    by_file = {u.rsplit("/", 1)[-1]: es for u, es in changes.items()}
    assert {"schema.ts", "nav6.ts"} <= set(by_file)
    assert all(e.new_text in ("posts", "posts: messages") or "posts" in e.new_text for es in by_file.values() for e in es)
    close_doc(client, uri)
    close_doc(client, schema_uri)


async def test_symbols_and_function_hover(client):
    enc = encoding_of(client)
    ws = client.workspace / "project" / "convex"
    uri, text = open_doc(client, ws / "nav7.ts", NAV.replace("internal.nav.purge", "internal.nav7.purge"))
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    names = {s.name for s in symbols}
    assert {"list", "send", "purge"} <= names
    ws_symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="by_auth"))
    assert any(s.name.endswith("by_author") for s in ws_symbols)
    at = position(text, text.index("internal.nav7.purge") + len("internal.nav7.pu"), enc)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=at))
    assert hover is not None and "mutation" in hover.contents.value and "internal" in hover.contents.value
    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=doc_id(uri), position=at))
    locs = definition if isinstance(definition, list) else [definition]
    target = locs[0]
    target_range = getattr(target, "target_selection_range", None) or target.range
    assert target_range.start.line == range_of(text, "purge = internalMutation", enc).start.line
    close_doc(client, uri)
