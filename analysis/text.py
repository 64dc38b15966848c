"""Positions: byte offsets inside `analysis/`, lines and columns at the edges.

A document is UTF-8 bytes. Lines end at `\\n`, `\\r\\n` or a lone `\\r` (the LSP definition);
tree-sitter rows split on `\\n` only, so we never use tree-sitter points for LSP positions:
every conversion goes through a `LineIndex` built from the bytes.

Columns come in three encodings:
- "utf-8": bytes within the line (LSP utf-8, Neovim);
- "utf-16": UTF-16 code units (LSP default, VS Code);
- "utf-32": Unicode code points (LSP utf-32, and the 1-based columns of our CLI/JSON output).
"""

from __future__ import annotations

import bisect
import codecs
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]


@dataclass(frozen=True, slots=True, order=True)
class TextRange:
    """A half-open byte range [start, end) in a file's UTF-8 text."""

    start: int
    end: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset <= self.end

    def shifted(self, delta: int) -> "TextRange":
        return TextRange(self.start + delta, self.end + delta)

    def __len__(self) -> int:
        return self.end - self.start


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    i = 0
    n = len(data)
    find_n = data.find
    find_r = data.find
    # Fast path: no carriage returns at all.
    if b"\r" not in data:
        while True:
            j = find_n(b"\n", i)
            if j < 0:
                return starts
            starts.append(j + 1)
            i = j + 1
    while i < n:
        jn = find_n(b"\n", i)
        jr = find_r(b"\r", i)
        if jn < 0 and jr < 0:
            break
        if jr >= 0 and (jn < 0 or jr < jn):
            # \r\n counts as one line end; a lone \r is a line end too.
            nxt = jr + 2 if jr + 1 < n and data[jr + 1] == 0x0A else jr + 1
        else:
            nxt = jn + 1
        starts.append(nxt)
        i = nxt
    return starts


def _text_errors(err: UnicodeError) -> tuple[str, int]:
    """Decoding errors of document text. A UTF-16 lone surrogate that an editor sent (legal in a JS
    string; the server stores it as its 3-byte "surrogatepass" form) becomes U+FFFD, which has the
    same size in every encoding (3 bytes, 1 UTF-16 unit, 1 code point), so columns after it stay
    right; any other invalid byte becomes one escape character (one byte, one unit)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    b, i = err.object, err.start
    if i + 2 < len(b) and b[i] == 0xED and 0xA0 <= b[i + 1] <= 0xBF and 0x80 <= b[i + 2] <= 0xBF:
        return "\ufffd", i + 3
    return chr(0xDC00 + b[i]), i + 1


codecs.register_error("convex-lsp-text", _text_errors)


def _decode(b: bytes) -> str:
    """Decode a line: encoded lone surrogates become U+FFFD, other invalid bytes one escape each."""
    return b.decode("utf-8", "convex-lsp-text")


def _units(s: str, encoding: Encoding) -> int:
    if encoding == "utf-32":
        return len(s)
    if encoding == "utf-8":
        return len(s.encode("utf-8", "surrogateescape"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _snap(text: bytes, col: int) -> int:
    """Clamp `col` to [0, len(text)] and move it back to the start of a character it splits."""
    if col <= 0:
        return 0
    n = len(text)
    if col >= n:
        return n
    if text[col] & 0xC0 != 0x80:
        return col
    for back in (1, 2, 3):
        p = col - back
        if p < 0:
            break
        b = text[p]
        if b & 0xC0 == 0x80:
            continue
        length = 2 if b >> 5 == 0b110 else 3 if b >> 4 == 0b1110 else 4 if b >> 3 == 0b11110 else 1
        if length > back and p + length <= n:
            try:
                text[p : p + length].decode("utf-8", "surrogatepass")  # (an encoded lone surrogate is one character)
            except UnicodeDecodeError:
                break
            return p
        break
    return col


class LineIndex:
    """Maps byte offsets to (line, column) and back for one text, in any of the three encodings."""

    __slots__ = ("data", "starts")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = _line_starts(data)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """0-based line that contains `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def line_bytes(self, line: int) -> bytes:
        """The bytes of `line` without its line terminator."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.data)
        chunk = self.data[start:end]
        if chunk.endswith(b"\r\n"):
            return chunk[:-2]
        if chunk.endswith(b"\n") or chunk.endswith(b"\r"):
            return chunk[:-1]
        return chunk

    def position(self, offset: int, encoding: Encoding = "utf-16") -> tuple[int, int]:
        """Byte offset -> 0-based (line, column) in `encoding`.

        An offset inside a multi-byte character maps to that character's start; an offset inside
        a line terminator maps to the end of the line.
        """
        offset = max(0, min(offset, len(self.data)))
        line = self.line_of(offset)
        text = self.line_bytes(line)
        col = _snap(text, offset - self.starts[line])
        if encoding == "utf-8" or text.isascii():
            return line, col
        return line, _units(_decode(text[:col]), encoding)

    def offset(self, line: int, character: int, encoding: Encoding = "utf-16") -> int:
        """0-based (line, column in `encoding`) -> byte offset, clamped to the line (LSP semantics).

        A column inside a character (a UTF-8 byte or a UTF-16 surrogate in the middle of one)
        maps to the character's start.
        """
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.data)
        start = self.starts[line]
        text = self.line_bytes(line)
        character = max(0, character)
        if encoding == "utf-8":
            return start + _snap(text, character)
        if text.isascii():
            return start + min(character, len(text))
        s = _decode(text)
        if encoding == "utf-32" or _units(s, "utf-16") == len(s):
            return start + len(s[:character].encode("utf-8", "surrogateescape"))
        units = 0
        consumed = 0
        for ch in s:
            w = 2 if ord(ch) > 0xFFFF else 1
            if units + w > character:
                break
            units += w
            consumed += 1 if 0xDC80 <= ord(ch) <= 0xDCFF else len(ch.encode("utf-8"))
        return start + consumed

    def range_position(
        self, rng: TextRange, encoding: Encoding = "utf-16"
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.position(rng.start, encoding), self.position(rng.end, encoding)


def apply_edit(data: bytes, start: int, end: int, new_text: bytes) -> bytes:
    """Replace data[start:end] with new_text (byte offsets)."""
    return data[:start] + new_text + data[end:]
