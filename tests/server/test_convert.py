"""convert.py: ranges in each encoding, diagnostics mapping, fix data round trip, workspace edits."""

from __future__ import annotations

import pytest
from convex_lsp.analysis.diagnostics import Diagnostic, Edit, Fix
from convex_lsp.analysis.text import LineIndex, TextRange
from convex_lsp.server import convert
from lsprotocol import types

TEXT = 'const s = "😀é";\r\nx\u2028y;\n'.encode()


@pytest.mark.parametrize(("enc", "col"), [("utf-8", 18), ("utf-16", 15), ("utf-32", 14)])
def test_positions_after_emoji(enc, col):
    lines = LineIndex(TEXT)
    semi = TEXT.index(b";")
    assert convert.to_position(lines, semi, enc) == types.Position(line=0, character=col)
    assert convert.from_position(lines, types.Position(line=0, character=col), enc) == semi
    y = TEXT.index(b"y")
    pos = convert.to_position(lines, y, enc)
    assert pos.line == 1  # U+2028 is not a line break
    assert convert.from_range(lines, convert.to_range(lines, TextRange(semi, y), enc), enc) == TextRange(semi, y)


def test_encoding_compared_by_value():
    assert convert.encoding_of(types.PositionEncodingKind.Utf8) == "utf-8"
    assert convert.encoding_of("utf-32") == "utf-32"
    assert convert.encoding_of(None) == "utf-16"


def test_uri_round_trip():
    path = "/tmp/a b/é.ts"
    assert convert.uri_to_path(convert.path_to_uri(path)) == path
    assert convert.uri_to_path("untitled:Untitled-1") is None


def test_diagnostic_mapping_and_fix_round_trip():
    rng = TextRange(TEXT.index(b'"'), TEXT.index(b";"))
    fix = Fix("Replace", "safe", (Edit("/p/a.ts", rng, '"x"'),))
    d = Diagnostic(
        "/p/a.ts", rng, "unknown-table", "msg", "error", (fix,), ("deprecated",), (("/p/a.ts", rng, "here"),)
    )
    lsp = convert.to_diagnostic(d, LineIndex(TEXT), "utf-16", docs_base_url="https://d/", version=7)
    assert lsp.code == "unknown-table" and lsp.source == "convex"
    assert lsp.code_description.href == "https://d/unknown-table.md"
    assert lsp.severity == types.DiagnosticSeverity.Error
    assert lsp.tags == [types.DiagnosticTag.Deprecated]
    assert lsp.range == types.Range(
        start=types.Position(line=0, character=10), end=types.Position(line=0, character=15)
    )
    assert lsp.related_information[0].location.uri == "file:///p/a.ts"
    assert lsp.data["rule"] == "unknown-table" and lsp.data["version"] == 7
    assert convert.fix_from_data(lsp.data["fixes"][0]) == fix
    assert convert.fix_from_data({"title": "x"}) is None


@pytest.mark.parametrize("document_changes", [True, False])
def test_workspace_edit(document_changes):
    lines = {"/p/a.ts": LineIndex(TEXT), "/p/b.ts": LineIndex(b"abc")}
    edits = [
        Edit("/p/a.ts", TextRange(0, 5), "let"),
        Edit("/p/b.ts", TextRange(1, 2), "B"),
        Edit("/p/a.ts", TextRange(6, 7), "t"),
    ]
    we = convert.workspace_edit(
        edits, "utf-16", lines.get, versions={"/p/a.ts": ("file:///p/a.ts", 3)}, document_changes=document_changes
    )
    if document_changes:
        by_uri = {c.text_document.uri: c for c in we.document_changes}
        assert by_uri["file:///p/a.ts"].text_document.version == 3
        assert by_uri["file:///p/b.ts"].text_document.version is None
        assert [e.new_text for e in by_uri["file:///p/a.ts"].edits] == ["let", "t"]
    else:
        assert set(we.changes) == {"file:///p/a.ts", "file:///p/b.ts"}


def test_completion_and_symbols_from_plain_data():
    lines = LineIndex(b'db.query("me")')
    item = convert.to_completion_item(
        {"label": "messages", "kind": "class", "detail": "Convex table", "range": TextRange(10, 12)},
        lines,
        "utf-16",
        True,
    )
    assert item.kind == types.CompletionItemKind.Class and item.text_edit.new_text == "messages"
    assert convert.to_completion_item({"label": "snip", "snippet": True}, lines, "utf-16", False) is None
    sym = convert.to_document_symbol({"name": "list", "kind": "function", "range": TextRange(0, 5)}, lines, "utf-8")
    assert sym.kind == types.SymbolKind.Function and sym.selection_range == sym.range
    hover = convert.to_hover(("**messages**", TextRange(10, 12)), lines, "utf-16")
    assert hover.contents.value == "**messages**" and hover.range.start.character == 10
