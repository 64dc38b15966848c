"""The tolerant scanner behind completion contexts.

The tree is unreliable mid-keystroke (`ctx.db.query("` is an ERROR node, `q.eq("` swallows the rest
of the line), so completion does not ask it. `scan` tokenizes the text of the enclosing top-level
statement *up to the cursor* and keeps a stack of open brackets; every `(` remembers the member
chain it calls (`ctx.db.query`, `q.eq("a", x).eq`), every closed bracket becomes one group item.
What follows the cursor never matters, so a prefix with unterminated strings or brackets reads the
same as the finished line. The tree is used only to find where the statement starts
(`statement_start`) and to skip finished entries whole.
"""

from __future__ import annotations

import re

from ..validators import key_name
from .tokens import Frame, Scan, Tok, chain

_MAX_SCAN = 400_000  # bytes scanned back from the cursor at most (a giant statement)
_STMT_KW = re.compile(rb"^(?:export|import|const|let|var|function|async|class|interface|type|declare|enum)\b", re.M)

# --------------------------------------------------------------------------- tokenizer

TOKEN = re.compile(
    rb"""
     (?P<ws>\s+)
    |(?P<lc>//[^\n]*)
    |(?P<bc>/\*(?:[^*]|\*(?!/))*(?:\*/)?)
    |(?P<dq>"(?:[^"\\\n]|\\.)*(?P<dqe>")?)
    |(?P<sq>'(?:[^'\\\n]|\\.)*(?P<sqe>')?)
    |(?P<bt>`)
    |(?P<id>[A-Za-z_$\x80-\xff][A-Za-z0-9_$\x80-\xff]*)
    |(?P<num>[0-9](?:[eE][+-]|[0-9A-Za-z_.])*|\.[0-9][0-9A-Za-z_]*)
    |(?P<p>=>|\?\.(?![0-9])|\.\.\.|\S)
    """,
    re.X | re.S,
)
TEMPLATE_TEXT = re.compile(rb"(?:[^`\\$]|\\.|\$(?!\{))*", re.S)
_REGEX = re.compile(rb"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[A-Za-z]*")
_REGEX_AFTER_ID = frozenset(
    {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof"}
)
_CLOSE = {b")": "(", b"]": "[", b"}": "{"}
_BLOCK_AFTER_ID = frozenset({"else", "try", "finally", "do"})


def scan(data: bytes, start: int, end: int, tree=None) -> Scan:
    """Tokenize data[start:end] into frames. `end` is the cursor.

    With a tree, finished entries of a bracket (object pairs, arguments, block statements that end
    before the cursor and parsed cleanly) larger than `_SKIP_MIN` bytes are skipped whole: only
    their key survives, as tokens. That keeps a keystroke inside a huge `defineSchema({...})` cheap.
    """
    st = Scan()
    frames = st.frames
    pos = start
    prev: Tok | None = None  # previous significant token (regex detection)
    match = TOKEN.match
    root = tree.root_node if tree is not None else None
    while pos < end:
        top = frames[-1]
        if root is not None and not top.cur and len(frames) > 1:
            skipped = _skip_entry(root, top, data, pos, end)
            if skipped is not None:
                pos, prev = skipped
                st.last = prev
                continue
        m = match(data, pos, end)
        if m is None:  # pragma: no cover - the pattern matches any byte
            break
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if kind == "dqe" or kind == "sqe":
            kind = "dq" if kind == "dqe" else "sq"
        if kind == "ws":
            pos = e
            continue
        if kind == "lc" or kind == "bc":
            if e >= end and (kind == "lc" or not data[s:e].endswith(b"*/") or e - s < 4):
                st.in_other = True
            pos = e
            continue
        if kind in ("dq", "sq"):
            closed = m.group("dqe" if kind == "dq" else "sqe") is not None
            raw = data[s + 1 : e - 1] if closed else data[s + 1 : e]
            tok = Tok("str", raw.decode("utf-8", "replace"), s, e, closed=closed)
            if not closed and e >= end:
                st.open_string = tok
                st.last = tok
                return st
            top.cur.append(tok)
            prev = st.last = tok
            pos = e
            continue
        if kind == "bt":
            pos = _template(data, e, end, st, frames, s)
            if st.in_other:
                return st
            prev = st.last = frames[-1].cur[-1] if frames[-1].cur and frames[-1].cur[-1].t == "tpl" else prev
            continue
        if kind == "id":
            tok = Tok("id", data[s:e].decode("utf-8", "replace"), s, e)
            top.cur.append(tok)
            prev = st.last = tok
            pos = e
            continue
        if kind == "num":
            tok = Tok("num", data[s:e], s, e)
            top.cur.append(tok)
            prev = st.last = tok
            pos = e
            continue
        # punctuation
        p = data[s:e]
        if p == b"/" and _regex_allowed(prev):
            rm = _REGEX.match(data, s, end)
            if rm is not None:
                tok = Tok("rx", None, s, rm.end())
                top.cur.append(tok)
                prev = st.last = tok
                pos = rm.end()
                continue
            if b"\n" not in data[s:end]:
                st.in_other = True  # an unterminated regex literal up to the cursor
                return st
        if p in (b"(", b"[", b"{"):
            opener = p.decode()
            block = opener == "{" and _opens_block(top)
            callee = chain(top.cur) if opener == "(" else []
            frames.append(Frame(opener, s, callee, block=block))
            prev = st.last = None
            pos = e
            continue
        if p in _CLOSE:
            want = _CLOSE[p]
            k = len(frames) - 1
            while k > 0 and frames[k].opener != want and not (want == "{" and frames[k].opener == "${"):
                k -= 1
            if k == 0:  # stray closer: ignore
                pos = e
                continue
            while len(frames) - 1 > k:
                _pop(frames, s)
            fr = frames[-1]
            if fr.opener == "${":
                frames.pop()
                frames[-1].cur.append(Tok("tpl", None, fr.s, e))
                pos = _template(data, e, end, st, frames, fr.s, resume=True)
                if st.in_other:
                    return st
                continue
            grp = _pop(frames, e)
            prev = st.last = grp
            pos = e
            continue
        tok = Tok("p", p.decode("utf-8", "replace"), s, e)
        if p == b",":
            top.args.append(top.cur)
            top.cur = []
        elif p == b";" and top.opener in ("", "{"):
            top.cur = []
            top.args.append([])
        else:
            top.cur.append(tok)
        prev = st.last = tok
        pos = e
    return st


_SKIP_MIN = 24
_NEVER_SKIP = frozenset({"string", "template_string", "comment"})


_WS = re.compile(rb"\s*")


def _skip_entry(root, top: Frame, data: bytes, pos: int, end: int):
    """Skip the largest finished, error-free node starting at the next token (an object entry, an
    argument, a statement) when it ends before the cursor. Returns (new pos, last token) or None."""
    q = _WS.match(data, pos, end).end()
    if q >= end:
        return None
    node = root.descendant_for_byte_range(q, q)
    child = None
    while node is not None and node.start_byte == q:
        if node.end_byte >= end or node.has_error or node.is_missing:
            break
        if node.is_named:
            child = node
        node = node.parent
    if child is None or child.end_byte - child.start_byte < _SKIP_MIN or child.type in _NEVER_SKIP:
        return None
    # Error recovery can close a node early (`await ctx.db` before `\n.query(`): skip only what is
    # visibly finished — followed by a separator, or a whole statement followed by another one.
    nxt = _WS.match(data, child.end_byte, end).end()
    c = data[nxt : nxt + 1]
    if nxt >= end or c not in b",;)]}":
        statement = top.block and child.type.endswith(("statement", "declaration"))
        if not statement or nxt >= end or c in b".([?+-*%&|^<>=!`" or (c == b"/" and data[nxt + 1 : nxt + 2] not in b"/*"):
            return None
    if top.block:
        top.args.append(top.cur)
        top.cur = []
        return child.end_byte, None
    tok = Tok("opaque", child.type, child.start_byte, child.end_byte)
    if child.type == "object":  # keep its keys: `defineTable({...})` fields, keys already present
        tok = Tok("grp", "{", child.start_byte, child.end_byte, args=[_entry_tokens(p, data) for p in child.named_children])
    elif child.type == "pair":
        k = child.child_by_field_name("key")
        if k is not None:
            key = key_name(k, data)
            if key is not None:
                top.cur.append(Tok("str" if k.type == "string" else "id", key, k.start_byte, k.end_byte))
                top.cur.append(Tok("p", ":", k.end_byte, k.end_byte))
    elif child.type == "method_definition":
        nm = child.child_by_field_name("name")
        if nm is not None:
            top.cur.append(Tok("id", data[nm.start_byte : nm.end_byte].decode("utf-8", "replace"), nm.start_byte, nm.end_byte))
            return child.end_byte, top.cur[-1]
    top.cur.append(tok)
    return child.end_byte, tok


def _entry_tokens(node, data: bytes) -> list[Tok]:
    """An object entry as the tokens `_obj_keys` reads (key, colon, opaque value)."""
    if node.type == "pair":
        k = node.child_by_field_name("key")
        key = key_name(k, data) if k is not None else None
        if key is not None:
            return [Tok("str" if k.type == "string" else "id", key, k.start_byte, k.end_byte),
                    Tok("p", ":", k.end_byte, k.end_byte), Tok("opaque", None, k.end_byte, node.end_byte)]
    if node.type == "shorthand_property_identifier":
        return [Tok("id", data[node.start_byte : node.end_byte].decode("utf-8", "replace"), node.start_byte, node.end_byte)]
    return [Tok("opaque", node.type, node.start_byte, node.end_byte)]


def _pop(frames: list[Frame], e: int) -> Tok:
    fr = frames.pop()
    grp = Tok("grp", fr.opener, fr.s, e, args=fr.args + [fr.cur], closed=True)
    frames[-1].cur.append(grp)
    return grp


def _template(data: bytes, pos: int, end: int, st: Scan, frames: list[Frame], s: int, resume: bool = False) -> int:
    """Scan template text from pos; push a `${` frame or close the literal. Returns the new position."""
    m = TEMPLATE_TEXT.match(data, pos, end)
    q = m.end() if m else pos
    if q >= end:
        st.in_other = True
        return end
    if data[q : q + 1] == b"`":
        if not resume:
            frames[-1].cur.append(Tok("tpl", None, s, q + 1))
        return q + 1
    if data[q : q + 2] == b"${":
        if not resume:
            frames[-1].cur.append(Tok("tpl", None, s, q))
        frames.append(Frame("${", q, [], tpl=True))
        return q + 2
    return q + 1


def _regex_allowed(prev: Tok | None) -> bool:
    if prev is None:
        return True
    if prev.t == "p":
        return prev.v not in (")", "]", "}") and prev.v != "!"
    if prev.t == "id":
        return prev.v in _REGEX_AFTER_ID
    return False


def _opens_block(top: Frame) -> bool:
    """Is a `{` opened now (in frame `top`) a statement block rather than an object literal?"""
    cur = top.cur
    if not cur:
        return top.opener in ("", "{") and top.block
    last = cur[-1]
    if last.t == "p":
        return last.v in ("=>", ")")
    if last.t == "grp":
        return last.v == "("  # function f() {, if (x) {, method() {
    if last.t == "id":
        return last.v in _BLOCK_AFTER_ID or (len(cur) >= 2 and cur[-2].t == "id" and cur[-2].v in ("class", "interface"))
    return False


# --------------------------------------------------------------------------- statement start


def statement_start(data: bytes, offset: int, tree=None) -> int:
    """Offset where the top-level statement around `offset` starts (tree first, else a heuristic)."""
    lo = max(0, offset - _MAX_SCAN)
    start = None
    if tree is not None:
        try:
            root = tree.root_node
            node = root.descendant_for_byte_range(max(0, offset - 1), max(0, offset - 1)) if offset else None
            while node is not None and node.parent is not None and node.parent != root:
                node = node.parent
            if root.type == "ERROR":
                node = None  # the whole file failed to parse: the heuristic decides
            if node is not None and node != root and node.start_byte <= offset:
                if node.type != "ERROR" and (node.is_named or node.type in ("comment",)):
                    start = node.start_byte
                else:
                    start = node.start_byte
                    best = None
                    for m in _STMT_KW.finditer(data, lo, offset):  # the ERROR may start mid-statement
                        best = m.start()
                    if best is not None:
                        start = best
        except Exception:  # noqa: BLE001 - a tree problem must not break completion
            start = None
    if start is None:
        start = 0
        for m in _STMT_KW.finditer(data, lo, offset):
            start = m.start()
    return max(start, lo)
