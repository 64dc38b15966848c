"""Where is the cursor, in Convex terms? A tolerant scanner for completion while the user types.

The tree is unreliable mid-keystroke (`ctx.db.query("` is an ERROR node, `q.eq("` swallows the rest
of the line), so this module does not ask it. It tokenizes the text of the enclosing top-level
statement *up to the cursor* and keeps a stack of open brackets; every `(` remembers the member
chain it calls (`ctx.db.query`, `q.eq("a", x).eq`), every closed bracket becomes one group item.
What follows the cursor never matters, so a prefix with unterminated strings or brackets reads the
same as the finished line. The tree is used only to find where the statement starts (and, for
object literals, which keys already follow the cursor).

`context_at(data, offset, tree)` returns a `CompletionContext` or None. Pure; never raises on odd
input (a scanner failure yields None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import TextRange
from .validators import key_name

# --------------------------------------------------------------------------- result


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """What can be completed at the cursor.

    kind:
      table          a table-name string (`call` says where: "db.query", "v.id", "db.system.get", ...)
      index          an index-name string of `table` (`index_kind` db/search/vector)
      index_field    a field string in a range/search builder (`call` eq/gt/.../search; `previous`
                     holds the builder calls before it as (method, field))
      filter_field   a `q.field("…")` string inside `.filter`
      schema_field   a field string in an index definition of schema code (`anchor`: the table's
                     key or const name; `present`: fields already listed; `call` names the slot)
      doc_key        a key of the document object of insert/patch/replace (`path`: nested keys)
      function_ref   the next segment after `api.` / `internal.` / `components.` (`root`, `path`)
      ref_root       an identifier argument of a function-reference consumer (`consumer`)
      validator      the builder after `v.`
      statement      a statement start (`scope` top|block)
      chain_snippet  a member position on a `defineTable(...)` chain (replace range covers the dot)
      schema_entry   a key position of the `defineSchema({...})` object
    """

    kind: str
    partial: str
    replace: TextRange
    quoted: bool = False
    call: str = ""
    table: str | None = None
    index: str | None = None
    index_kind: str = "db"
    previous: tuple[tuple[str, str | None], ...] = ()
    path: tuple[str, ...] = ()
    root: str | None = None
    consumer: str | None = None
    present: tuple[str, ...] = ()
    anchor: str | None = None
    scope: str = ""
    keys: tuple[str, ...] = ()  # schema_field fallback: keys of the defineTable({...}) literal


DB_TABLE_METHODS = frozenset({"query", "insert", "get", "patch", "replace", "delete", "normalizeId"})
RANGE_METHODS = frozenset({"eq", "gt", "gte", "lt", "lte", "search", "neq"})
CONSUMERS = {
    # calling API → accepted function kinds
    "useQuery": ("query",), "runQuery": ("query",), "usePaginatedQuery": ("query",),
    "fetchQuery": ("query",), "preloadQuery": ("query",), "useQueries": ("query",),
    "onUpdate": ("query",), "watchQuery": ("query",), "prefetchQuery": ("query",),
    "runMutation": ("mutation",), "useMutation": ("mutation",), "fetchMutation": ("mutation",),
    "runAction": ("action",), "useAction": ("action",), "fetchAction": ("action",),
    "runAfter": ("mutation", "action"), "runAt": ("mutation", "action"),
    "interval": ("mutation", "action"), "hourly": ("mutation", "action"), "daily": ("mutation", "action"),
    "weekly": ("mutation", "action"), "monthly": ("mutation", "action"), "cron": ("mutation", "action"),
}
# Which argument of a consumer is the function reference (default: the first).
REF_ARG = {"runAfter": (1,), "runAt": (1,), "interval": (2,), "daily": (2,), "weekly": (2,), "monthly": (2,),
           "cron": (2,), "hourly": (1, 2)}
REF_ROOTS = ("api", "internal", "components")
_MAX_SCAN = 400_000  # bytes scanned back from the cursor at most (a giant statement)

# --------------------------------------------------------------------------- tokenizer

_TOK = re.compile(
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
_TPL = re.compile(rb"(?:[^`\\$]|\\.|\$(?!\{))*", re.S)
_REGEX = re.compile(rb"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[A-Za-z]*")
_REGEX_AFTER_ID = frozenset(
    {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof"}
)
_CLOSE = {b")": "(", b"]": "[", b"}": "{"}
_BLOCK_AFTER_ID = frozenset({"else", "try", "finally", "do"})
_EXPR_KEYWORDS = frozenset(
    {"return", "await", "const", "let", "var", "new", "typeof", "void", "delete", "throw", "yield", "in", "of",
     "instanceof", "case", "export", "import", "default", "extends", "function", "class", "async", "type", "interface"}
)


class Tok:
    """A token or a closed group. t: id | str | num | p | grp | tpl | rx. For grp, v is the opener."""

    __slots__ = ("t", "v", "s", "e", "args", "closed")

    def __init__(self, t: str, v, s: int, e: int, args=None, closed: bool = True) -> None:
        self.t, self.v, self.s, self.e, self.args, self.closed = t, v, s, e, args, closed

    def __repr__(self) -> str:  # debugging aid
        return f"Tok({self.t},{self.v!r})"


class Frame:
    __slots__ = ("opener", "s", "callee", "args", "cur", "block", "tpl")

    def __init__(self, opener: str, s: int, callee: list, block: bool = False, tpl: bool = False) -> None:
        self.opener = opener
        self.s = s
        self.callee = callee  # chain links of the expression this bracket applies to
        self.args: list[list[Tok]] = []
        self.cur: list[Tok] = []
        self.block = block
        self.tpl = tpl  # a `${` of a template literal


class Scan:
    """Result of scanning [start, offset): the open frames and the token touching the cursor."""

    __slots__ = ("frames", "open_string", "in_other", "last")

    def __init__(self) -> None:
        self.frames: list[Frame] = [Frame("", 0, [], block=True)]
        self.open_string: Tok | None = None  # unterminated string ending at the cursor
        self.in_other = False  # cursor inside a comment, template text or regex
        self.last: Tok | None = None  # last token (identifier touching the cursor, ...)


def chain(items: list[Tok]) -> list[tuple[str, object]]:
    """The member/call chain ending the item list: [("root", "ctx"), ("prop", "db"), ("call", grp), ...]."""
    out: list[tuple[str, object]] = []
    i = len(items) - 1
    while i >= 0:
        it = items[i]
        if it.t == "grp" and it.v == "(" and i > 0 and _is_operand_end(items[i - 1]):
            out.append(("call", it))
            i -= 1
            continue
        if it.t == "grp" and it.v == "[" and i > 0 and _is_operand_end(items[i - 1]):
            out.append(("index", it))
            i -= 1
            continue
        if it.t == "p" and it.v == "!" and out and i > 0 and _is_operand_end(items[i - 1]):
            i -= 1  # non-null assertion
            continue
        if it.t == "id":
            if i > 0 and items[i - 1].t == "p" and items[i - 1].v in (".", "?."):
                out.append(("prop", it.v))
                i -= 2
                continue
            out.append(("root", it.v))
            break
        out.append(("root", it))
        break
    out.reverse()
    return out


def _is_operand_end(t: Tok) -> bool:
    if t.t in ("str", "num", "tpl", "grp"):
        return t.t != "grp" or t.v in ("(", "[")
    if t.t == "id":
        return t.v not in _EXPR_KEYWORDS
    return t.t == "p" and t.v == "!"


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
    match = _TOK.match
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
    key = None
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
    m = _TPL.match(data, pos, end)
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


# --------------------------------------------------------------------------- chain helpers


def _method(ch: list[tuple[str, object]]) -> str | None:
    if not ch:
        return None
    k, v = ch[-1]
    return v if k in ("prop", "root") and isinstance(v, str) else None


def _dotted(ch: list[tuple[str, object]]) -> str:
    """`ctx.db.system.get` from a chain (calls dropped)."""
    return ".".join(v for k, v in ch if k in ("root", "prop") and isinstance(v, str))


def _first_str(grp: Tok, argi: int = 0) -> str | None:
    if grp.args is None or len(grp.args) <= argi:
        return None
    arg = grp.args[argi]
    if len(arg) == 1 and arg[0].t == "str":
        return arg[0].v
    return None


def _arg_str(fr: Frame, argi: int) -> str | None:
    args = fr.args + [fr.cur]
    if len(args) <= argi:
        return None
    arg = args[argi]
    return arg[0].v if len(arg) == 1 and arg[0].t == "str" else None


def chain_table(ch: list[tuple[str, object]]) -> str | None:
    """The table of a query chain: the string argument of the last `.query("t")` call."""
    table = None
    for i, (k, v) in enumerate(ch):
        if k in ("prop", "root") and v == "query" and i + 1 < len(ch) and ch[i + 1][0] == "call":
            table = _first_str(ch[i + 1][1])  # type: ignore[arg-type]
    return table


def _builder_calls(ch: list[tuple[str, object]]) -> tuple[tuple[str, str | None], ...]:
    """(method, first string arg) of each call in a `q.eq("a", x).gt("b", y)` chain."""
    out = []
    for i, (k, v) in enumerate(ch):
        if k == "prop" and i + 1 < len(ch) and ch[i + 1][0] == "call":
            out.append((v, _first_str(ch[i + 1][1])))  # type: ignore[arg-type]
    return tuple(out)


def _obj_keys(args: list[list[Tok]]) -> list[str]:
    out = []
    for arg in args:
        if not arg:
            continue
        a0 = arg[0]
        if a0.t in ("id", "str") and len(arg) >= 2 and arg[1].t == "p" and arg[1].v == ":":
            out.append(a0.v)
        elif a0.t == "id" and (len(arg) == 1 or (arg[1].t == "grp" and arg[1].v == "(")):
            out.append(a0.v)  # shorthand or method
    return out


def _key_of(items: list[Tok]) -> str | None:
    """`key:` at the start of an object entry whose value is being written."""
    if len(items) >= 2 and items[0].t in ("id", "str") and items[1].t == "p" and items[1].v == ":":
        return items[0].v
    return None


# --------------------------------------------------------------------------- entry point

_STMT_KW = re.compile(rb"^(?:export|import|const|let|var|function|async|class|interface|type|declare|enum)\b", re.M)
_ID_AFTER = re.compile(rb"[A-Za-z0-9_$\x80-\xff]*")
_WORD_AFTER = re.compile(rb"[A-Za-z0-9_$.:/\-\x80-\xff]*")


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


def context_at(data: bytes, offset: int, tree=None) -> CompletionContext | None:
    """The completion context at byte `offset` of `data`, or None."""
    offset = max(0, min(offset, len(data)))
    try:
        start = statement_start(data, offset, tree)
        st = scan(data, start, offset, tree)
        return _classify(st, data, offset, tree)
    except Exception:  # noqa: BLE001 - completion must never fail the request
        return None


def _classify(st: Scan, data: bytes, offset: int, tree) -> CompletionContext | None:
    if st.in_other:
        return None
    frames = st.frames
    top = frames[-1]
    if st.open_string is not None:
        tok = st.open_string
        m = _WORD_AFTER.match(data, offset)
        end = m.end() if m else offset
        rng = TextRange(tok.s + 1, end)
        return _string_context(frames, top, tok.v, rng, data, offset, tree)
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
        return _member_context(frames, top, cur[:-1], partial, rng, cur[-1])
    return _ident_context(frames, top, cur, partial, rng, data, offset, tree)


def _string_context(frames, top: Frame, partial: str, rng: TextRange, data: bytes, offset: int, tree):
    cur = top.cur
    mk = lambda kind, **kw: CompletionContext(kind, partial, rng, quoted=True, **kw)  # noqa: E731
    if top.opener == "(" and not cur:
        ch = top.callee
        argi = len(top.args)
        method = _method(ch)
        if method is None:
            return None
        recv = ch[:-1]
        recv_names = _dotted(recv)
        if argi == 0 and method in DB_TABLE_METHODS and _is_db(recv_names):
            system = recv_names.endswith("system")
            return mk("table", call=("db.system." if system else "db.") + method)
        if argi == 0 and method in ("id", "doc") and len(recv) == 1 and recv[0][1] in ("v", "vv", "schema"):
            if method == "doc" and recv[0][1] == "v":
                return None
            return mk("table", call=f"{recv[0][1]}.{method}")
        if argi == 0 and method == "zid" and not recv:
            return mk("table", call="zid")
        if method == "vectorSearch":
            if argi == 0:
                return mk("table", call="vectorSearch")
            if argi == 1:
                return mk("index", call="vectorSearch", table=_arg_str(top, 0), index_kind="vector")
            return None
        if argi == 0 and method in ("withIndex", "withSearchIndex"):
            kind = "db" if method == "withIndex" else "search"
            return mk("index", call=method, table=chain_table(recv), index_kind=kind)
        if argi == 0 and (method in RANGE_METHODS or method == "field") and recv:
            return _builder_field(frames, ch, method, mk)
        return None
    if top.opener == "[" and not cur and len(frames) >= 2:
        parent = frames[-2]
        present = tuple(t.v for arg in top.args for t in arg if t.t == "str")
        if parent.opener == "(" and len(parent.args) == 1 and _method(parent.callee) == "index":
            return _schema_field(frames, len(frames) - 2, "index", present, mk)
        key = _key_of(parent.cur)
        if parent.opener == "{" and key in ("fields", "filterFields") and len(frames) >= 3:
            gp = frames[-3]
            if gp.opener == "(" and len(gp.args) == 1 and _method(gp.callee) in ("index", "searchIndex", "vectorIndex"):
                return _schema_field(frames, len(frames) - 3, f"{_method(gp.callee)}.{key}", present, mk)
        return None
    if top.opener == "{" and not top.block:
        key = _key_of(cur) if len(cur) == 2 else None
        if key in ("searchField", "vectorField") and len(frames) >= 2:
            parent = frames[-2]
            if parent.opener == "(" and len(parent.args) == 1 and _method(parent.callee) in ("searchIndex", "vectorIndex"):
                return _schema_field(frames, len(frames) - 2, f"{_method(parent.callee)}.{key}", (), mk)
        if not cur:
            dk = _doc_key(frames, len(frames) - 1, data, offset, tree)
            if dk is not None:
                table, path, present = dk
                return mk("doc_key", table=table, path=path, present=present)
    return None


def _is_db(names: str) -> bool:
    return names == "db" or names.endswith(".db") or names == "db.system" or names.endswith(".db.system")


def _is_table_chain(ch) -> bool:
    return any(v == "defineTable" for _, v in ch) or any(v == "Table" for _, v in ch)


def _builder_field(frames: list[Frame], ch, method: str, mk):
    """`q.eq("…")` / `q.field("…")` inside a withIndex / withSearchIndex / filter / vectorSearch callback."""
    previous = _builder_calls(ch)  # the current method has no call group yet, so it is not included
    for k in range(len(frames) - 2, 0, -1):
        fr = frames[k]
        if fr.opener != "(":
            continue
        m = _method(fr.callee)
        if m in ("withIndex", "withSearchIndex") and len(fr.args) == 1:
            if method == "field":
                return None
            idx = _arg_str(fr, 0)
            table = chain_table(fr.callee[:-1])
            return mk("index_field", call=method, table=table, index=idx,
                      index_kind="db" if m == "withIndex" else "search", previous=previous)
        if m == "filter":
            if method != "field":
                return None
            return mk("filter_field", call="field", table=chain_table(fr.callee[:-1]))
        if m in ("vectorSearch",) and len(fr.args) == 2:
            if method != "eq":
                return None
            return mk("index_field", call="eq", table=_arg_str(fr, 0), index=_arg_str(fr, 1),
                      index_kind="vector", previous=previous)
    return None


def _schema_field(frames: list[Frame], call_k: int, slot: str, present: tuple[str, ...], mk):
    """A field string inside `.index(...)`/`.searchIndex(...)`/`.vectorIndex(...)` of schema code."""
    fr = frames[call_k]
    ch = fr.callee[:-1]
    if not _is_table_chain(ch):
        return None
    keys: tuple[str, ...] = ()
    for i, (k, v) in enumerate(ch):
        if v == "defineTable" and i + 1 < len(ch) and ch[i + 1][0] == "call":
            grp = ch[i + 1][1]
            if grp.args and grp.args[0] and grp.args[0][0].t == "grp" and grp.args[0][0].v == "{":  # type: ignore[union-attr]
                keys = tuple(_obj_keys(grp.args[0][0].args))  # type: ignore[union-attr]
    anchor = _table_anchor(frames, call_k)
    return mk("schema_field", call=slot, anchor=anchor, present=present, keys=keys)


def _table_anchor(frames: list[Frame], k: int) -> str | None:
    """The key (`posts: defineTable(...)`) or const name (`const posts = defineTable(...)`) around frame k."""
    if k < 1:
        return None
    parent = frames[k - 1]
    key = _key_of(parent.cur)
    if parent.opener == "{" and key is not None:
        if k >= 2:
            gp = frames[k - 2]
            if gp.opener == "(" and _method(gp.callee) == "defineSchema":
                return key
            const = _declared_name(gp.cur)
            if const is not None:
                return f"{const}.{key}"
        return key
    return _declared_name(parent.cur)


def _declared_name(items: list[Tok]) -> str | None:
    for i in range(len(items) - 1):
        if items[i].t == "id" and items[i + 1].t == "p" and items[i + 1].v == "=" and i >= 1 and items[i - 1].t == "id" \
                and items[i - 1].v in ("const", "let", "var"):
            return items[i].v
    return None


def _doc_key(frames: list[Frame], k: int, data: bytes, offset: int, tree):
    """(table, key path, keys present) when frame k is the document object of insert/patch/replace."""
    path: list[str] = []
    j = k
    while j >= 1:
        fr = frames[j]
        parent = frames[j - 1]
        if fr.opener != "{" or fr.block:
            return None
        if parent.opener == "(" and not parent.cur:
            m = _method(parent.callee)
            recv = _dotted(parent.callee[:-1])
            argi = len(parent.args)
            if not _is_db(recv):
                return None
            if (m == "insert" and argi == 1) or (m in ("patch", "replace") and argi == 2):
                table = _arg_str(parent, 0)
                if table is None:
                    return None
                present = list(_obj_keys(frames[k].args + [frames[k].cur]))
                present += _keys_after(data, offset)
                return table, tuple(reversed(path)), tuple(dict.fromkeys(present))
            return None
        key = _key_of(parent.cur)
        if parent.opener != "{" or key is None:
            return None
        path.append(key)
        j -= 1
    return None


def _keys_after(data: bytes, offset: int, limit: int = 20_000) -> list[str]:
    """Keys of the object literal that follow the cursor, up to its closing brace."""
    end = min(len(data), offset + limit)
    depth = 0
    entry: list[tuple[str, bytes]] = []  # significant tokens of the current depth-0 entry
    out: list[str] = []
    pos = offset
    match = _TOK.match

    def flush() -> None:
        if len(entry) >= 2 and entry[0][0] in ("id", "dq", "sq") and entry[1] == ("p", b":"):
            out.append(_tok_text(entry[0]))
        elif len(entry) == 1 and entry[0][0] == "id":
            out.append(_tok_text(entry[0]))

    while pos < end:
        m = match(data, pos, end)
        if m is None:
            break
        g = m.lastgroup
        g = "dq" if g == "dqe" else "sq" if g == "sqe" else g
        pos = m.end()
        if g in ("ws", "lc", "bc"):
            continue
        if g == "bt":
            tm = _TPL.match(data, pos, end)
            pos = (tm.end() if tm else pos) + 1
            continue
        text = data[m.start() : m.end()]
        if g == "p" and text in (b"(", b"[", b"{"):
            depth += 1
        elif g == "p" and text in (b")", b"]", b"}"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and g == "p" and text in (b",", b";"):
            flush()
            entry = []
            continue
        if depth == 0:
            entry.append((g, text))
    if depth == 0:
        flush()
    return out


def _tok_text(tok: tuple[str, bytes]) -> str:
    kind, text = tok
    if kind in ("dq", "sq"):
        text = text[1:-1] if len(text) >= 2 and text[-1:] == text[:1] else text[1:]
    return text.decode("utf-8", "replace")


def _member_context(frames, top: Frame, recv_items: list[Tok], partial: str, rng: TextRange, dot: Tok):
    ch = chain(recv_items)
    if not ch:
        return None
    root = ch[0][1]
    if isinstance(root, str) and root in REF_ROOTS and all(k == "prop" for k, _ in ch[1:]):
        segs = tuple(v for _, v in ch[1:])  # type: ignore[misc]
        return CompletionContext("function_ref", partial, rng, root=root, path=segs, consumer=_consumer(frames))  # type: ignore[arg-type]
    if len(ch) == 1 and root == "v":
        return CompletionContext("validator", partial, rng)
    if _is_table_chain(ch) and ch[-1][0] == "call":
        return CompletionContext("chain_snippet", partial, TextRange(dot.s, rng.end))
    return None


def _consumer(frames: list[Frame]) -> str | None:
    """The calling API when the cursor is in its function-reference argument."""
    top = frames[-1]
    if top.opener != "(":
        return None
    m = _method(top.callee)
    if m not in CONSUMERS or len(top.args) not in REF_ARG.get(m, (0,)):
        return None
    return m


def _ident_context(frames, top: Frame, cur: list[Tok], partial: str, rng: TextRange, data: bytes, offset: int, tree):
    if top.opener == "(" and not cur:
        m = _consumer(frames)
        return CompletionContext("ref_root", partial, rng, consumer=m) if m is not None else None
    if top.opener == "{" and not top.block and not cur:
        dk = _doc_key(frames, len(frames) - 1, data, offset, tree)
        if dk is not None:
            table, path, present = dk
            return CompletionContext("doc_key", partial, rng, table=table, path=path, present=present)
        if len(frames) >= 2 and frames[-2].opener == "(" and _method(frames[-2].callee) == "defineSchema":
            return CompletionContext("schema_entry", partial, rng)
        return None
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
        return last.v not in _EXPR_KEYWORDS
    return True
