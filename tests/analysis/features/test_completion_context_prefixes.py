"""The completion context over EVERY prefix of realistic lines.

For each line, every prefix `line[:i]` is placed in a handler body and the text is cut at the
cursor (what the buffer holds while the user types, with ERROR nodes in the tree). The context must
be exactly the expected one: inside the table/index/field strings the right kind with the typed
partial, at the line start a statement, and nothing anywhere else. The same holds with the rest of
the line after the cursor (editing in the middle, or auto-closed quotes), where the replace range
must cover the whole word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from convex_lsp.analysis.completions import context_at
from convex_lsp.analysis.syntax import parse

PRE = "export const f = mutation({\n  handler: async (ctx, args) => {\n    // çà et là 😀\n    "
POST = "\n  },\n});\n"


def in_string(line: str, needle: str, kind: str, start_at: int = 0, **attrs):
    """Span of the content of the quoted `needle` (found after start_at): every prefix ending inside it."""
    i = line.index(needle, start_at)
    s, e = i + 1, i + len(needle) - 1
    return (s, e, kind, attrs)


def after(line: str, needle: str, kind: str, **attrs):
    """Span of the identifier that follows `needle` (e.g. `internal.`)."""
    s = line.index(needle) + len(needle)
    e = s
    while e < len(line) and (line[e].isalnum() or line[e] in "_$"):
        e += 1
    return (s, e, kind, attrs)


def leading_ident(line: str) -> int:
    e = 0
    while e < len(line) and (line[e].isalnum() or line[e] in "_$"):
        e += 1
    return e


L1 = 'const m = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channelId", args.c)).take(10);'
L2 = 'await ctx.db.insert("messages", { channelId: args.c, body: "héllo 😀" });'
L3 = "await ctx.scheduler.runAfter(0, internal.messages.notify, { id });"
L4 = 'const rows = await ctx.db.query("messages").filter((q) => q.eq(q.field("meta.likes"), 3)).collect();'
L5 = 'const r = await ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", "x").eq("channelId", c)).take(5);'
L6 = 'const id = v.id("users"); const t = await ctx.db.get("users", id);'
L7 = 'const doc = await ctx.db.system.get("_storage", args.storageId);'
L8 = 'const x = await ctx.runQuery(api.messages.list, { channelId: c }); const s = `a ${ctx.db.query("t")} b`;'

CASES = {
    "withIndex": (L1, [
        in_string(L1, '"messages"', "table", call="db.query"),
        in_string(L1, '"by_channel"', "index", table="messages", index_kind="db"),
        in_string(L1, '"channelId"', "index_field", table="messages", index="by_channel", call="eq", previous=()),
    ]),
    "insert": (L2, [
        in_string(L2, '"messages"', "table", call="db.insert"),
        (L2.index("{") + 1, L2.index("{") + 1, "doc_key", {"table": "messages"}),
        (L2.index("{") + 2, L2.index("{") + 2 + len("channelId"), "doc_key", {"table": "messages"}),
        (L2.index("body"), L2.index("body") + 4, "doc_key", {"table": "messages", "present": ("channelId",)}),
        (L2.index(", body") + 1, L2.index(", body") + 1, "doc_key", {"table": "messages"}),
    ]),
    "runAfter": (L3, [
        (L3.index("0, ") + 2, L3.index("0, ") + 2, "ref_root", {"consumer": "runAfter"}),
        (L3.index("internal"), L3.index("internal") + len("internal"), "ref_root", {"consumer": "runAfter"}),
        after(L3, "internal.", "function_ref", root="internal", path=(), consumer="runAfter"),
        after(L3, "internal.messages.", "function_ref", root="internal", path=("messages",), consumer="runAfter"),
    ]),
    "filter": (L4, [
        in_string(L4, '"messages"', "table", call="db.query"),
        in_string(L4, '"meta.likes"', "filter_field", table="messages"),
    ]),
    "search": (L5, [
        in_string(L5, '"messages"', "table", call="db.query"),
        in_string(L5, '"search_body"', "index", table="messages", index_kind="search"),
        in_string(L5, '"body"', "index_field", table="messages", index="search_body", call="search", previous=()),
        in_string(L5, '"channelId"', "index_field", table="messages", index="search_body", call="eq",
                  previous=(("search", "body"),)),
    ]),
    "v.id and get": (L6, [
        after(L6, "v.", "validator"),
        in_string(L6, '"users"', "table", call="v.id"),
        in_string(L6, '"users"', "table", start_at=L6.index("get"), call="db.get"),
    ]),
    "system": (L7, [in_string(L7, '"_storage"', "table", call="db.system.get")]),
    "runQuery": (L8, [
        (L8.index("(api") + 1, L8.index("(api") + 4, "ref_root", {"consumer": "runQuery"}),
        after(L8, "api.", "function_ref", root="api", path=(), consumer="runQuery"),
        after(L8, "api.messages.", "function_ref", root="api", path=("messages",), consumer="runQuery"),
        in_string(L8, '"t"', "table", call="db.query"),  # inside a template substitution
    ]),
}


def expected_at(line: str, spans, i: int):
    for s, e, kind, attrs in spans:
        if s <= i <= e:
            return kind, line[s:i], attrs
    if i <= leading_ident(line):
        return "statement", line[:i], {}
    return None


def check_context(ctx, want, line, i):
    if want is None:
        assert ctx is None, f"prefix {line[:i]!r}: unexpected {ctx}"
        return
    kind, partial, attrs = want
    assert ctx is not None, f"prefix {line[:i]!r}: expected {kind}, got None"
    assert (ctx.kind, ctx.partial) == (kind, partial), f"prefix {line[:i]!r}: {ctx}"
    for k, v in attrs.items():
        assert getattr(ctx, k) == v, f"prefix {line[:i]!r}: {k}={getattr(ctx, k)!r}, expected {v!r}"


@pytest.mark.parametrize("name", list(CASES))
def test_every_prefix_cut_at_the_cursor(name):
    line, spans = CASES[name]
    for i in range(len(line) + 1):
        text = (PRE + line[:i]).encode("utf-8")
        offset = len(text)
        ctx = context_at(text, offset, parse("convex/x.ts", text))
        check_context(ctx, expected_at(line, spans, i), line, i)
        if ctx is not None:
            assert ctx.replace.end == offset
            assert text[ctx.replace.start : ctx.replace.end].decode("utf-8") == ctx.partial


@pytest.mark.parametrize("name", list(CASES))
def test_every_position_of_the_complete_line(name):
    line, spans = CASES[name]
    full = (PRE + line + POST).encode("utf-8")
    tree = parse("convex/x.ts", full)
    base = len(PRE.encode("utf-8"))
    for i in range(len(line) + 1):
        offset = base + len(line[:i].encode("utf-8"))
        ctx = context_at(full, offset, tree)
        want = expected_at(line, spans, i)
        if want is not None and want[0] == "doc_key":
            want = (want[0], want[1], {"table": "messages"})  # keys after the cursor count as present
        check_context(ctx, want, line, i)
        if ctx is not None and want is not None:
            for s, e, _kind, _attrs in spans:
                if s <= i <= e:  # the whole word is replaced
                    assert ctx.replace == __import__("convex_lsp.analysis.text", fromlist=["TextRange"]).TextRange(
                        base + len(line[:s].encode("utf-8")), base + len(line[:e].encode("utf-8")))


def test_insert_keys_after_cursor_are_present():
    line = L2
    full = (PRE + line + POST).encode("utf-8")
    offset = len((PRE + line[: line.index("{") + 1]).encode("utf-8"))
    ctx = context_at(full, offset, parse("convex/x.ts", full))
    assert ctx.kind == "doc_key" and set(ctx.present) == {"channelId", "body"}


def test_every_offset_of_the_example_project_is_safe():
    root = Path(__file__).resolve().parents[3] / "examples"
    files = sorted(root.rglob("*.ts")) + sorted(root.rglob("*.tsx"))
    assert files
    kinds = set()
    for f in files:
        data = f.read_bytes()
        tree = parse(str(f), data)
        for off in range(0, len(data) + 1, 3):
            ctx = context_at(data, off, tree)
            if ctx is not None:
                kinds.add(ctx.kind)
                assert ctx.replace.start <= off <= ctx.replace.end
    assert {"table", "index", "index_field", "function_ref", "statement"} <= kinds


def test_garbage_never_raises():
    samples = [b"", b"(", b")", b"]]]}}}", b'"', b"`${", b"`${`${", b"/", b"/*", b"a./", b"x = /[/", b"\xff\xfe(",
               b'ctx.db.query("\\', b"q.eq(\"", b"{ a: [ ( `", b"api.", b"v."]
    for s in samples:
        for off in range(len(s) + 1):
            context_at(s, off, parse("x.ts", s))
            context_at(s, off, None)
