"""Parsing with tree-sitter-typescript: full and incremental, never raising.

`SourceFile` holds one file's UTF-8 bytes and its tree. `edit()` applies a byte-range change with
`tree.edit` + incremental reparse; `verify()` compares against a fresh parse, which is what the
host uses to detect (rare) incremental error-recovery differences and fall back to a fresh tree.
"""

from __future__ import annotations

from functools import lru_cache

import tree_sitter_typescript as _tst
from tree_sitter import Language, Node, Parser, Tree

TS = Language(_tst.language_typescript())
TSX = Language(_tst.language_tsx())

#: Files above this size are not parsed (the model records them as skipped).
MAX_PARSE_BYTES = 8 * 1024 * 1024


def language_for(path: str) -> Language:
    return TSX if path.endswith((".tsx", ".jsx")) else TS


@lru_cache(maxsize=2)
def _parser(lang_is_tsx: bool) -> Parser:
    return Parser(TSX if lang_is_tsx else TS)


def parse(path: str, data: bytes, old_tree: Tree | None = None) -> Tree:
    """Parse `data`; with `old_tree` (already `edit()`ed) the parse is incremental."""
    parser = _parser(language_for(path) is TSX)
    if old_tree is not None:
        return parser.parse(data, old_tree)
    return parser.parse(data)


def _point(data: bytes, offset: int) -> tuple[int, int]:
    row = data.count(b"\n", 0, offset)
    line_start = data.rfind(b"\n", 0, offset) + 1
    return row, offset - line_start


class SourceFile:
    """A file's bytes and syntax tree, kept up to date by byte-range edits."""

    __slots__ = ("path", "data", "tree")

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data
        self.tree = parse(path, data)

    @property
    def root(self) -> Node:
        return self.tree.root_node

    def edit(self, start: int, end: int, new_text: bytes) -> None:
        """Replace data[start:end] by new_text and reparse incrementally."""
        old = self.data
        start = max(0, min(start, len(old)))
        end = max(start, min(end, len(old)))
        new = old[:start] + new_text + old[end:]
        new_end = start + len(new_text)
        self.tree.edit(
            start_byte=start,
            old_end_byte=end,
            new_end_byte=new_end,
            start_point=_point(old, start),
            old_end_point=_point(old, end),
            new_end_point=_point(new, new_end),
        )
        self.data = new
        self.tree = parse(self.path, new, self.tree)

    def replace(self, data: bytes) -> None:
        """Replace the whole text (a disk change): fresh parse."""
        self.data = data
        self.tree = parse(self.path, data)

    def verify(self) -> bool:
        """True when the incremental tree equals a fresh parse (compared by S-expression)."""
        fresh = parse(self.path, self.data)
        if str(fresh.root_node) == str(self.tree.root_node):
            return True
        self.tree = fresh
        return False


def node_text(node: Node, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def string_value(node: Node, data: bytes) -> str | None:
    """The value of a string literal node (or a template string without substitutions)."""
    if node.type == "string":
        raw = data[node.start_byte + 1 : node.end_byte - 1] if node.end_byte - node.start_byte >= 2 else b""
        # Closing quote may be missing while typing.
        text = data[node.start_byte : node.end_byte]
        if len(text) >= 1 and (len(text) == 1 or text[-1:] != text[:1]):
            raw = text[1:]
        return raw.decode("utf-8", "replace")
    if node.type == "template_string":
        for c in node.named_children:
            if c.type == "template_substitution":
                return None
        return data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", "replace")
    return None
