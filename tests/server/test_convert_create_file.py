"""convert.workspace_edit: an edit at (0, 0) of a file that does not exist becomes CreateFile + text."""

from __future__ import annotations

from convex_lsp.analysis.diagnostics import Edit
from convex_lsp.analysis.text import LineIndex, TextRange
from convex_lsp.server import convert
from lsprotocol import types


def test_new_file_is_created_after_the_other_edits(tmp_path):
    existing = str(tmp_path / "convex" / "messages.ts")
    new = str(tmp_path / "convex" / "auth.config.ts")
    lines = {existing: LineIndex(b"const a = 1;\n")}
    edits = [Edit(new, TextRange(0, 0), "export default { providers: [] };\n"), Edit(existing, TextRange(6, 7), "b")]
    we = convert.workspace_edit(edits, "utf-16", lines.get, document_changes=True)
    ops = we.document_changes
    assert [type(o) for o in ops] == [types.TextDocumentEdit, types.CreateFile, types.TextDocumentEdit]
    assert ops[0].text_document.uri == convert.path_to_uri(existing)
    assert ops[1].uri == convert.path_to_uri(new) and ops[1].options.overwrite is False
    assert ops[2].text_document.uri == ops[1].uri and ops[2].text_document.version is None
    assert ops[2].edits[0].range == types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    assert ops[2].edits[0].new_text.startswith("export default")


def test_unknown_files_are_never_created_otherwise(tmp_path):
    on_disk = tmp_path / "other.ts"
    on_disk.write_text("x")
    edits = [
        Edit(str(on_disk), TextRange(0, 0), "y"),  # exists on disk but not loaded: left alone
        Edit(str(tmp_path / "new.ts"), TextRange(1, 2), "z"),  # not a creation (range is not 0,0)
    ]
    assert convert.workspace_edit(edits, "utf-16", {}.get, document_changes=True).document_changes == []
    # without documentChanges a creation cannot be expressed: dropped
    plain = convert.workspace_edit([Edit(str(tmp_path / "n.ts"), TextRange(0, 0), "z")], "utf-16", {}.get)
    assert not plain.changes
