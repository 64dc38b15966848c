"""Code actions through the real server (pytest-lsp), in the VS Code and Neovim client profiles:
quick fixes of real diagnostics (snippets as plain text or as SnippetTextEdit), a cross-file fix,
refactors on a selection, "Disable … for this line" and source.fixAll.convex."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_lsp
from e2e_helpers import CONFIG, PROFILES, RecordingClient, change_doc, close_doc, encoding_of, init_params, lsp_lines, open_doc, pget, serve, units, until
from lsprotocol import types
from pytest_lsp import client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

FILES = {
    "package.json": json.dumps({"name": "ca-e2e", "private": True, "dependencies": {"convex": "^1.31.0"}}),
    "convex/auth.config.ts": 'export default { providers: [{ domain: "https://example.dev", applicationID: "convex" }] };\n',
    "convex/schema.ts": """import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  channels: defineTable({ name: v.string(), private: v.boolean() }),
  messages: defineTable({ body: v.string(), channel: v.id("channels") }).index("by_channel", ["channel"]),
});
""",
    "convex/messages.ts": """import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { api } from "./_generated/api";

export const send = mutation({
  handler: async (ctx, { channel, body }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    const target = await ctx.db.get("channels", channel);
    await ctx.db.insert("messages", { body, channel: target!._id });
    await ctx.scheduler.runAfter(0, api.digest.refresh, { channel });
    return null;
  },
});

export const list = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    return await ctx.db.query("messages").collect();
  },
});

export const remove = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return;
    }
    await ctx.db.delete(id);
  },
});
""",
    "convex/digest.ts": """import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const refresh = mutation({
  args: { channel: v.id("channels") },
  handler: async (ctx, { channel }) => {
    await ctx.db.patch("channels", channel, { private: false });
  },
});
""",
}


def write_workspace(root: Path) -> Path:
    for rel, text in FILES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


@pytest_lsp.fixture(scope="module", params=PROFILES, config=CONFIG)
async def client(request: pytest.FixtureRequest, lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    workspace = write_workspace(tmp_path_factory.mktemp("ca") / "ws")
    lsp_client.profile = request.param
    lsp_client.workspace = workspace
    await lsp_client.initialize_session(init_params(request.param, workspace))
    await until(lambda: any(pget(s, "state") == "ready" for s in lsp_client.statuses), what="indexing")
    yield
    await lsp_client.shutdown_session()


# ----------------------------------------------------------------------------- helpers
def offset(text: str, pos: types.Position, enc: str) -> int:
    lines = lsp_lines(text)
    start = sum(len(chunk) for chunk in lines[: pos.line])
    line = lines[pos.line].rstrip("\r\n") if pos.line < len(lines) else ""
    i = 0
    while i < len(line) and units(line[: i + 1], enc) <= pos.character:
        i += 1
    return start + i


def apply(text: str, edits: list, enc: str) -> str:
    spans = sorted(((offset(text, e.range.start, enc), offset(text, e.range.end, enc), e) for e in edits), key=lambda s: s[:2], reverse=True)
    for s, end, e in spans:
        new = e.snippet.value if isinstance(e, types.SnippetTextEdit) else e.new_text
        text = text[:s] + new + text[end:]
    return text


def edits_by_uri(edit: types.WorkspaceEdit) -> dict[str, list]:
    if edit.document_changes:
        out: dict[str, list] = {}
        for change in edit.document_changes:
            out.setdefault(change.text_document.uri, []).extend(change.edits)
        return out
    return {uri: list(es) for uri, es in (edit.changes or {}).items()}


async def diagnostics(client, uri: str, version: int, rule: str | None = None) -> list[types.Diagnostic]:
    if client.profile.startswith("visual-studio-code"):
        since = getattr(client, "mark", 0)  # publishes of this test only (documents are reopened)
        found = await until(lambda: [p for p in client.published[since:] if p.uri == uri and p.version == version], what=f"publish v{version}")
        items = found[-1].diagnostics
    else:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        items = report.items
    return [d for d in items if rule is None or d.code == rule]


async def actions(client, uri: str, rng: types.Range, diags: list, only=None) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diags, only=only),
        )
    )


def open_fresh(client, path: Path) -> tuple[str, str]:
    client.mark = len(client.published)
    return open_doc(client, path)


def point_at(text: str, needle: str, enc: str) -> types.Range:
    from e2e_helpers import position

    i = text.index(needle)
    p = position(text, i, enc)
    return types.Range(start=p, end=p)


# ----------------------------------------------------------------------------- tests
async def test_args_validator_quick_fix_applies_and_clears_the_diagnostic(client):
    enc = encoding_of(client)
    path = client.workspace / "convex" / "messages.ts"
    uri, text = open_fresh(client, path)
    diags = await diagnostics(client, uri, 1, "require-args-validator")
    assert len(diags) == 1
    found = await actions(client, uri, diags[0].range, diags)
    titles = [a.title for a in found]
    assert "Add args validator" in titles and "Disable require-args-validator for this line" in titles
    fix = next(a for a in found if a.title == "Add args validator")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.diagnostics and fix.diagnostics[0].code == "require-args-validator"
    assert not fix.is_preferred  # unsafe
    new = apply(text, edits_by_uri(fix.edit)[uri], enc)
    assert '  args: { channel: v.id("channels"), body: v.string() },\n  handler: async (ctx, { channel, body })' in new
    change_doc(client, uri, 2, types.TextDocumentContentChangeWholeDocument(text=new))
    assert await diagnostics(client, uri, 2, "require-args-validator") == []
    close_doc(client, uri)


async def test_disable_for_this_line(client):
    enc = encoding_of(client)
    uri, text = open_fresh(client, client.workspace / "convex" / "messages.ts")
    diags = await diagnostics(client, uri, 1, "explicit-table-ids")
    found = await actions(client, uri, diags[0].range, diags)
    fix = next(a for a in found if a.title == "Disable explicit-table-ids for this line")
    new = apply(text, edits_by_uri(fix.edit)[uri], enc)
    assert "    // convex-lsp-disable-next-line explicit-table-ids\n    await ctx.db.delete(id);" in new
    change_doc(client, uri, 2, types.TextDocumentContentChangeWholeDocument(text=new))
    assert await diagnostics(client, uri, 2, "explicit-table-ids") == []
    close_doc(client, uri)


async def test_take_placeholder_is_plain_text_without_snippet_support(client):
    enc = encoding_of(client)
    uri, text = open_fresh(client, client.workspace / "convex" / "messages.ts")
    diags = await diagnostics(client, uri, 1, "no-unbounded-collect")
    found = await actions(client, uri, diags[0].range, diags)
    take = next(a for a in found if a.title == "Replace with .take(…)")
    (edit,) = edits_by_uri(take.edit)[uri]
    assert isinstance(edit, types.TextEdit) and edit.new_text == "take(100)"
    pag = next(a for a in found if a.title == "Convert to pagination")
    new = apply(text, edits_by_uri(pag.edit)[uri], enc)
    assert ".paginate(args.paginationOpts)" in new and 'import { paginationOptsValidator } from "convex/server";' in new
    assert 'return { page: [], isDone: true, continueCursor: "" };' in new
    close_doc(client, uri)


async def test_make_internal_edits_two_files(client):
    enc = encoding_of(client)
    uri, text = open_fresh(client, client.workspace / "convex" / "messages.ts")
    diags = await diagnostics(client, uri, 1, "schedule-internal-only")
    found = await actions(client, uri, diags[0].range, diags)
    fix = next(a for a in found if a.title.startswith("Make 'digest:refresh' internal"))
    by_uri = edits_by_uri(fix.edit)
    digest_uri = (client.workspace / "convex" / "digest.ts").as_uri()
    assert set(by_uri) == {uri, digest_uri}
    new = apply(text, by_uri[uri], enc)
    assert "internal.digest.refresh" in new and 'import { internal } from "./_generated/api";' in new
    digest = apply(FILES["convex/digest.ts"], by_uri[digest_uri], enc)
    assert "export const refresh = internalMutation({" in digest and 'import { internalMutation } from "./_generated/server";' in digest
    close_doc(client, uri)


async def test_refactors_on_a_selection(client):
    enc = encoding_of(client)
    uri, text = open_fresh(client, client.workspace / "convex" / "messages.ts")
    await diagnostics(client, uri, 1)
    found = await actions(client, uri, point_at(text, "export const remove", enc), [], only=[types.CodeActionKind.Refactor])
    titles = [a.title for a in found]
    assert "Add returns validator" in titles and "Make 'messages:remove' internal" in titles
    assert all(a.kind == types.CodeActionKind.RefactorRewrite for a in found)
    returns = next(a for a in found if a.title == "Add returns validator")
    assert "  returns: v.null(),\n  handler: async (ctx, { id })" in apply(text, edits_by_uri(returns.edit)[uri], enc)
    quick_only = await actions(client, uri, point_at(text, "export const remove", enc), [], only=[types.CodeActionKind.QuickFix])
    assert list(quick_only) == []
    close_doc(client, uri)


async def test_fix_all_applies_only_safe_fixes(client):
    enc = encoding_of(client)
    uri, text = open_fresh(client, client.workspace / "convex" / "messages.ts")
    await diagnostics(client, uri, 1)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(lsp_lines(text)), character=0))
    found = await actions(client, uri, whole, [], only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in found] == ["source.fixAll.convex"]
    new = apply(text, edits_by_uri(found[0].edit)[uri], enc)
    assert 'await ctx.db.delete("messages", id);' in new  # safe: explicit table id
    assert "args: {" not in new.split("export const send")[1].split("handler")[0]  # unsafe: not applied
    close_doc(client, uri)


async def test_snippet_edits_for_clients_that_support_them(tmp_path):
    ws = write_workspace(tmp_path / "ws")
    caps = client_capabilities("visual-studio-code")
    caps.workspace.workspace_edit.document_changes = True
    caps.workspace.workspace_edit.snippet_edit_support = True
    async with serve(caps, ws) as lsp:
        lsp.profile = "visual-studio-code"
        uri, text = open_fresh(lsp, ws / "convex" / "messages.ts")
        diags = await diagnostics(lsp, uri, 1, "no-unbounded-collect")
        found = await actions(lsp, uri, diags[0].range, diags)
        take = next(a for a in found if a.title == "Replace with .take(…)")
        (edit,) = edits_by_uri(take.edit)[uri]
        assert isinstance(edit, types.SnippetTextEdit) and edit.snippet.value == "take(${1:100})"
        close_doc(lsp, uri)
