"""Never crash, never hang: broken, odd, huge and deeply nested input; a changing file system."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convex_lsp.analysis.discovery import ConvexRoot
from convex_lsp.analysis.host import AnalysisHost
from convex_lsp.analysis.model_json import model_json
from convex_lsp.analysis.summary import summarize
from convex_lsp.analysis.syntax import MAX_PARSE_BYTES, parse
from convex_lsp.server import loader

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
TASKS = (FIXTURES / "basic" / "convex" / "tasks.ts").read_bytes()
SCHEMA = (FIXTURES / "basic" / "convex" / "schema.ts").read_bytes()
ROOT = ConvexRoot("/ws", "/ws/convex", "app", "package.json")


def _model(files: dict[str, bytes]):
    host = AnalysisHost()
    host.set_roots([ROOT])
    for p, d in files.items():
        host.set_file(p, d)
    snap = host.snapshot()
    model = snap.project(ROOT)
    json.dumps(model_json([model], "/ws", snap))  # the JSON view renders too
    return host, model


# ----------------------------------------------------------------------------- syntax errors
@pytest.mark.parametrize(("name", "src"), [("tasks.ts", TASKS), ("schema.ts", SCHEMA)])
def test_every_prefix(name, src):
    path = f"/ws/convex/{name}"
    for end in range(0, len(src) + 1, 7):
        data = src[:end]
        summary, _ = summarize(path, data, parse(path, data))
        summary.locations, summary.uses  # materialised lazily: force them
        for loc in summary.locations:
            assert 0 <= loc.range.start <= loc.range.end <= len(data)
        for use in summary.uses:
            assert 0 <= use.range.start <= use.range.end <= len(data)
    # the whole project model too, every 7 * 13 bytes (it is slower)
    for end in range(0, len(src) + 1, 91):
        _model({path: src[:end], "/ws/convex/other.ts": b"export const x = 1;\n"})


def test_every_prefix_through_edits():
    """Typing a file from empty, 7 bytes at a time, through the host's incremental path."""
    host = AnalysisHost()
    host.set_roots([ROOT])
    host.set_file("/ws/convex/tasks.ts", b"")
    for start in range(0, len(TASKS), 7):
        host.edit_file("/ws/convex/tasks.ts", start, start, TASKS[start : start + 7])
        host.snapshot().project(ROOT)
    assert host.snapshot().text("/ws/convex/tasks.ts") == TASKS
    assert host.snapshot().project(ROOT).function("api.tasks.list") is not None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n\n",
        b"\xef\xbb\xbf",  # BOM only
        b"\xff\xfe\x00\x00garbage\x80\x81",
        b"export const \xff = query({ handler: async () => '\xfe' });\n",
        "export const é = query({ args: { ü: v.string() }, handler: async () => '😀' });\n".encode(),
        b"\x00" * 100,
        b"export default defineSchema({ t: defineTable({ a: v.string() }).index(\"\xff\", [\"\xfe\"]) });",
        b"`${`${`${",
        b"/*",
        b"export const { a, b } = ;",
        b"export * from",
        b"import",
        b"crons.interval(",
        b"http.route({",
        b'export const f = query({ args: { a: v.id("\xc3") }, handler: (ctx) => ctx.db.query("\xe9") });',
    ],
)
def test_odd_files(data):
    for name in ("x.ts", "schema.ts", "crons.ts", "http.ts", "convex.config.ts", "x.tsx"):
        _model({f"/ws/convex/{name}": data})


# ----------------------------------------------------------------------------- size and depth
@pytest.mark.parametrize(("size", "limit"), [(5 * 1024 * 1024, 5.0), (MAX_PARSE_BYTES - 64 * 1024, 10.0)], ids=["5MB", "under-limit"])
def test_huge_file_is_summarised_or_skipped_quickly(size, limit):
    body = TASKS.split(b"export const list")[1]
    chunks = [TASKS]
    i = 0
    while sum(map(len, chunks)) + len(body) + 20 < size:
        chunks.append(b"export const list%d" % i + body)
        i += 1
    data = b"".join(chunks)
    t0 = time.perf_counter()
    host = AnalysisHost()
    host.set_roots([ROOT])
    host.set_file("/ws/convex/big.ts", data)
    snap = host.snapshot()
    model = snap.project(ROOT)
    host.edit_file("/ws/convex/big.ts", 10, 10, b" ")
    host.snapshot().project(ROOT)
    elapsed = time.perf_counter() - t0
    assert elapsed < limit, f"{elapsed:.1f}s for a {len(data) / 2**20:.1f} MB file"
    state = host.snapshot().state("/ws/convex/big.ts")
    assert state is not None and state.data[:10] == b" " + data[:9] or state.data[10:11] == b" "
    if len(data) > MAX_PARSE_BYTES:
        assert state.skipped and not model.functions
    else:
        assert not state.skipped and model.function(f"api.big.list{i - 1}") is not None


NEST = 5000
DEEP = {
    "parens": b"export const x = " + b"(" * NEST + b"1" + b")" * NEST + b";\n",
    "arrays": b"export const x = " + b"[" * NEST + b"]" * NEST + b";\n",
    "objects": b"export const x = " + b"{a: " * NEST + b"1" + b"}" * NEST + b";\n",
    "v.object": b"export const x = " + b"v.object({a: " * NEST + b"v.string()" + b"})" * NEST + b";\n",
    "v.array": b"export const x = " + b"v.array(" * NEST + b"v.string()" + b")" * NEST + b";\n",
    "v.optional": b"export const x = " + b"v.optional(" * NEST + b"v.string()" + b")" * NEST + b";\n",
    "v.union": b"export const x = " + b"v.union(v.null(), " * NEST + b"v.string()" + b")" * NEST + b";\n",
    "extend": b"export const x = v.object({})" + b".extend({a: v.object({})" * NEST + b"})" * NEST + b";\n",
    "args": b"export const f = query({ args: " + b"{a: " * NEST + b"v.string()" + b"}" * NEST + b", handler: async () => 1 });\n",
    "table": b"export default defineSchema({ t: defineTable({ a: " + b"v.array(" * NEST + b"v.string()" + b")" * NEST + b"}) });\n",
    "calls": b"export const x = " + b"f(" * NEST + b")" * NEST + b";\n",
    "members": b"export const x = a" + b".b" * (4 * NEST) + b";\n",
    "chain": b"export const x = ctx.db.query('t')" + b".withIndex('i', q => q.eq('a', 1))" * NEST + b";\n",
    "arrows": b"export const x = " + b"() => " * NEST + b"1;\n",
    "blocks": b"function f() " + b"{" * NEST + b"}" * NEST + b"\n",
    "ternary": b"export const x = " + b"a ? b : " * NEST + b"c;\n",
    "binary": b"export const x = " + b"1 + " * (4 * NEST) + b"1;\n",
    "template": b"export const x = " + b"`${" * NEST + b"1" + b"}`" * NEST + b";\n",
    "unclosed": b"export const x = " + b"(" * NEST + b"{[" * NEST,
    "api": b"export const x = api" + b".a" * (4 * NEST) + b";\n",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting(name):
    data = DEEP[name]
    t0 = time.perf_counter()
    file = "/ws/convex/schema.ts" if name == "table" else "/ws/convex/x.ts"
    host, _ = _model({file: data})
    host.edit_file(file, 3, 3, b" ")
    snap = host.snapshot()
    json.dumps(model_json([snap.project(ROOT)], "/ws", snap))
    assert time.perf_counter() - t0 < 10


def test_validator_depth_is_bounded():
    _, model = _model({"/ws/convex/x.ts": b'import { query } from "./_generated/server";\n' + DEEP["args"]})
    f = model.function("api.x.f")
    assert f is not None and f.args is not None

    def depth(v):
        return 1 + max([depth(x.validator) for x in v.fields] + [depth(i) for i in v.items] + [0])

    assert depth(f.args) < 100
    f.args.render()


# ----------------------------------------------------------------------------- the file system
def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


APP = {
    "package.json": '{"dependencies": {"convex": "^1.48.0"}}',
    "convex/a.ts": 'import { query } from "./_generated/server";\nexport const a = query({ args: {}, handler: async () => 1 });\n',
    "convex/b.ts": 'import { query } from "./_generated/server";\nexport const b = query({ args: {}, handler: async () => 2 });\n',
}


def test_file_vanishes_between_walk_and_read(tmp_path, monkeypatch):
    _write(tmp_path, APP)
    real_walk = loader.walk

    def walk_then_delete(folder):
        paths = real_walk(folder)
        (tmp_path / "convex" / "b.ts").unlink()
        (tmp_path / "convex" / "ghost.ts").write_text("")
        (tmp_path / "convex" / "ghost.ts").unlink()
        return paths + [loader.to_posix(str(tmp_path / "convex" / "never.ts"))]

    monkeypatch.setattr(loader, "walk", walk_then_delete)
    roots, files = loader.scan_workspace(str(tmp_path))
    assert len(roots) == 1
    assert set(files) == {loader.to_posix(str(tmp_path / "convex" / "a.ts"))}


def test_package_json_vanishes(tmp_path, monkeypatch):
    _write(tmp_path, APP)
    real_walk = loader.walk

    def walk_then_delete(folder):
        paths = real_walk(folder)
        (tmp_path / "package.json").unlink()
        return paths

    monkeypatch.setattr(loader, "walk", walk_then_delete)
    roots, files = loader.scan_workspace(str(tmp_path))
    assert roots == [] and files == {}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loops(tmp_path):
    _write(tmp_path, APP)
    try:
        os.symlink(tmp_path, tmp_path / "convex" / "loop")  # a directory pointing at its ancestor
        os.symlink(tmp_path / "convex", tmp_path / "convex" / "self")
        os.symlink(tmp_path / "convex" / "l1.ts", tmp_path / "convex" / "l2.ts")  # a file symlink cycle
        os.symlink(tmp_path / "convex" / "l2.ts", tmp_path / "convex" / "l1.ts")
        os.symlink(tmp_path / "missing", tmp_path / "convex" / "dangling.ts")
    except OSError:
        pytest.skip("cannot create symlinks here")
    t0 = time.perf_counter()
    host = loader.load_host([str(tmp_path)])
    assert time.perf_counter() - t0 < 10
    snap = host.snapshot()
    assert len(snap.roots) == 1
    model = snap.project(snap.roots[0])
    assert {f.api_path for f in model.functions} == {"api.a.a", "api.b.b"}


def test_no_convex_project(tmp_path):
    _write(tmp_path, {"package.json": '{"dependencies": {"react": "^19"}}', "src/index.ts": "export const x = 1;\n",
                      "convex/x.ts": "export const y = 2;\n"})
    roots, files = loader.scan_workspace(str(tmp_path))
    assert roots == [] and files == {}
    assert loader.load_host([str(tmp_path)]).snapshot().roots == ()
    proc = subprocess.run(
        [sys.executable, "-m", "convex_lsp.server.cli", "model", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "no Convex project" in proc.stderr
    assert proc.stdout == ""


def test_empty_and_unreadable_workspace(tmp_path):
    assert loader.scan_workspace(str(tmp_path)) == ([], {})
    assert loader.scan_workspace(str(tmp_path / "missing")) == ([], {})
    bad = tmp_path / "package.json"
    bad.write_text("{not json")
    (tmp_path / "convex").mkdir()
    (tmp_path / "convex" / "a.ts").write_text("export const a = 1;\n")
    assert loader.scan_workspace(str(tmp_path)) == ([], {})
