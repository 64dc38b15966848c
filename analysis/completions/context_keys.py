"""Completion contexts for keys of the document object of `ctx.db.insert` / `patch` / `replace`."""

from __future__ import annotations

from ..text import TextRange
from .data import CompletionContext
from .scanner import TEMPLATE_TEXT, TOKEN
from .tokens import Frame, arg_str, dotted, is_db, key_of, method_name, obj_keys


def doc_key_context(frames: list[Frame], partial: str, rng: TextRange, data: bytes, offset: int,
                    quoted: bool = False) -> CompletionContext | None:
    """A `doc_key` context when the innermost frame is (nested in) a document object, else None."""
    dk = doc_key(frames, len(frames) - 1, data, offset)
    if dk is None:
        return None
    table, path, present = dk
    return CompletionContext("doc_key", partial, rng, quoted=quoted, table=table, path=path, present=present)


def doc_key(frames: list[Frame], k: int, data: bytes, offset: int):
    """(table, key path, keys present) when frame k is the document object of insert/patch/replace."""
    path: list[str] = []
    j = k
    while j >= 1:
        fr = frames[j]
        parent = frames[j - 1]
        if fr.opener != "{" or fr.block:
            return None
        if parent.opener == "(" and not parent.cur:
            m = method_name(parent.callee)
            recv = dotted(parent.callee[:-1])
            argi = len(parent.args)
            if not is_db(recv):
                return None
            if (m == "insert" and argi == 1) or (m in ("patch", "replace") and argi == 2):
                table = arg_str(parent, 0)
                if table is None:
                    return None
                present = list(obj_keys(frames[k].args + [frames[k].cur]))
                present += keys_after(data, offset)
                return table, tuple(reversed(path)), tuple(dict.fromkeys(present))
            return None
        key = key_of(parent.cur)
        if parent.opener != "{" or key is None:
            return None
        path.append(key)
        j -= 1
    return None


def keys_after(data: bytes, offset: int, limit: int = 20_000) -> list[str]:
    """Keys of the object literal that follow the cursor, up to its closing brace."""
    end = min(len(data), offset + limit)
    depth = 0
    entry: list[tuple[str, bytes]] = []  # significant tokens of the current depth-0 entry
    out: list[str] = []
    pos = offset
    match = TOKEN.match

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
            tm = TEMPLATE_TEXT.match(data, pos, end)
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
