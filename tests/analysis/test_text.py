"""LineIndex: byte offsets <-> (line, column) in utf-8 / utf-16 / utf-32."""

from __future__ import annotations

import pytest

from convex_lsp.analysis.text import LineIndex, TextRange, apply_edit

SRC = 'const s = "😀é";'.encode()
ENCODINGS = ("utf-8", "utf-16", "utf-32")


def test_emoji_and_accent_columns():
    li = LineIndex(SRC)
    semi = SRC.index(b";")
    assert semi == 18
    assert li.position(semi, "utf-8") == (0, 18)
    assert li.position(semi, "utf-16") == (0, 15)
    assert li.position(semi, "utf-32") == (0, 14)
    assert li.offset(0, 18, "utf-8") == semi
    assert li.offset(0, 15, "utf-16") == semi
    assert li.offset(0, 14, "utf-32") == semi


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip_at_every_char_boundary(encoding):
    text = 'const s = "😀é";\nlet x = "日本";\r\n\r\n// 🎉 done\rend'
    data = text.encode()
    li = LineIndex(data)
    boundaries = [len(text[:i].encode()) for i in range(len(text) + 1)]
    for off in boundaries:
        if data[off - 1 : off + 1] == b"\r\n":
            continue  # between \r and \n: not a position of its own
        line, col = li.position(off, encoding)
        assert li.offset(line, col, encoding) == off, (off, line, col)


def test_crlf_line_endings():
    data = b"a\r\nbc\r\n\r\nd"
    li = LineIndex(data)
    assert li.line_count == 4
    assert li.starts == [0, 3, 7, 9]
    assert li.position(data.index(b"c"), "utf-16") == (1, 1)
    assert li.position(data.index(b"d"), "utf-16") == (3, 0)
    assert li.line_bytes(1) == b"bc"
    assert li.line_bytes(2) == b""
    # past the end of line 1 clamps before the \r\n
    assert li.offset(1, 99, "utf-16") == 5
    assert li.offset(1, 99, "utf-8") == 5
    # an offset on the \n of a \r\n is still the end of that line
    assert li.position(6, "utf-16") == (1, 2)


def test_lone_cr_is_a_line_break():
    data = b"one\rtwo\nthree"
    li = LineIndex(data)
    assert li.line_count == 3
    assert li.position(data.index(b"two"), "utf-8") == (1, 0)
    assert li.position(data.index(b"three"), "utf-32") == (2, 0)
    assert li.line_bytes(0) == b"one"
    assert li.offset(1, 1, "utf-16") == data.index(b"wo")


def test_trailing_cr_and_newline():
    assert LineIndex(b"a\r").line_count == 2
    assert LineIndex(b"a\n").line_count == 2
    assert LineIndex(b"").line_count == 1
    assert LineIndex(b"").position(0) == (0, 0)
    assert LineIndex(b"").offset(0, 5) == 0


def test_u2028_is_not_a_line_break():
    text = 'const s = "a\u2028b\u2029c";\nnext'
    data = text.encode()
    li = LineIndex(data)
    assert li.line_count == 2
    semi = data.index(b";")
    # U+2028/U+2029: 3 bytes, 1 UTF-16 unit, 1 code point each
    assert li.position(semi, "utf-8") == (0, len(text[: text.index(";")].encode()))
    assert li.position(semi, "utf-16") == (0, text.index(";"))
    assert li.position(semi, "utf-32") == (0, text.index(";"))
    assert li.position(data.index(b"next"), "utf-16") == (1, 0)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_clamping(encoding):
    data = "ab😀\ncd".encode()
    li = LineIndex(data)
    assert li.offset(0, 1000, encoding) == data.index(b"\n")
    assert li.offset(1, 1000, encoding) == len(data)
    assert li.offset(5, 0, encoding) == len(data)
    assert li.offset(-1, 3, encoding) == 0
    assert li.offset(0, -4, encoding) == 0
    assert li.position(10_000, encoding) == li.position(len(data), encoding)
    assert li.position(-3, encoding) == (0, 0)


def test_offsets_inside_multibyte_chars_snap_to_char_start():
    li = LineIndex(SRC)
    emoji = SRC.index("😀".encode())
    for inside in (emoji + 1, emoji + 2, emoji + 3):
        assert li.position(inside, "utf-8") == (0, 11)
        assert li.position(inside, "utf-16") == (0, 11)
        assert li.position(inside, "utf-32") == (0, 11)
    acc = SRC.index("é".encode())
    assert li.position(acc + 1, "utf-16") == (0, 13)
    # utf-8 column inside a character steps back to the character start
    assert li.offset(0, 12, "utf-8") == emoji
    assert li.offset(0, 16, "utf-8") == acc
    # utf-16 column between the two surrogates of the emoji: start of the emoji
    assert li.offset(0, 12, "utf-16") == emoji
    assert li.offset(0, 13, "utf-16") == acc


def test_invalid_utf8_never_raises():
    data = b"ok \xff\xfe bad\n\xc3"
    li = LineIndex(data)
    for off in range(len(data) + 1):
        for enc in ENCODINGS:
            line, col = li.position(off, enc)
            assert 0 <= li.offset(line, col, enc) <= len(data)


def test_text_range_and_apply_edit():
    r = TextRange(3, 7)
    assert len(r) == 4 and r.contains(3) and r.contains(7) and not r.contains(8)
    assert r.shifted(2) == TextRange(5, 9)
    assert apply_edit(b"hello world", 6, 11, b"there") == b"hello there"


from hypothesis import given, settings, strategies as st  # noqa: E402

_CHARS = st.sampled_from(list("ab \t;{}\"") + ["\n", "\r", "\r\n", "é", "😀", "日", "\u2028", "\U0001f600\u0301"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_CHARS, max_size=40), st.sampled_from(ENCODINGS))
def test_round_trip_property(parts, encoding):
    text = "".join(parts)
    data = text.encode()
    li = LineIndex(data)
    for i in range(len(text) + 1):
        off = len(text[:i].encode())
        if data[off - 1 : off + 1] == b"\r\n":
            continue
        line, col = li.position(off, encoding)
        assert li.offset(line, col, encoding) == off
    # positions are monotonic in the offset
    prev = (0, 0)
    for off in range(len(data) + 1):
        pos = li.position(off, encoding)
        assert pos >= prev
        prev = pos


def test_lone_utf16_surrogate_is_one_unit():
    """An editor may hold a lone surrogate (legal in JS strings); the server stores it in its 3-byte
    surrogatepass form. It counts as one UTF-16 unit / one code point, and is never split."""
    data = 'x = "a\ud800bc"; \xff'.encode("utf-8", "surrogatepass").replace(b"\xc3\xbf", b"\xff")  # plus one invalid byte
    idx = LineIndex(data)
    b = data.index(b"bc")
    assert idx.position(b, "utf-16") == (0, 7) and idx.position(b, "utf-32") == (0, 7) and idx.position(b, "utf-8") == (0, 9)
    assert idx.offset(0, 7, "utf-16") == b and idx.offset(0, 7, "utf-32") == b
    assert idx.position(b - 1, "utf-16") == (0, 6)  # inside the surrogate's bytes: its start
    end = len(data)
    assert idx.position(end, "utf-16") == (0, 13)  # the invalid byte at the end is one unit
    assert idx.offset(0, 13, "utf-16") == end
