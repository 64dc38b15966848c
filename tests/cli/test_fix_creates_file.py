"""`check --fix --unsafe-fixes` writes a file that a fix creates (auth-config-missing), only inside
the functions directory, and `--diff` shows it without writing it."""

from __future__ import annotations

from pathlib import Path

from cli_support import run_cli

MESSAGES = """import { query } from "./_generated/server";

export const me = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.auth.getUserIdentity();
  },
});
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "convex").mkdir()
    (tmp_path / "package.json").write_text('{"name": "p", "dependencies": {"convex": "^1.25.0"}}')
    (tmp_path / "convex" / "messages.ts").write_text(MESSAGES)
    return tmp_path


ARGS = ["check", ".", "--ignore", "ALL", "--select", "auth-config-missing"]


def test_fix_creates_auth_config(tmp_path):
    root = _project(tmp_path)
    r = run_cli([*ARGS, "--fix"], root)  # unsafe: not applied without --unsafe-fixes
    assert not (root / "convex" / "auth.config.ts").exists(), r.out + r.err
    r = run_cli([*ARGS, "--diff", "--unsafe-fixes"], root)
    assert "+++ b/convex/auth.config.ts" in r.out and "providers: []" in r.out, r.out + r.err
    assert not (root / "convex" / "auth.config.ts").exists()
    r = run_cli([*ARGS, "--fix", "--unsafe-fixes"], root)
    created = root / "convex" / "auth.config.ts"
    assert created.exists(), r.out + r.err
    assert "providers: []" in created.read_text() and "applicationID" in created.read_text()
    assert r.code == 0, r.out + r.err
    assert (root / "convex" / "messages.ts").read_text() == MESSAGES
    # idempotent
    r2 = run_cli([*ARGS, "--fix", "--unsafe-fixes"], root)
    assert r2.code == 0 and created.read_text().count("export default") == 1


def test_json_and_sarif_carry_the_created_file(tmp_path):
    import json

    root = _project(tmp_path)
    doc = json.loads(run_cli([*ARGS, "--format", "json"], root).out)
    [edit] = doc["diagnostics"][0]["fix"]["edits"]
    assert (edit["file"], edit["line"], edit["column"], edit["create"]) == ("convex/auth.config.ts", 1, 1, True)
    assert "providers: []" in edit["new_text"]
    sarif = json.loads(run_cli([*ARGS, "--format", "sarif"], root).out)
    [change] = sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "convex/auth.config.ts"
    assert "providers: []" in change["replacements"][0]["insertedContent"]["text"]
