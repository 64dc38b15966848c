"""Completion contexts for validators and snippets: `v.|`, a member of a `defineTable(...)` chain,
a key of the `defineSchema({...})` object, and the start of a statement."""

from __future__ import annotations

from ..text import TextRange
from .data import CompletionContext
from .tokens import EXPR_KEYWORDS, Frame, Tok, is_table_chain, method_name


def member_snippet(ch: list[tuple[str, object]], partial: str, rng: TextRange, dot: Tok) -> CompletionContext | None:
    """`v.|` (validator builders) or `defineTable(...).|` (chain snippets; the range covers the dot)."""
    if len(ch) == 1 and ch[0][1] == "v":
        return CompletionContext("validator", partial, rng)
    if is_table_chain(ch) and ch[-1][0] == "call":
        return CompletionContext("chain_snippet", partial, TextRange(dot.s, rng.end))
    return None


def schema_entry(frames: list[Frame], partial: str, rng: TextRange) -> CompletionContext | None:
    """A key position of the object passed to `defineSchema(...)`."""
    if len(frames) >= 2 and frames[-2].opener == "(" and method_name(frames[-2].callee) == "defineSchema":
        return CompletionContext("schema_entry", partial, rng)
    return None


def statement(top: Frame, cur: list[Tok], partial: str, rng: TextRange, data: bytes) -> CompletionContext | None:
    """The start of a statement at top level or in a block."""
    if top.opener in ("", "{") and top.block and _at_statement_start(cur, rng.start, data):
        return CompletionContext("statement", partial, rng, scope="top" if top.opener == "" else "block")
    return None


def _at_statement_start(cur: list[Tok], pos: int, data: bytes) -> bool:
    line_start = data.rfind(b"\n", 0, pos) + 1
    if data[line_start:pos].strip():
        return False  # only at the start of a line
    if not cur:
        return True
    last = cur[-1]
    if b"\n" not in data[last.e : pos]:
        return False
    if last.t == "p":
        return last.v in (";", "}")
    if last.t == "id":
        return last.v not in EXPR_KEYWORDS
    return True
