"""`convex-lsp model PATH`: the installed console script, its JSON (version 1) and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECTS = Path(__file__).resolve().parent / "fixtures" / "projects"


def _exe() -> str:
    found = shutil.which("convex-lsp")
    if found:
        return found
    local = Path(sys.executable).parent / ("convex-lsp.exe" if os.name == "nt" else "convex-lsp")
    if local.exists():
        return str(local)
    pytest.fail("the convex-lsp console script is not installed (pip install -e .)")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([_exe(), "model", *args], capture_output=True, text=True, timeout=120, cwd=cwd, encoding="utf-8")


@pytest.fixture(scope="module")
def basic() -> dict:
    proc = _run(".", cwd=PROJECTS / "basic")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_shape(basic):
    assert basic["version"] == 1
    assert [r["root"] for r in basic["roots"]] == ["."]
    root = basic["roots"][0]
    assert root["functions_dir"] == "convex" and root["kind"] == "app"
    for key in ("schema", "tables", "functions", "modules", "http_routes", "crons", "components", "config", "auth_providers"):
        assert key in root, key
    assert root["schema"]["file"] == "convex/schema.ts"

    tables = {t["name"]: t for t in root["tables"]}
    assert list(tables) == ["users", "tasks", "notes"]  # schema order
    tasks = tables["tasks"]
    assert tasks["fields"]["done"] == {"kind": "boolean"}
    assert tasks["fields"]["ownerId"] == {"kind": "id", "table": "users"}
    assert tasks["location"] == {"file": "convex/schema.ts", "line": 13, "column": 3}
    ix = {i["name"]: i for i in tasks["indexes"]}
    assert ix["by_ownerId_and_done"] == {"name": "by_ownerId_and_done", "kind": "db", "fields": ["ownerId", "done"]}
    assert ix["by_priority"]["staged"] is True
    assert ix["search_title"]["kind"] == "search" and ix["search_title"]["search_field"] == "title"
    assert ix["search_title"]["filter_fields"] == ["ownerId", "done"]
    vec = {i["name"]: i for i in tables["notes"]["indexes"]}["by_embedding"]
    assert (vec["kind"], vec["vector_field"], vec["dimensions"]) == ("vector", "embedding", 768)

    fns = {f["api_path"]: f for f in root["functions"]}
    add = fns["api.tasks.add"]
    assert (add["kind"], add["visibility"], add["runtime"], add["module"], add["export"]) == ("mutation", "public", "convex", "tasks", "add")
    assert add["name"] == "tasks:add" and add["file"] == "convex/tasks.ts"
    assert set(add["args"]["fields"]) == {"title", "priority"}
    assert add["args"]["kind"] == "object"
    assert add["location"]["file"] == "convex/tasks.ts" and add["location"]["line"] >= 1
    assert fns["internal.tasks.purgeDone"]["visibility"] == "internal"
    assert fns["api.users.me"]["args"] == {"kind": "object", "fields": {}}

    routes = {(r["method"], r.get("path"), r.get("path_prefix")) for r in root["http_routes"]}
    assert routes == {("GET", "/health", None), ("POST", None, "/webhooks/")}
    assert all(r["file"] == "convex/http.ts" for r in root["http_routes"])
    crons = {c["name"]: c for c in root["crons"]}
    assert crons["purge done tasks"]["method"] == "interval"
    assert crons["purge done tasks"]["target"] == "internal.tasks.purgeDone"
    assert crons["weekly digest"]["method"] == "cron"
    assert crons["weekly digest"]["schedule"] == {"cron": "30 8 * * 1"}
    assert root["components"] == []

    mods = {m["module"]: m for m in root["modules"]}
    assert mods["tasks"]["entry"] is True and mods["tasks"]["runtime"] == "convex"
    assert mods["schema"]["entry"] is False and mods["schema"]["reason"]


def test_stable_order(basic):
    again = _run(".", cwd=PROJECTS / "basic")
    assert again.returncode == 0
    assert json.loads(again.stdout) == basic
    root = basic["roots"][0]
    keys = [(f["module"], f["export"]) for f in root["functions"]]
    assert keys == sorted(keys)
    assert [m["module"] for m in root["modules"]] == sorted(m["module"] for m in root["modules"])


def test_several_roots_sorted():
    proc = _run(".", cwd=PROJECTS / "monorepo")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    dirs = [r["functions_dir"] for r in out["roots"]]
    assert dirs == sorted(dirs) == ["apps/web/convex", "packages/backend/src/convex", "packages/component/src/component"]
    kinds = {r["functions_dir"]: r["kind"] for r in out["roots"]}
    assert kinds["packages/component/src/component"] == "component"
    backend = next(r for r in out["roots"] if r["root"] == "packages/backend")
    assert backend["components"] == [{"name": "counter", "source": "@acme/counter/convex.config"}]


def test_paths_relative_to_cwd(tmp_path):
    proc = _run(str(PROJECTS / "basic"), cwd=PROJECTS)
    assert proc.returncode == 0, proc.stderr
    root = json.loads(proc.stdout)["roots"][0]
    assert root["root"] == "basic" and root["functions_dir"] == "basic/convex"
    assert root["schema"]["file"] == "basic/convex/schema.ts"


def test_missing_path_exits_2(tmp_path):
    proc = _run(str(tmp_path / "does-not-exist"))
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr
    assert proc.stdout == ""


def test_no_convex_project_exits_2(tmp_path):
    (tmp_path / "index.ts").write_text("export const x = 1;\n")
    proc = _run(str(tmp_path))
    assert proc.returncode == 2
    assert "no Convex project" in proc.stderr


def test_explicit_root(tmp_path):
    fdir = tmp_path / "backend"
    fdir.mkdir()
    (fdir / "things.ts").write_text(
        'import { query } from "./_generated/server";\nexport const list = query({ args: {}, handler: async () => [] });\n'
    )
    proc = _run(str(tmp_path), "--root", str(fdir), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [r["functions_dir"] for r in out["roots"]] == ["backend"]
    assert [f["api_path"] for f in out["roots"][0]["functions"]] == ["api.things.list"]
