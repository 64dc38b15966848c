"""convert: an Edit with `rename_to` becomes a `RenameFile` operation after the text edits, only
for clients with documentChanges + the "rename" resource operation; fix data round-trips it."""

from __future__ import annotations

from convex_lsp.analysis.diagnostics import Edit, Fix, apply_edits
from convex_lsp.analysis.text import LineIndex, TextRange
from convex_lsp.server import convert
from lsprotocol import types


def _fix(tmp_path):
    old = str(tmp_path / "convex" / "messages.helpers.ts")
    new = str(tmp_path / "convex" / "messagesHelpers.ts")
    jobs = str(tmp_path / "convex" / "jobs.ts")
    edits = (Edit(old, TextRange(0, 0), "", rename_to=new), Edit(jobs, TextRange(9, 25), "api.messagesHelpers"))
    return old, new, jobs, Fix("Rename file to messagesHelpers.ts", "unsafe", edits)


def test_rename_file_operation_comes_last(tmp_path):
    old, new, jobs, fix = _fix(tmp_path)
    lines = {old: LineIndex(b"export const a = 1;\n"), jobs: LineIndex(b"const x = api.messages.helpers.list;\n")}
    we = convert.workspace_edit(fix.edits, "utf-16", lines.get, document_changes=True)
    ops = we.document_changes
    assert [type(o) for o in ops] == [types.TextDocumentEdit, types.RenameFile]
    assert ops[0].text_document.uri == convert.path_to_uri(jobs)
    assert ops[1].old_uri == convert.path_to_uri(old) and ops[1].new_uri == convert.path_to_uri(new)
    assert ops[1].options.overwrite is False
    # open documents keep their URI
    we = convert.workspace_edit(fix.edits, "utf-16", lines.get, versions={old: ("file:///x/open.ts", 3)}, document_changes=True)
    assert we.document_changes[-1].old_uri == "file:///x/open.ts"


def test_without_document_changes_no_rename():
    edits = [Edit("/p/convex/a.b.ts", TextRange(0, 0), "", rename_to="/p/convex/aB.ts")]
    we = convert.workspace_edit(edits, "utf-16", {"/p/convex/a.b.ts": LineIndex(b"x")}.get)
    assert not we.changes


def test_supports_rename():
    def caps(document_changes, ops):
        return types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=document_changes, resource_operations=ops)
            )
        )

    assert convert.supports_rename(caps(True, [types.ResourceOperationKind.Create, types.ResourceOperationKind.Rename]))
    assert not convert.supports_rename(caps(True, [types.ResourceOperationKind.Create]))
    assert not convert.supports_rename(caps(False, [types.ResourceOperationKind.Rename]))
    assert not convert.supports_rename(types.ClientCapabilities())
    assert not convert.supports_rename(None)


def test_fix_data_round_trip_and_apply_edits(tmp_path):
    old, new, _jobs, fix = _fix(tmp_path)
    back = convert.fix_from_data(convert.fix_to_data(fix))
    assert back == fix and convert.has_rename(back)
    assert "renameTo" not in convert.fix_to_data(Fix("t", "safe", (Edit(old, TextRange(0, 1), "y"),)))["edits"][0]
    # a rename is not a text change
    assert apply_edits(b"abc", [fix.edits[0]]) == b"abc"
