"""Parsing with tree-sitter-typescript: full and incremental, never raising.

`reparse()` applies a byte-range change with `tree.edit` + an incremental parse, and parses from
scratch when the result has syntax errors (tree-sitter's incremental error recovery can differ from
a fresh parse; every derived value must be a function of the text alone).
"""

from __future__ import annotations

from functools import lru_cache

import tree_sitter_typescript as _tst
from tree_sitter import Language, Node, Parser, Tree

TS = Language(_tst.language_typescript())
TSX = Language(_tst.language_tsx())

#: Files above this size are not parsed (the model records them as skipped). Parsing and
#: summarising cost about 1 s per MB of dense code; real Convex modules are far below this.
MAX_PARSE_BYTES = 2 * 1024 * 1024


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


def reparse(path: str, tree: Tree, old: bytes, start: int, end: int, new_text: bytes) -> tuple[bytes, Tree]:
    """Apply data[start:end] = new_text to `tree` (not modified; a copy is edited) and reparse.

    Incremental when the result is error-free. When the new tree has syntax errors, tree-sitter's
    error recovery can depend on the old tree (an incremental parse may differ from a fresh one),
    so the text is parsed from scratch: every derived value stays a function of the text alone.
    """
    start = max(0, min(start, len(old)))
    end = max(start, min(end, len(old)))
    new = old[:start] + new_text + old[end:]
    new_end = start + len(new_text)
    edited = tree.copy()
    edited.edit(
        start_byte=start,
        old_end_byte=end,
        new_end_byte=new_end,
        start_point=_point(old, start),
        old_end_point=_point(old, end),
        new_end_point=_point(new, new_end),
    )
    result = parse(path, new, edited)
    if result.root_node.has_error:
        result = parse(path, new)
    return new, result


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


def first_syntax_error(tree: Tree) -> tuple[int, int] | None:
    """(start, end) bytes of the first place tree-sitter could not parse (an ERROR node, or a token it
    had to assume), in document order; None when the tree has none."""
    node = tree.root_node
    if not node.has_error:
        return None
    while True:
        if node.type == "ERROR" or node.is_missing:
            return node.start_byte, max(node.end_byte, node.start_byte)
        nxt = next((c for c in node.children if c.has_error or c.is_missing), None)
        if nxt is None:
            return node.start_byte, node.end_byte
        node = nxt

