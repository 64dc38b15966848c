"""Diagnostics delivery (content comes from the synthetic CONVEX_LSP_TEST_RULE "test-rule").

VS Code 1.65 has no pull support: push (debounced, versioned). Neovim 0.11 pulls.
"""

from __future__ import annotations

import asyncio

import pytest
from e2e_helpers import change_doc, close_doc, copy_workspace, encoding_of, open_doc, pget, range_of, serve, until
from lsprotocol import types
from pytest_lsp import client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

MARK = "TODO-CONVEX"


def is_push(client) -> bool:
    return client.profile.startswith("visual-studio-code")


def ours(diags):
    return [d for d in diags if d.code == "test-rule"]


def publishes(client, uri):
    return [p for p in client.published if p.uri == uri]


async def pull(client, uri, previous=None):
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous)
    )


async def current_diagnostics(client, uri, version):
    """The test-rule diagnostics of `uri` at `version`, by push or pull depending on the profile."""
    if is_push(client):
        p = await until(lambda: [p for p in publishes(client, uri) if p.version == version], what=f"publish v{version}")
        return ours(p[-1].diagnostics)
    return ours((await pull(client, uri)).items)


async def test_diagnostic_fields(client):
    enc = encoding_of(client)
    text = f'export const note = "é😀 {MARK}";\n'
    uri, _ = open_doc(client, client.workspace / "project" / "convex" / "fields.ts", text)
    diags = await current_diagnostics(client, uri, 1)
    assert len(diags) == 1
    d = diags[0]
    assert d.range == range_of(text, MARK, enc)  # columns after é😀 in the negotiated encoding
    assert d.source == "convex" and d.code == "test-rule"
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.code_description.href.endswith("/test-rule.md")
    assert pget(d.data, "rule") == "test-rule"
    assert pget(d.data, "fixes")[0]["title"] == "Replace with DONE-CONVEX"
    close_doc(client, uri)


@pytest.mark.profiles("visual-studio-code")
async def test_push_debounced_and_versioned(client):
    enc = encoding_of(client)
    text = "export const a = 1;\n"
    uri, _ = open_doc(client, client.workspace / "project" / "convex" / "debounce.ts", text)
    await until(lambda: publishes(client, uri), what="first publish")
    before = len(publishes(client, uri))
    for version in range(2, 6):  # four quick keystrokes, well inside the 200 ms debounce
        end = types.Position(line=1, character=0)
        change_doc(
            client,
            uri,
            version,
            types.TextDocumentContentChangePartial(range=types.Range(start=end, end=end), text=f"// {MARK}\n"),
        )
        text += f"// {MARK}\n"
    last = await until(lambda: [p for p in publishes(client, uri) if p.version == 5], what="publish v5")
    after = publishes(client, uri)[before:]
    assert [p.version for p in after] == [5], "intermediate versions must not be published"
    diags = ours(last[-1].diagnostics)
    assert len(diags) == 4
    assert [d.range for d in diags] == [range_of(text, MARK, enc, k) for k in range(4)]
    close_doc(client, uri)
    await until(lambda: len(publishes(client, uri)[-1].diagnostics) == 0, what="cleared on close")


@pytest.mark.profiles("neovim@v0.11.0")
async def test_pull_result_ids(client):
    uri, _ = open_doc(client, client.workspace / "project" / "convex" / "pull.ts", f"// {MARK}\n")
    first = await pull(client, uri)
    assert first.kind == "full" and len(ours(first.items)) == 1 and first.result_id
    again = await pull(client, uri, first.result_id)
    assert again.kind == "unchanged" and again.result_id == first.result_id
    start = types.Position(line=0, character=0)
    change_doc(
        client,
        uri,
        2,
        types.TextDocumentContentChangePartial(range=types.Range(start=start, end=start), text=f"// {MARK}\n"),
    )
    changed = await pull(client, uri, first.result_id)
    assert changed.kind == "full" and changed.result_id != first.result_id and len(ours(changed.items)) == 2
    report = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[types.PreviousResultId(uri=uri, value=changed.result_id)])
    )
    mine = [i for i in report.items if i.uri == uri]
    assert len(mine) == 1 and mine[0].kind == "unchanged" and mine[0].version == 2
    close_doc(client, uri)


async def test_code_action_round_trip(client):
    enc = encoding_of(client)
    text = f'const s = "😀é"; // {MARK} and {MARK}\n'
    uri, _ = open_doc(client, client.workspace / "project" / "convex" / "actions.ts", text)
    diags = await current_diagnostics(client, uri, 1)
    assert len(diags) == 2
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=1, character=0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=[diags[0]]),
        )
    )
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert [a.title for a in quick] == ["Replace with DONE-CONVEX"] and quick[0].is_preferred
    edits = text_edits(quick[0].edit, uri)
    assert [(e.range, e.new_text) for e in edits] == [(range_of(text, MARK, enc), "DONE-CONVEX")]
    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=whole,
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    assert [a.kind for a in fix_all] == ["source.fixAll.convex"]
    assert len(text_edits(fix_all[0].edit, uri)) == 2
    close_doc(client, uri)


def text_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:  # VS Code: versioned TextDocumentEdits
        (change,) = [c for c in edit.document_changes if c.text_document.uri == uri]
        assert change.text_document.version == 1
        return list(change.edits)
    return list(edit.changes[uri])


async def test_stale_fix_data_is_ignored(client):
    """Fix offsets in `data` belong to one version; after an edit they must not be applied."""
    uri, text = open_doc(client, client.workspace / "project" / "convex" / "stale.ts", f"// {MARK}\n")
    diags = await current_diagnostics(client, uri, 1)
    start = types.Position(line=0, character=0)
    change_doc(
        client,
        uri,
        2,
        types.TextDocumentContentChangePartial(range=types.Range(start=start, end=start), text="// 😀😀\n"),
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=diags),
        )
    )
    assert [a for a in actions if a.title == "Replace with DONE-CONVEX"] == []
    close_doc(client, uri)


@pytest.mark.profiles("visual-studio-code")  # pull clients: see test_pull_refresh_on_model_change
async def test_schema_change_republishes_dependents(client):
    convex = client.workspace / "project" / "convex"
    dep_uri, _ = open_doc(client, convex / "messages.ts")
    await until(lambda: publishes(client, dep_uri), what="messages.ts published")
    schema_uri, schema = open_doc(client, convex / "schema.ts")
    await until(lambda: publishes(client, schema_uri), what="schema.ts published")
    await asyncio.sleep(0.3)
    before = len(publishes(client, dep_uri))
    pos = types.Position(line=4, character=0)
    change_doc(
        client,
        schema_uri,
        2,
        types.TextDocumentContentChangePartial(
            range=types.Range(start=pos, end=pos), text="  tags: defineTable({ name: v.string() }),\n"
        ),
    )
    await until(lambda: len(publishes(client, dep_uri)) > before, what="dependent republished")
    assert publishes(client, dep_uri)[-1].version == 1
    close_doc(client, schema_uri)
    close_doc(client, dep_uri)


async def test_pull_refresh_on_model_change(tmp_path):
    """A pull client with refresh support gets workspace/diagnostic/refresh when the model changes."""
    ws = copy_workspace(tmp_path / "ws")
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    async with serve(caps, ws) as lsp:
        await until(lambda: lsp.diagnostic_refresh_count >= 1, what="refresh after indexing")
        schema_uri, _ = open_doc(lsp, ws / "project" / "convex" / "schema.ts")
        await pull(lsp, schema_uri)
        count = lsp.diagnostic_refresh_count
        pos = types.Position(line=4, character=0)
        change_doc(
            lsp,
            schema_uri,
            2,
            types.TextDocumentContentChangePartial(
                range=types.Range(start=pos, end=pos), text="  tags: defineTable({ name: v.string() }),\n"
            ),
        )
        await until(lambda: lsp.diagnostic_refresh_count > count, what="refresh after schema edit")
        # an edit in a function body does not change the model: no refresh
        count = lsp.diagnostic_refresh_count
        change_doc(
            lsp,
            schema_uri,
            3,
            types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                text="// hi\n",
            ),
        )
        await asyncio.sleep(0.6)
        assert lsp.diagnostic_refresh_count == count
        assert len(lsp.published) == 0  # pull mode never pushes


async def test_code_action_with_malformed_diagnostic_data(client):
    """Diagnostic `data` comes back from the client: malformed fixes, or fixes that would edit
    outside the document's Convex root or past the end of a file, are ignored (no error, no edit)."""
    path = client.workspace / "project" / "convex" / "bad_data.ts"
    uri, text = open_doc(client, path, "export const x = 1;\n")
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=5))

    def diag(data):
        return types.Diagnostic(range=whole, message="m", source="convex", code="not-a-rule", data=data)

    bad = [
        {"fixes": 5},
        {"fixes": "abc"},
        {"fixes": [{"title": "t", "edits": [{"path": str(path), "start": -10, "end": 10**9, "newText": "x"}]}]},
        {"fixes": [{"title": "t", "edits": [{"path": str(path), "start": 5, "end": 2, "newText": "x"}]}]},
        {"fixes": [{"title": "t", "edits": [{"path": "/etc/passwd", "start": 0, "end": 4, "newText": "x"}]}]},
        {"fixes": [{"title": "t", "edits": [{"path": str(path), "start": 0, "end": 0, "newText": "", "renameTo": "/tmp/elsewhere.ts"}]}]},
    ]
    for data in bad:
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=whole, context=types.CodeActionContext(diagnostics=[diag(data)]))
        )
        assert [a for a in actions or [] if getattr(a, "title", "") == "t"] == [], data
    # a well-formed fix inside the file is still offered
    good = {"fixes": [{"title": "t", "applicability": "safe", "edits": [{"path": str(path), "start": 0, "end": 6, "newText": "export"}]}]}
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=whole, context=types.CodeActionContext(diagnostics=[diag(good)]))
    )
    assert [a.title for a in actions if a.title == "t"] == ["t"]
    close_doc(client, uri)
