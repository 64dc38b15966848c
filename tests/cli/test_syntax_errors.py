"""`convex-lsp check` says when a file does not parse (ESLint's "Parsing error"): a `syntax-error`
warning on the first place tree-sitter gives up, never for `_generated/` files, never in an editor."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import run_cli

BROKEN = 'import { query } from "./_generated/server";\nexport const q = query({ args: {}, handler: async () => { return 1 +; } });\n'
MESSAGE = "Syntax error, or TypeScript syntax that tree-sitter does not know: the rules may miss findings in this file"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "convex" / "_generated").mkdir(parents=True)
    (tmp_path / "package.json").write_text('{"dependencies": {"convex": "^1.25.0"}}')
    (tmp_path / "convex" / "bad.ts").write_text(BROKEN)
    (tmp_path / "convex" / "_generated" / "api.ts").write_text('export const components = x as unknown as { w: import("w").Api<"w"> };\n')
    (tmp_path / "convex" / "good.ts").write_text("export const ok = 1;\n")
    return tmp_path


def test_the_first_unparsable_place_is_a_warning(tmp_path):
    root = _project(tmp_path)
    r = run_cli(["check", ".", "--format", "json"], root)
    doc = json.loads(r.out)
    assert r.code == 0, r.err  # a warning: tree-sitter may not know newer TypeScript syntax
    assert [(d["file"], d["rule"], d["severity"], d["line"], d["column"], d["message"]) for d in doc["diagnostics"]] == [
        ("convex/bad.ts", "syntax-error", "warning", 2, 69, MESSAGE)
    ]
    r = run_cli(["check", ".", "--color", "never"], root)
    assert "convex/bad.ts:2:69: warning syntax-error " in r.out


def test_syntax_error_takes_ignore_and_severity(tmp_path):
    root = _project(tmp_path)
    assert json.loads(run_cli(["check", ".", "--format", "json", "--ignore", "syntax-error"], root).out)["diagnostics"] == []
    r = run_cli(["check", ".", "--format", "json", "--severity", "syntax-error=error"], root)
    assert r.code == 1 and [d["severity"] for d in json.loads(r.out)["diagnostics"]] == ["error"]


def test_the_language_server_lint_does_not_report_it(tmp_path):
    from convex_lsp.analysis.lint import lint_file
    from convex_lsp.server.loader import load_host

    root = _project(tmp_path)
    host = load_host([str(root)])
    path = str(root / "convex" / "bad.ts")
    assert [d.rule for d in lint_file(host.snapshot(), path)] == []
    assert [d.rule for d in lint_file(host.snapshot(), path, syntax_errors=True)] == ["syntax-error"]


def test_a_comment_can_suppress_it(tmp_path):
    """For valid TypeScript that tree-sitter does not know yet (`export type * from`)."""
    root = _project(tmp_path)
    (root / "convex" / "bad.ts").write_text('/* convex-lsp-disable syntax-error */\nexport type * from "./good";\n')
    assert json.loads(run_cli(["check", ".", "--format", "json"], root).out)["diagnostics"] == []
    (root / "convex" / "bad.ts").write_text('export type * from "./good";\n')
    assert [d["rule"] for d in json.loads(run_cli(["check", ".", "--format", "json"], root).out)["diagnostics"]] == ["syntax-error"]
