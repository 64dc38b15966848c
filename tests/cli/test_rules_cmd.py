"""`convex-lsp rules` and `convex-lsp explain`."""

from __future__ import annotations

import json

from cli_support import run_cli

from convex_lsp.analysis.rules import RULES


def test_rules_text_lists_every_rule(tmp_path):
    r = run_cli(["rules"], tmp_path)
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].split()[:5] == ["RULE", "CATEGORY", "SEVERITY", "FIX", "ESLINT"]
    for rid in RULES:
        assert any(line.startswith(rid + " ") for line in lines), rid


def test_rules_json(tmp_path):
    doc = json.loads(run_cli(["rules", "--format", "json"], tmp_path).out)
    assert doc["version"] == 1
    assert [r["id"] for r in doc["rules"]] == sorted(RULES)
    one = doc["rules"][0]
    assert set(one) >= {"id", "category", "default_severity", "enabled_by_default", "fix", "eslint_plugin_alias", "summary", "url"}


def test_rules_markdown_to_stdout_and_to_a_folder(tmp_path):
    r = run_cli(["rules", "--format", "markdown"], tmp_path)
    assert r.out.splitlines()[1] == "# Rules"
    out = tmp_path / "docs"
    r = run_cli(["rules", "--format", "markdown", "--output", str(out)], tmp_path)
    assert r.code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(["README.md", *(f"{rid}.md" for rid in RULES)])
    # a stale generated page is removed, a hand-written one is kept
    (out / "old-rule.md").write_text((out / "README.md").read_text().splitlines()[0] + "\n# old\n")
    (out / "notes.md").write_text("# mine\n")
    r = run_cli(["rules", "--format", "markdown", "--output", str(out)], tmp_path)
    assert not (out / "old-rule.md").exists() and (out / "notes.md").exists()
    assert "is up to date" in run_cli(["rules", "--format", "markdown", "--output", str(out)], tmp_path).err or "removed" not in r.err


def test_output_needs_markdown(tmp_path):
    r = run_cli(["rules", "--output", str(tmp_path)], tmp_path)
    assert r.code == 2 and "--output needs --format markdown" in r.err


def test_explain_accepts_ids_and_eslint_aliases(tmp_path):
    from convex_lsp.analysis.rules import ALIASES

    for name in list(RULES)[:3] + list(ALIASES)[:3]:
        r = run_cli(["explain", name], tmp_path)
        assert r.code == 0
        assert r.out.startswith("# ")
        assert "## What it does" in r.out


def test_explain_engine_diagnostics(tmp_path):
    r = run_cli(["explain", "unused-suppression"], tmp_path)
    assert r.code == 0 and "suppression" in r.out


def test_explain_unknown_rule(tmp_path):
    r = run_cli(["explain", "no-writes-in-qeury"], tmp_path)
    assert r.code == 2 and "did you mean 'no-writes-in-query'" in r.err
