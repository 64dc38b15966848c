"""Session document store: exact bytes through LSP edits in every encoding, disk revert on close."""

from __future__ import annotations

import pytest
from convex_lsp.analysis.host import AnalysisHost
from convex_lsp.server.session import Document, Session, capability, diff_span
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

ENCODINGS = ["utf-8", "utf-16", "utf-32"]


def units(s: str, enc: str) -> int:
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def lsp_position(text: str, index: int, enc: str) -> types.Position:
    """Reference: LSP lines end at \\n, \\r\\n or a lone \\r (never at U+2028)."""
    line, start, i = 0, 0, 0
    while i < index:
        ch = text[i]
        if ch == "\r" or ch == "\n":
            if ch == "\r" and text[i + 1 : i + 2] == "\n":
                if i + 1 >= index:
                    break
                i += 1
            line, start = line + 1, i + 1
        i += 1
    return types.Position(line=line, character=units(text[start:index], enc))


def change(text: str, i: int, j: int, new: str, enc: str) -> types.TextDocumentContentChangePartial:
    rng = types.Range(start=lsp_position(text, i, enc), end=lsp_position(text, j, enc))
    return types.TextDocumentContentChangePartial(range=rng, text=new)


def session() -> Session:
    return Session(AnalysisHost())


@pytest.mark.parametrize("enc", ENCODINGS)
def test_edit_after_u2028_and_emoji(enc):
    s = session()
    s.encoding = enc
    text = 'const a = "é\u2028😀x";\r\nconst b = 1;\rconst c = "\u2029";\n'
    s.open("file:///p/convex/a.ts", text, 1)
    i = text.index("x")
    s.change("file:///p/convex/a.ts", 2, [change(text, i, i + 1, "Y😀", enc)])
    expected = text.replace("x", "Y😀")
    doc = s.documents["file:///p/convex/a.ts"]
    assert doc.data.decode() == expected and doc.version == 2
    assert s.host.snapshot().text("/p/convex/a.ts") == expected.encode()
    j = expected.index("1;")
    s.change("file:///p/convex/a.ts", 3, [change(expected, j, j + 1, "2", enc)])
    assert doc.data.decode() == expected.replace("1;", "2;")


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('ab \n\r\u2028é😀"')), max_size=30),
    st.data(),
    st.sampled_from(ENCODINGS),
)
def test_random_edits_match_reference(text, data, enc):
    """Any edit between two code points (not inside a \\r\\n pair) gives the reference text, in the
    session and in the host."""
    s = session()
    s.encoding = enc
    s.open("file:///w/convex/f.ts", text, 0)
    for version in range(1, 4):
        boundaries = [
            k for k in range(len(text) + 1) if not (0 < k < len(text) and text[k - 1] == "\r" and text[k] == "\n")
        ]
        i = data.draw(st.sampled_from(boundaries))
        j = data.draw(st.sampled_from([b for b in boundaries if b >= i]))
        new = data.draw(st.text(alphabet=st.sampled_from(list("x\n😀\u2028")), max_size=3))
        s.change("file:///w/convex/f.ts", version, [change(text, i, j, new, enc)])
        text = text[:i] + new + text[j:]
        assert s.documents["file:///w/convex/f.ts"].data == text.encode()
        assert s.host.snapshot().text("/w/convex/f.ts") == text.encode()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab😀é\n")), max_size=12),
    st.text(alphabet=st.sampled_from(list("ab😀é\n")), max_size=12),
)
def test_diff_span(old, new):
    a, b = old.encode(), new.encode()
    start, old_end, new_end = diff_span(a, b)
    assert a[:start] + b[start:new_end] + a[old_end:] == b
    for part in (a[start:old_end], b[start:new_end]):  # whole characters only
        part.decode("utf-8")


def test_full_change_forwards_a_minimal_edit():
    doc = Document("file:///x.ts", "/x.ts", 1, "héllo wörld".encode())
    edit = doc.apply_change(types.TextDocumentContentChangeWholeDocument(text="héllo wörld!"), "utf-16")
    assert edit == (len("héllo wörld".encode()), len("héllo wörld".encode()), b"!")


def test_close_reverts_to_disk_or_removes(tmp_path):
    s = session()
    on_disk = tmp_path / "a.ts"
    on_disk.write_text("disk", encoding="utf-8")
    s.open(on_disk.as_uri(), "buffer", 1)
    assert s.close(on_disk.as_uri()) is True
    assert s.host.snapshot().text(on_disk.as_posix()) == b"disk"
    gone = tmp_path / "new.ts"
    s.open(gone.as_uri(), "unsaved", 1)
    assert s.close(gone.as_uri()) is True
    assert s.host.snapshot().text(gone.as_posix()) is None
    assert s.close(gone.as_uri()) is None


def test_non_file_uris_are_ignored():
    s = session()
    assert s.open("untitled:Untitled-1", "x", 1) is None and s.documents == {}


def test_capability_lookup():
    caps = types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True))
    assert capability(caps, "window.work_done_progress") is True
    assert capability(caps, "text_document.diagnostic") is None
    assert capability(None, "a.b", 3) == 3
