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
