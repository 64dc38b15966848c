"""Which files `check` looks at: roots under folders, paths inside a project, explicit files (as
pre-commit passes them), components, several roots, and where the config comes from."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import run_cli

PKG = '{"name": "x", "dependencies": {"convex": "^1.25.0"}}\n'
SCHEMA = 'import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\nexport default defineSchema({ t: defineTable({ n: v.bigint() }) });\n'
COMPONENT = 'import { defineComponent } from "convex/server";\nexport default defineComponent("c");\n'
ONLY = ["--format", "json", "--ignore", "ALL", "--select", "deprecated-validators"]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _files(r) -> list[str]:
    return sorted({d["file"] for d in json.loads(r.out)["diagnostics"]})


def _monorepo(root: Path) -> None:
    _write(
        root,
        {
            "package.json": '{"name": "mono", "private": true}\n',
            "apps/web/package.json": PKG,
            "apps/web/convex/schema.ts": SCHEMA,
            "apps/web/convex/sub/more.ts": SCHEMA.replace("export default defineSchema", "export const s = defineSchema"),
            "apps/web/src/App.tsx": "export const App = () => null;\n",
            "packages/backend/package.json": PKG,
            "packages/backend/convex.json": '{"functions": "src/convex/"}\n',
            "packages/backend/src/convex/schema.ts": SCHEMA,
            "packages/comp/src/component/convex.config.ts": COMPONENT,
            "packages/comp/src/component/schema.ts": SCHEMA,
            "packages/ui/src/Button.tsx": "export const Button = () => null;\n",
        },
    )


def test_a_folder_above_several_roots(tmp_path):
    _monorepo(tmp_path)
    r = run_cli(["check", ".", *ONLY], tmp_path)
    assert _files(r) == ["apps/web/convex/schema.ts", "apps/web/convex/sub/more.ts", "packages/backend/src/convex/schema.ts", "packages/comp/src/component/schema.ts"]


def test_a_folder_inside_a_project_is_checked_within_its_root(tmp_path):
    _monorepo(tmp_path)
    r = run_cli(["check", "apps/web/convex/sub", *ONLY], tmp_path)
    assert _files(r) == ["apps/web/convex/sub/more.ts"]
    assert json.loads(r.out)["summary"]["files"] == 1


def test_explicit_files_like_pre_commit(tmp_path):
    _monorepo(tmp_path)
    args = ["packages/backend/src/convex/schema.ts", "packages/comp/src/component/schema.ts", "packages/ui/src/Button.tsx", "README.md"]
    (tmp_path / "README.md").write_text("# hi\n")
    r = run_cli(["check", *args, *ONLY], tmp_path)
    assert r.code == 0, r.err
    assert _files(r) == ["packages/backend/src/convex/schema.ts", "packages/comp/src/component/schema.ts"]
    assert json.loads(r.out)["summary"]["files"] == 2


def test_from_inside_the_functions_dir(tmp_path):
    _monorepo(tmp_path)
    r = run_cli(["check", *ONLY], tmp_path / "apps/web/convex")
    assert _files(r) == ["schema.ts", "sub/more.ts"]


def test_config_from_a_parent_folder_and_explicit_config(tmp_path):
    _monorepo(tmp_path)
    (tmp_path / "convex-lsp.toml").write_text('[severity]\ndeprecated-validators = "error"\n')
    (tmp_path / "apps/web/convex-lsp.toml").write_text('[severity]\ndeprecated-validators = "info"\n')
    doc = json.loads(run_cli(["check", ".", *ONLY], tmp_path).out)
    sev = {d["file"]: d["severity"] for d in doc["diagnostics"]}
    assert sev["apps/web/convex/schema.ts"] == "info"  # nearest config wins
    assert sev["packages/backend/src/convex/schema.ts"] == "error"  # from the parent folder
    other = tmp_path / "other.toml"
    other.write_text('[severity]\ndeprecated-validators = "warning"\n')
    doc = json.loads(run_cli(["check", ".", *ONLY, "--config", str(other)], tmp_path).out)
    assert {d["severity"] for d in doc["diagnostics"]} == {"warning"}


def test_enable_false_skips_the_root(tmp_path):
    _monorepo(tmp_path)
    (tmp_path / "apps/web/convex-lsp.toml").write_text("enable = false\n")
    r = run_cli(["check", ".", *ONLY], tmp_path)
    assert "apps/web/convex/schema.ts" not in _files(r)


def test_roots_setting_names_an_extra_functions_dir(tmp_path):
    _write(tmp_path, {"backend/fns/schema.ts": SCHEMA, "convex-lsp.toml": 'roots = ["backend/fns"]\n'})
    r = run_cli(["check", ".", *ONLY], tmp_path)
    assert r.code == 0, r.err
    assert _files(r) == ["backend/fns/schema.ts"]


def test_explicit_files_in_a_configured_root(tmp_path):
    """pre-commit passes files by name: one under a `roots` entry of convex-lsp.toml (or --config)
    is checked, though no marker file makes it a project."""
    _write(tmp_path, {"backend/fns/schema.ts": SCHEMA, "backend/other.ts": SCHEMA, "convex-lsp.toml": 'roots = ["backend/fns"]\n'})
    r = run_cli(["check", "backend/fns/schema.ts", "backend/other.ts", *ONLY], tmp_path)
    assert r.code == 0 and _files(r) == ["backend/fns/schema.ts"], r.err
    (tmp_path / "convex-lsp.toml").rename(tmp_path / "cfg.toml")
    r = run_cli(["check", "backend/fns/schema.ts", "--config", "cfg.toml", *ONLY], tmp_path)
    assert r.code == 0 and _files(r) == ["backend/fns/schema.ts"], r.err
    r = run_cli(["check", "backend/fns/schema.ts", *ONLY], tmp_path)  # without the config: not a project
    assert r.code == 0 and _files(r) == [] and "none of the given files is inside a Convex project" in r.err


def test_fix_never_writes_outside_the_root(tmp_path):
    """Fixes only touch files inside the Convex root that owns the diagnostic."""
    _monorepo(tmp_path)
    outside = tmp_path / "packages/ui/src/Button.tsx"
    before = outside.read_bytes()
    r = run_cli(["check", ".", "--fix", *ONLY], tmp_path)
    assert r.code == 0
    assert outside.read_bytes() == before
    assert "v.int64()" in (tmp_path / "apps/web/convex/schema.ts").read_text()


def test_fix_edits_aimed_at_another_root_are_dropped(tmp_path, monkeypatch):
    from convex_lsp.analysis import lint
    from convex_lsp.analysis.diagnostics import Diagnostic, Edit, Fix
    from convex_lsp.analysis.text import TextRange

    _monorepo(tmp_path)
    web = (tmp_path / "apps/web/convex/schema.ts").as_posix()
    backend = (tmp_path / "packages/backend/src/convex/schema.ts").as_posix()

    def fake_lint(snap, path, only=None, settings=None, with_fixes=True, syntax_errors=False):
        if path != web:
            return []
        bad = Fix("edit elsewhere", "safe", (Edit(backend, TextRange(0, 0), "// hacked\n"),))
        good = Fix("edit here", "safe", (Edit(web, TextRange(0, 0), "// fixed\n"),))
        if snap.text(web).startswith(b"// fixed"):
            return []
        return [Diagnostic(web, TextRange(0, 1), "fake", "elsewhere", "error", (bad,)), Diagnostic(web, TextRange(1, 2), "fake", "here", "error", (good,))]

    monkeypatch.setattr(lint, "lint_file", fake_lint)
    before = Path(backend).read_bytes()
    run_cli(["check", ".", "--fix", "--jobs", "1"], tmp_path)
    assert Path(backend).read_bytes() == before
    assert Path(web).read_text().startswith("// fixed\n")
