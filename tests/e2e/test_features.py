"""Completion, hover and definition through the protocol layer (positions after non-ASCII text)."""

from __future__ import annotations

import asyncio

import pytest
from e2e_helpers import close_doc, encoding_of, open_doc, position, range_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")

COMPLETE = """import { query } from "./_generated/server";
export const f = query({
  args: {},
  handler: async (ctx) => {
    const s = "é😀"; return await ctx.db.query("").collect();
  },
});
"""


async def test_table_completion_after_emoji(client):
    enc = encoding_of(client)
    uri, text = open_doc(client, client.workspace / "project" / "convex" / "complete.ts", COMPLETE)
    cursor = position(text, text.index('query("")') + len('query("'), enc)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=cursor)
    )
    items = {i.label: i for i in result.items}
    assert {"messages", "users"} <= set(items)
    item = items["messages"]
    assert item.kind == types.CompletionItemKind.Class
    if item.text_edit is not None:  # replaces the (empty) string content at the cursor
        rng = getattr(item.text_edit, "range", None) or item.text_edit.replace
        assert rng.start == cursor and rng.end == cursor
    close_doc(client, uri)


async def test_table_documentation_is_resolved_lazily_where_the_client_resolves_it(client):
    """VS Code declares `resolveSupport` for documentation: the list carries none and
    completionItem/resolve fills it in. Neovim 0.11 does not: the documentation comes with the list."""
    enc = encoding_of(client)
    uri, text = open_doc(client, client.workspace / "project" / "convex" / "complete_docs.ts", COMPLETE)
    cursor = position(text, text.index('query("")') + len('query("'), enc)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=cursor)
    )
    item = next(i for i in result.items if i.label == "messages")
    lazy = client.profile == "visual-studio-code"
    assert (item.documentation is None) is lazy
    resolved = await client.completion_item_resolve_async(item)
    doc = resolved.documentation
    assert doc is not None and "messages" in doc.value and "body" in doc.value  # the table's fields
    if lazy:
        # an item from an older answer comes back unchanged (no documentation invented for it)
        stale = types.CompletionItem(label="messages", data={"convexLsp": [-1, 0]})
        assert (await client.completion_item_resolve_async(stale)).documentation is None
    close_doc(client, uri)


async def test_hover_and_definition_of_a_table_string(client):
    enc = encoding_of(client)
    path = client.workspace / "project" / "convex" / "messages.ts"
    uri, text = open_doc(client, path)
    at = range_of(text, '"messages"', enc).start
    at = types.Position(line=at.line, character=at.character + 2)
    ident = types.TextDocumentIdentifier(uri=uri)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=ident, position=at))
    assert hover is not None and "messages" in hover.contents.value
    assert hover.range is None or hover.range.start.line == at.line
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=ident, position=at))
    locations = found if isinstance(found, list) else [found]
    schema = client.workspace / "project" / "convex" / "schema.ts"
    schema_text = schema.read_text(encoding="utf-8")
    assert locations[0].uri == schema.as_uri()
    assert locations[0].range.start == range_of(schema_text, "messages", enc).start
    close_doc(client, uri)


VALIDATOR = """import { v } from "convex/values";
export const shape = v.
"""
STATEMENT = """import { query } from "./_generated/server";

cx
"""


@pytest.mark.parametrize("snippet_files", [True, False])
async def test_snippet_setting_controls_the_files_not_the_syntax(snippet_files, tmp_path):
    """`completion.snippets: false` (what the VS Code extension sends, as it ships the snippets
    itself) hides the snippet files; `v.*` items keep their tab stops for a snippet-capable client."""
    from e2e_helpers import copy_workspace, serve
    from pytest_lsp import client_capabilities

    ws = copy_workspace(tmp_path / "ws")
    options = {"convexLsp": {"completion": {"snippets": snippet_files}}}
    async with serve(client_capabilities("visual-studio-code"), ws, options, configuration=options["convexLsp"]) as lsp:
        async def complete_at(name, text, offset):
            uri, text = open_doc(lsp, ws / "project" / "convex" / name, text)
            return await lsp.text_document_completion_async(
                types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(text, offset, "utf-16"))
            )

        validators = await complete_at("shapes.ts", VALIDATOR, VALIDATOR.index("v.\n") + 2)
        obj = next(i for i in validators.items if i.label.startswith("object"))
        assert obj.insert_text_format == types.InsertTextFormat.Snippet
        starts = await complete_at("fresh.ts", STATEMENT, STATEMENT.index("cx\n") + 2)
        labels = {i.label for i in starts.items if i.kind == types.CompletionItemKind.Snippet}
        assert bool(labels) == snippet_files, labels


SIGNATURE = """import { action } from "./_generated/server";
import { api } from "./_generated/api";
export const run = action({
  args: {},
  handler: async (ctx) => {
    const s = "é😀"; await ctx.runQuery(api.messages.byAuthor, { author: s });
  },
});
"""


async def test_signature_help_for_a_function_reference(client):
    """`(` / `,` trigger it; the referenced function's args, with the argument under the cursor
    active (after non-ASCII text: the position is in the negotiated encoding)."""
    enc = encoding_of(client)
    uri, text = open_doc(client, client.workspace / "project" / "convex" / "signature.ts", SIGNATURE)
    at = position(text, text.index("{ author: s }") + 2, enc)
    help_ = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert help_ is not None and len(help_.signatures) == 1
    sig = help_.signatures[0]
    assert sig.label == "runQuery(ref: api.messages.byAuthor, args: { author: string }): Promise<any>"
    assert [p.label for p in sig.parameters] == ["ref: api.messages.byAuthor", "args: { author: string }"]
    assert help_.active_parameter == 1
    assert "byAuthor" in sig.documentation.value
    outside = position(text, text.index("const s"), enc)
    none = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=types.TextDocumentIdentifier(uri=uri), position=outside)
    )
    assert none is None
    close_doc(client, uri)


RANGE = """import { query } from "./_generated/server";
export const q1 = query({
  args: {},
  handler: async (ctx) => {
    const s = "é😀"; return await ctx.db.query("messages").withIndex("by_author", (q) => q.eq(
"""


async def test_signature_help_for_an_index_range_builder_mid_typing(client):
    enc = encoding_of(client)
    uri, text = open_doc(client, client.workspace / "project" / "convex" / "signature_range.ts", RANGE)
    at = position(text, text.index("q.eq(") + len("q.eq("), enc)
    help_ = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert help_ is not None
    assert help_.signatures[0].label == 'eq(field: "author", value: string)'
    assert help_.active_parameter == 0
    close_doc(client, uri)


async def test_a_request_with_invalid_params_gets_an_error_answer(client):
    """Params that do not match the LSP types (a negative line, a missing position) cannot be
    structured: the request is answered with InvalidParams (-32602) instead of never, and the
    server goes on serving."""
    from pygls.exceptions import JsonRpcInvalidParams

    from concurrent.futures import Future

    uri = (client.workspace / "project" / "convex" / "messages.ts").as_uri()
    proto = client.protocol
    for n, params in enumerate(({"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}, {"textDocument": {"uri": uri}})):
        # sent as raw JSON (the client's own types would refuse to build such params)
        msg_id = f"invalid-{client.profile[:6]}-{n}"
        fut: Future = Future()
        proto._request_futures[msg_id] = fut
        proto._send_data({"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover", "params": params})
        with pytest.raises(JsonRpcInvalidParams):
            await asyncio.wait_for(asyncio.wrap_future(fut), 10)
    ok = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))
    assert ok is None or ok.contents is not None
