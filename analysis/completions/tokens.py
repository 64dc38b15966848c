"""Tokens, bracket frames and member/call chains the completion scanner produces and the context
detectors read (`ctx.db.query("t").withIndex` → [("root", "ctx"), ("prop", "db"), ...])."""

from __future__ import annotations

EXPR_KEYWORDS = frozenset(
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
        return t.v not in EXPR_KEYWORDS
    return t.t == "p" and t.v == "!"


# --------------------------------------------------------------------------- chain helpers


def method_name(ch: list[tuple[str, object]]) -> str | None:
    if not ch:
        return None
    k, v = ch[-1]
    return v if k in ("prop", "root") and isinstance(v, str) else None


def dotted(ch: list[tuple[str, object]]) -> str:
    """`ctx.db.system.get` from a chain (calls dropped)."""
    return ".".join(v for k, v in ch if k in ("root", "prop") and isinstance(v, str))


def _first_str(grp: Tok, argi: int = 0) -> str | None:
    if grp.args is None or len(grp.args) <= argi:
        return None
    arg = grp.args[argi]
    if len(arg) == 1 and arg[0].t == "str":
        return arg[0].v
    return None


def arg_str(fr: Frame, argi: int) -> str | None:
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


def builder_calls(ch: list[tuple[str, object]]) -> tuple[tuple[str, str | None], ...]:
    """(method, first string arg) of each call in a `q.eq("a", x).gt("b", y)` chain."""
    out = []
    for i, (k, v) in enumerate(ch):
        if k == "prop" and i + 1 < len(ch) and ch[i + 1][0] == "call":
            out.append((v, _first_str(ch[i + 1][1])))  # type: ignore[arg-type]
    return tuple(out)


def obj_keys(args: list[list[Tok]]) -> list[str]:
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


def key_of(items: list[Tok]) -> str | None:
    """`key:` at the start of an object entry whose value is being written."""
    if len(items) >= 2 and items[0].t in ("id", "str") and items[1].t == "p" and items[1].v == ":":
        return items[0].v
    return None


def is_db(names: str) -> bool:
    """Is a dotted receiver (`ctx.db`, `db.system`) the database reader/writer?"""
    return names == "db" or names.endswith(".db") or names == "db.system" or names.endswith(".db.system")


def is_table_chain(ch) -> bool:
    return any(v == "defineTable" for _, v in ch) or any(v == "Table" for _, v in ch)
