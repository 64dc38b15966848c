"""Incrementality: early cut-off, and incremental == from scratch (differential property test).

The files are the `basic` fixture's, held under a virtual root (the host never reads the disk).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from convex_lsp.analysis.discovery import ConvexRoot
from convex_lsp.analysis.host import AnalysisHost
from convex_lsp.analysis.model_json import model_json
from convex_lsp.analysis.syntax import parse

BASIC = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "basic" / "convex"
ROOT = ConvexRoot("/ws", "/ws/convex", "app", "package.json")
FILES = {f"/ws/convex/{p.name}": p.read_bytes() for p in sorted(BASIC.glob("*.ts"))}
SCHEMA, TASKS, USERS = "/ws/convex/schema.ts", "/ws/convex/tasks.ts", "/ws/convex/users.ts"


def _host(files: dict[str, bytes], **kw) -> AnalysisHost:
    host = AnalysisHost(**kw)
    host.set_roots([ROOT])
    for p, data in files.items():
        host.set_file(p, data)
    return host


def _insert(host: AnalysisHost, path: str, anchor: bytes, text: bytes, after: bool = True) -> None:
    data = host.snapshot().text(path)
    i = data.index(anchor) + (len(anchor) if after else 0)
    host.edit_file(path, i, i, text)


# ----------------------------------------------------------------------------- early cut-off
def test_body_edit_keeps_the_model():
    three = {p: FILES[p] for p in (SCHEMA, TASKS, USERS)}
    host = _host(three)
    model = host.snapshot().project(ROOT)
    assert host.rebuilds == 1
    iface = host.snapshot().summary(TASKS).interface

    # one character inside a handler body
    _insert(host, TASKS, b'throw new Error("Not signed in', b"!")
    snap = host.snapshot()
    assert snap.project(ROOT) is model
    assert host.rebuilds == 1
    assert snap.summary(TASKS).interface == iface
    assert b'Not signed in!"' in snap.text(TASKS)

    # a body edit that changes a use (not the interface): uses follow, the model stays
    _insert(host, TASKS, b'.withSearchIndex("search_title', b"X")
    snap = host.snapshot()
    assert snap.project(ROOT) is model and host.rebuilds == 1
    assert any(u.kind == "index" and u.name == "search_titleX" for u in snap.summary(TASKS).uses)

    # whitespace between top-level statements
    _insert(host, USERS, b"\n", b"\n\n")
    assert host.snapshot().project(ROOT) is model and host.rebuilds == 1


def test_schema_edit_and_new_export_rebuild_the_model():
    host = _host({p: FILES[p] for p in (SCHEMA, TASKS, USERS)})
    m1 = host.snapshot().project(ROOT)
    assert host.rebuilds == 1

    _insert(host, SCHEMA, b"users: defineTable({", b"\n    nickname: v.optional(v.string()),")
    m2 = host.snapshot().project(ROOT)
    assert host.rebuilds == 2
    assert "nickname" in m2.table("users").field_names()
    assert "nickname" not in m1.table("users").field_names()

    host.edit_file(USERS, len(host.snapshot().text(USERS)), len(host.snapshot().text(USERS)),
                   b"\nexport const ping = query({ args: {}, handler: async () => 1 });\n")
    m3 = host.snapshot().project(ROOT)
    assert host.rebuilds == 3
    assert m3.function("api.users.ping") is not None and m2.function("api.users.ping") is None

    # snapshots taken before an edit keep their model and text
    old = host.snapshot()
    _insert(host, USERS, b"export const ping", b"2")
    assert old.project(ROOT) is m3
    assert host.snapshot().project(ROOT).function("api.users.ping2") is not None
    assert b"ping2" not in old.text(USERS)


def test_remove_file_rebuilds():
    host = _host({p: FILES[p] for p in (SCHEMA, TASKS, USERS)})
    assert host.snapshot().project(ROOT).function("api.users.me") is not None
    host.remove_file(USERS)
    assert host.snapshot().project(ROOT).function("api.users.me") is None


# ----------------------------------------------------------------------------- differential
SNIPPETS = [
    b"{", b"}", b'"', b"'", b"`", b"(", b")", b"[", b"]", b"\n", b"\r\n", b";", b",", b".", b"=", b":", b" ",
    "😀".encode(), "é".encode(), b"/*", b"*/", b"//", b"${", b"<", b">", b"\\",
    b"export ", b"const ", b"async ", b"import ", b"default ",
    b"export const f = query({ args: {}, handler: async (ctx) => null });\n",
    b'export const g = internalMutation({ args: { id: v.id("tasks") }, handler: async (ctx, { id }) => { await ctx.db.delete(id); } });\n',
    b'ctx.db.query("tasks").withIndex("by_ownerId", (q) => q.eq("ownerId", x)).collect()',
    b'defineTable({ a: v.string() }).index("by_a", ["a"])',
    b'extra: defineTable({ b: v.number() }),\n',
    b'v.optional(v.id("users"))', b"args: { x: v.number() },", b"handler: async (ctx) => {",
    b'import { query } from "./_generated/server";\n', b"api.tasks.list", b"internal.", b'"use node";\n',
    b'crons.interval("x", { minutes: 1 }, internal.tasks.purgeDone);\n',
    b'http.route({ path: "/p", method: "GET", handler: httpAction(async () => new Response()) });\n',
]

# An edit: (start as a fraction of the file, bytes to delete, text to insert). Every example applies
# its edit sequence to every file of the project, so one example exercises six edit histories.
_edit = st.tuples(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.one_of(st.just(0), st.integers(min_value=0, max_value=40)),
    st.one_of(st.just(b""), st.sampled_from(SNIPPETS), st.lists(st.sampled_from(SNIPPETS), max_size=4).map(b"".join)),
)


def _fingerprint(host: AnalysisHost) -> dict:
    snap = host.snapshot()
    files = {}
    for p in sorted(snap.paths()):
        s = snap.summary(p)
        files[p] = (s.interface, s.locations, s.uses, s.has_errors, str(snap.tree(p).root_node))
    model = json.dumps(model_json([snap.project(ROOT)], "/ws", snap), sort_keys=True)
    return {"files": files, "model": model}


def _check_against_fresh(inc: AnalysisHost) -> None:
    final = {p: inc.snapshot().text(p) for p in FILES}
    a, b = _fingerprint(inc), _fingerprint(_host(final))
    for p in FILES:
        ia, la, ua, ea, ta = a["files"][p]
        ib, lb, ub, eb, tb = b["files"][p]
        assert ta == tb, f"{p}: syntax tree differs (rules read it)"
        assert ia == ib, f"{p}: interface differs"
        assert la == lb, f"{p}: locations differ"
        assert ua == ub, f"{p}: uses differ"
        assert ea == eb, f"{p}: has_errors differs"
    assert a["model"] == b["model"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_edit, min_size=1, max_size=16))
def test_incremental_equals_fresh(edits):
    inc = _host(FILES)
    for i, (frac, delete, text) in enumerate(edits):
        for path in FILES:
            data = inc.snapshot().text(path)
            start = int(frac * len(data))
            inc.edit_file(path, start, start + delete, text)
        if i % 3 == 0:
            inc.snapshot().project(ROOT)  # exercise model caching between edits
    _check_against_fresh(inc)


# Edit histories (found by the property above) after which tree-sitter's incremental error recovery
# gave a different tree than a fresh parse of the same text; the host must not depend on it.
REGRESSIONS = [
    (TASKS, [(666, 0, b"`args: { x: v.number() },default "), (1812, 39, b"\\")]),
    (SCHEMA, [(283, 0, b"\n,`"), (1294, 0, b"<\\/*")]),
    (TASKS, [(110, 0, b"`"), (1197, 0, b'`;import { query } from "./_generated/server";\n'), (1197, 0, b"import const ")]),
    (SCHEMA, [(69, 0, b"`//"), (410, 0, b"{/*"), (1011, 0, b'`"use node";\n')]),
]


@pytest.mark.parametrize(("path", "edits"), REGRESSIONS)
def test_error_recovery_regressions(path, edits):
    inc = _host(FILES)
    for start, delete, text in edits:
        inc.edit_file(path, start, start + delete, text)
    _check_against_fresh(inc)
    tree = inc.snapshot().tree(path)
    assert str(tree.root_node) == str(parse(path, inc.snapshot().text(path)).root_node)
