"""`analysis/config_file.py`: TOML → settings, overrides and problems with line numbers."""

from __future__ import annotations

import pytest

from convex_lsp.analysis.config import Settings
from convex_lsp.analysis.config_file import apply_overrides, camel, find_config, glob_match, parse_config


def test_toml_spelling_of_every_setting():
    cfg = parse_config(
        """
select = ["require-access-control"]
ignore = ["style"]
auth-helpers = ["requireUser"]
roots = ["backend/convex"]
docs-base-url = "https://example.com/rules/"
enable = true

[severity]
no-filter-in-query = "error"

[custom-builders]
authQuery = "query"

[rule-options.require-access-control]
auth-helpers = ["mustBeAdmin"]

[diagnostics]
enable = false
debounce-ms = 50

[completion]
snippets = false
"""
    )
    assert cfg.problems == ()
    s = cfg.settings
    assert s.select == ("require-access-control",) and s.ignore == ("style",)
    assert s.auth_helpers == ("requireUser",) and s.roots == ("backend/convex",)
    assert s.docs_base_url == "https://example.com/rules/"
    assert s.severity == (("no-filter-in-query", "error"),)
    assert s.custom_builders == (("authQuery", "query"),)
    assert dict(s.options_for("require-access-control")) == {"authHelpers": ["mustBeAdmin"]}
    assert (s.diagnostics_enable, s.debounce_ms, s.snippets) == (False, 50, False)


def test_snake_case_and_camel_case_are_accepted():
    a = parse_config("auth_helpers = ['x']\n[diagnostics]\ndebounce_ms = 10\n").settings
    b = parse_config("authHelpers = ['x']\n[diagnostics]\ndebounceMs = 10\n").settings
    assert a == b and a.debounce_ms == 10
    assert camel("docs-base-url") == "docsBaseUrl"


def test_problems_carry_their_line():
    cfg = parse_config(
        "# comment\n"
        "select = ['no-writes-in-qeury']\n"
        "bogus = 1\n"
        "[severity]\n"
        "no-filter-in-query = 'loud'\n"
        "[diagnostics]\n"
        "debounce-ms = 999999\n"
    )
    got = [(p.line, p.message.split(":")[0]) for p in cfg.problems]
    assert got == [
        (2, "unknown rule 'no-writes-in-qeury' (did you mean 'no-writes-in-query'?)"),
        (3, "unknown setting 'bogus'"),
        (5, "invalid severity for 'no-filter-in-query'"),
        (7, "invalid value for 'diagnostics.debounceMs'"),
    ]
    assert cfg.problems[0].column == 11  # the quoted rule name
    # bad values fall back to their defaults; good ones still apply
    assert cfg.settings.debounce_ms == Settings().debounce_ms


def test_toml_syntax_error_has_a_line_and_defaults():
    cfg = parse_config("a = 1\nb = = 2\n")
    assert len(cfg.problems) == 1 and cfg.problems[0].line == 2
    assert cfg.problems[0].message.startswith("invalid TOML")
    assert cfg.settings == Settings()


def test_overrides():
    cfg = parse_config(
        """
ignore = ["no-filter-in-query"]

[[overrides]]
files = ["convex/legacy/**", "*.test.ts"]
ignore = ["no-old-function-syntax"]
severity = { require-access-control = "info" }

[[overrides]]
files = ["convex/admin/*.ts"]
select = ["no-filter-in-query"]
"""
    )
    assert cfg.problems == ()
    legacy = cfg.settings_for("convex/legacy/a/b.ts")
    assert "no-old-function-syntax" in legacy.ignore and legacy.severity_for("require-access-control") == "info"
    assert "no-old-function-syntax" in cfg.settings_for("convex/x.test.ts").ignore
    admin = cfg.settings_for("convex/admin/users.ts")
    assert "no-filter-in-query" not in admin.ignore and "no-filter-in-query" in admin.select
    assert cfg.settings_for("convex/admin/deep/users.ts") == cfg.settings
    assert cfg.settings_for("convex/other.ts") == cfg.settings


def test_override_problems():
    cfg = parse_config(
        "[[overrides]]\n"
        "ignore = ['x']\n"
        "[[overrides]]\n"
        "files = ['a/**']\n"
        "colour = 1\n"
        "severity = { nope = 'error' }\n"
    )
    msgs = [(p.line, p.message) for p in cfg.problems]
    assert msgs[0][0] == 1 and "needs 'files'" in msgs[0][1]
    assert (5, "unknown key 'colour' in overrides[1] (expected one of: files, select, ignore, severity)") in msgs
    assert any(line == 6 and "unknown rule 'nope'" in m for line, m in msgs)
    assert len(cfg.overrides) == 1


@pytest.mark.parametrize(
    "pattern, path, expected",
    [
        ("convex/legacy/**", "convex/legacy/a.ts", True),
        ("convex/legacy/**", "convex/legacy/a/b.ts", True),
        ("convex/legacy", "convex/legacy/a/b.ts", True),
        ("convex/legacy/**", "convex/legacyx/a.ts", False),
        ("*.test.ts", "convex/deep/a.test.ts", True),
        ("convex/*.ts", "convex/a.ts", True),
        ("convex/*.ts", "convex/a/b.ts", False),
        ("**/gen/*.ts", "gen/a.ts", True),
        ("**/gen/*.ts", "x/y/gen/a.ts", True),
        ("./convex/a.ts", "convex/a.ts", True),
        ("convex/[ab].ts", "convex/b.ts", True),
        ("convex/?.ts", "convex/ab.ts", False),
    ],
)
def test_globs(pattern, path, expected):
    assert glob_match(pattern, path) is expected


def test_find_config_walks_up_to_the_repository_root():
    files = {"/repo/.git", "/repo/convex-lsp.toml", "/outer/convex-lsp.toml", "/outer/repo2/.git"}
    exists = files.__contains__
    assert find_config("/repo/apps/web", exists) == "/repo/convex-lsp.toml"
    assert find_config("/outer/repo2/app", exists) is None  # stops at the repository root
    assert find_config("/elsewhere/x", exists) is None


def test_apply_overrides_order():
    from convex_lsp.analysis.config_file import Override

    s = apply_overrides(Settings(ignore=("a",)), [Override(("x",), select=("a",)), Override(("x",), ignore=("a",))])
    assert "a" in s.ignore
