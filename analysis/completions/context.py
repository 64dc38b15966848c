"""Where is the cursor, in Convex terms? `context_at(data, offset, tree)` returns a
`CompletionContext` or None. Pure; never raises on odd input (a scanner failure yields None).

The scanner (`scanner.py`) reads the enclosing statement up to the cursor; this module looks at
what touches the cursor — an open string, a member dot, or an identifier — and asks the detector
of each family of contexts:

  context_strings.py   table / index / field names inside strings
  context_keys.py      keys of the document object of insert / patch / replace
  context_refs.py      function references (`api.…`, consumer arguments)
  context_snippets.py  `v.` validators, `defineTable(...)` chains, schema entries, statement starts
"""

from __future__ import annotations

import re

from ..text import TextRange
from .context_keys import doc_key_context
from .context_refs import function_ref, ref_root
from .context_snippets import member_snippet, schema_entry, statement
from .context_strings import string_context
from .data import CompletionContext
from .scanner import scan, statement_start
from .tokens import Frame, Scan, Tok, chain

_ID_AFTER = re.compile(rb"[A-Za-z0-9_$\x80-\xff]*")
_WORD_AFTER = re.compile(rb"[A-Za-z0-9_$.:/\-\x80-\xff]*")


def context_at(data: bytes, offset: int, tree=None) -> CompletionContext | None:
    """The completion context at byte `offset` of `data`, or None."""
    offset = max(0, min(offset, len(data)))
    try:
        start = statement_start(data, offset, tree)
        st = scan(data, start, offset, tree)
        return _classify(st, data, offset)
    except Exception:  # noqa: BLE001 - completion must never fail the request
        return None


def _classify(st: Scan, data: bytes, offset: int) -> CompletionContext | None:
    if st.in_other:
        return None
    frames = st.frames
    top = frames[-1]
    if st.open_string is not None:
        tok = st.open_string
        m = _WORD_AFTER.match(data, offset)
        end = m.end() if m else offset
        rng = TextRange(tok.s + 1, end)
        return string_context(frames, tok.v, rng, data, offset)
    cur = top.cur  # the partial identifier is removed from the frame itself (not a key "present")
    partial = ""
    pstart = offset
    if cur and cur[-1].t == "id" and cur[-1].e == offset:
        partial = cur[-1].v
        pstart = cur[-1].s
        cur.pop()
    elif cur and cur[-1].e == offset and cur[-1].t not in ("p",):
        return None  # right after a number, string or bracket
    m = _ID_AFTER.match(data, offset)
    rng = TextRange(pstart, m.end() if m else offset)
    if cur and cur[-1].t == "p" and cur[-1].v in (".", "?."):
        return _member_context(frames, cur[:-1], partial, rng, cur[-1])
    return _ident_context(frames, top, cur, partial, rng, data, offset)


def _member_context(frames: list[Frame], recv_items: list[Tok], partial: str, rng: TextRange, dot: Tok):
    ch = chain(recv_items)
    if not ch:
        return None
    return function_ref(frames, ch, partial, rng) or member_snippet(ch, partial, rng, dot)


def _ident_context(frames: list[Frame], top: Frame, cur: list[Tok], partial: str, rng: TextRange, data: bytes,
                   offset: int):
    if top.opener == "(" and not cur:
        return ref_root(frames, partial, rng)
    if top.opener == "{" and not top.block and not cur:
        return doc_key_context(frames, partial, rng, data, offset) or schema_entry(frames, partial, rng)
    return statement(top, cur, partial, rng, data)
