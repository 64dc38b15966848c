"""Exit codes: 0 clean (or warnings only), 1 errors or too many warnings, 2 bad usage, bad config,
a missing path or no Convex root — each with a clear message and never a traceback."""

from __future__ import annotations

import json

import pytest
from cli_support import GOLDEN_RULES, run_cli

ONLY = ["--ignore", "ALL", "--select"]


def test_clean_project_exits_0(fixtures):
    r = run_cli(["check", "clean"], fixtures)
    assert r.code == 0, r.out + r.err
    assert "All checks passed (2 files checked)." in r.out


def test_errors_exit_1(fixtures):
    assert run_cli(["check", "app", *ONLY, GOLDEN_RULES], fixtures).code == 1


def test_warnings_only_exit_0_unless_max_warnings(fixtures):
    args = ["check", "app", *ONLY, "deprecated-validators,explicit-table-ids", "--format", "json"]
    r = run_cli(args, fixtures)
    doc = json.loads(r.out)
    assert r.code == 0 and doc["summary"]["errors"] == 0 and doc["summary"]["warnings"] == 2
    assert run_cli([*args, "--max-warnings", "2"], fixtures).code == 0
    r = run_cli([*args, "--max-warnings", "1"], fixtures)
    assert r.code == 1 and "more than --max-warnings 1" in r.err


def test_exit_zero(fixtures):
    assert run_cli(["check", "app", *ONLY, GOLDEN_RULES, "--exit-zero"], fixtures).code == 0


def test_severity_override_changes_the_exit_code(fixtures):
    args = ["check", "app", *ONLY, "deprecated-validators"]
    assert run_cli(args, fixtures).code == 0
    assert run_cli([*args, "--severity", "deprecated-validators=error"], fixtures).code == 1
    r = run_cli([*args, "--severity", "deprecated-validators=off", "--format", "json"], fixtures)
    assert json.loads(r.out)["summary"]["warnings"] == 0


def test_eslint_alias_accepted(fixtures):
    r = run_cli(["check", "app", *ONLY, "no-old-registered-function-syntax", "--format", "json"], fixtures)
    assert {d["rule"] for d in json.loads(r.out)["diagnostics"]} >= {"no-old-function-syntax"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "does-not-exist"], "path does not exist: does-not-exist"),
        (["check", "app", "--select", "no-such-rule"], "unknown rule 'no-such-rule'"),
        (["check", "app", "--select", "no-writes-in-qeury"], "did you mean 'no-writes-in-query'"),
        (["check", "app", "--ignore", "bogus"], "unknown rule 'bogus'"),
        (["check", "app", "--severity", "no-writes-in-query"], "--severity expects RULE=LEVEL"),
        (["check", "app", "--severity", "no-writes-in-query=loud"], "--severity expects RULE=LEVEL"),
        (["check", "app", "--severity", "nope=error"], "unknown rule 'nope'"),
        (["check", "app", "--fix", "--diff"], "cannot be combined"),
        (["check", "app", "--config", "missing.toml"], "config file does not exist: missing.toml"),
        (["check", "app", "--max-warnings", "-1"], "--max-warnings"),
    ],
)
def test_bad_usage_exits_2_with_a_message(fixtures, args, message):
    r = run_cli(args, fixtures)
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.err + r.out


def test_argparse_errors_exit_2(fixtures):
    r = run_cli(["check", "app", "--format", "yaml"], fixtures)
    assert r.code == 2 and "invalid choice" in r.err


def test_no_convex_root_exits_2(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text("export const x = 1;\n")
    r = run_cli(["check", "."], tmp_path)
    assert r.code == 2
    assert "no Convex project found under ." in r.err


def test_explicit_files_outside_every_project_are_not_an_error(tmp_path):
    """pre-commit passes every staged file; a commit touching none of the Convex code passes."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text("export const x = 1;\n")
    r = run_cli(["check", "src/index.ts", "--format", "json"], tmp_path)
    assert r.code == 0
    assert "nothing to check" in r.err
    assert json.loads(r.out)["summary"]["files"] == 0


def test_bad_config_is_reported_on_the_config_file_and_exits_2(fixtures):
    r = run_cli(["check", "badconfig", "--format", "json"], fixtures)
    assert r.code == 2
    doc = json.loads(r.out)
    problems = [d for d in doc["diagnostics"] if d["rule"] == "invalid-config"]
    assert [(d["file"], d["line"]) for d in problems] == [
        ("badconfig/convex-lsp.toml", 2),
        ("badconfig/convex-lsp.toml", 5),
        ("badconfig/convex-lsp.toml", 8),
    ]
    assert "unknown setting 'colour'" in problems[0]["message"]
    assert "did you mean 'no-writes-in-query'" in problems[1]["message"]
    assert "expected an integer" in problems[2]["message"]
    # the rest of the config still applies: the file is checked with the good settings
    assert doc["summary"]["files"] == 1


def test_bad_config_text_shows_the_config_line(fixtures):
    r = run_cli(["check", "badconfig"], fixtures)
    assert r.code == 2
    assert "badconfig/convex-lsp.toml:2:1: error invalid-config unknown setting 'colour'" in r.out
    assert "  2 | colour = true" in r.out


def test_toml_syntax_error_exits_2(tmp_path, fixtures):
    import shutil

    shutil.copytree(fixtures / "clean", tmp_path / "p")
    (tmp_path / "p" / "convex-lsp.toml").write_text("select = [\n")
    r = run_cli(["check", "p", "--format", "json"], tmp_path)
    assert r.code == 2
    d = json.loads(r.out)["diagnostics"][0]
    assert d["rule"] == "invalid-config" and d["message"].startswith("invalid TOML")


def test_progress_line_only_on_a_terminal(fixtures, monkeypatch):
    from convex_lsp.server import check_cli

    monkeypatch.setattr(check_cli, "PROGRESS_AFTER", 0.0)
    r = run_cli(["check", "app", "--jobs", "1"], fixtures, tty=True)
    assert "\rconvex-lsp: checked 0/3 files" in r.err and r.err.endswith("\r\x1b[K")
    r = run_cli(["check", "app", "--jobs", "1"], fixtures, tty=False)
    assert "checked" not in r.err


def test_unused_suppression_is_named_like_a_rule_on_the_command_line(fixtures):
    """The engine's unused-suppression (info by default) takes --ignore and --severity like a rule."""
    base = ["check", "app", *ONLY, "no-writes-in-query", "--format", "json"]

    def unused(extra):
        r = run_cli([*base, *extra], fixtures)
        assert r.code == 1, r.err  # no-writes-in-query's error on line 15
        return [(d["rule"], d["severity"], d["line"]) for d in json.loads(r.out)["diagnostics"] if d["rule"] != "no-writes-in-query"]

    assert unused([]) == [("unused-suppression", "info", 26)]
    assert unused(["--severity", "unused-suppression=warning"]) == [("unused-suppression", "warning", 26)]
    assert unused(["--ignore", "unused-suppression"]) == []
