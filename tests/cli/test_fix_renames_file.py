"""`check --fix --unsafe-fixes` renames a file that function-in-non-entry-file reports (only
inside the functions directory, never over an existing file) and rewrites its references;
`--diff` shows the rename without doing it."""

from __future__ import annotations

from pathlib import Path

from cli_support import run_cli

HELPERS = """import { internalQuery } from "./_generated/server";

export const list = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
"""

JOBS = """import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";

export const run = internalAction({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(internal.messages.helpers.list, {});
  },
});
"""

ARGS = ["check", ".", "--ignore", "ALL", "--select", "function-in-non-entry-file"]


def _project(tmp_path: Path) -> Path:
    (tmp_path / "convex").mkdir()
    (tmp_path / "package.json").write_text('{"name": "p", "dependencies": {"convex": "^1.25.0"}}')
    (tmp_path / "convex" / "messages.helpers.ts").write_text(HELPERS)
    (tmp_path / "convex" / "jobs.ts").write_text(JOBS)
    return tmp_path


def test_fix_renames_the_file(tmp_path):
    root = _project(tmp_path)
    old, new = root / "convex" / "messages.helpers.ts", root / "convex" / "messagesHelpers.ts"
    r = run_cli([*ARGS, "--fix"], root)  # unsafe: not applied without --unsafe-fixes
    assert old.exists() and not new.exists(), r.out + r.err
    r = run_cli([*ARGS, "--diff", "--unsafe-fixes"], root)
    assert "rename convex/messages.helpers.ts => convex/messagesHelpers.ts" in r.out, r.out + r.err
    assert "+    await ctx.runQuery(internal.messagesHelpers.list, {});" in r.out, r.out
    assert r.code == 1 and old.exists() and not new.exists()
    r = run_cli([*ARGS, "--fix", "--unsafe-fixes"], root)
    assert new.exists() and not old.exists(), r.out + r.err
    assert new.read_text() == HELPERS
    assert "internal.messagesHelpers.list" in (root / "convex" / "jobs.ts").read_text()
    assert r.code == 0, r.out + r.err
    r2 = run_cli([*ARGS, "--fix", "--unsafe-fixes"], root)
    assert r2.code == 0 and new.read_text() == HELPERS, r2.out + r2.err


def test_never_overwrites(tmp_path):
    root = _project(tmp_path)
    (root / "convex" / "messagesHelpers.ts").write_text("export const x = 1;\n")
    r = run_cli([*ARGS, "--fix", "--unsafe-fixes"], root)
    assert (root / "convex" / "messages.helpers.ts").read_text() == HELPERS, r.out + r.err
    assert (root / "convex" / "messagesHelpers.ts").read_text() == "export const x = 1;\n"


def test_json_carries_the_rename_and_sarif_leaves_the_fix_out(tmp_path):
    import json

    root = _project(tmp_path)
    [d] = json.loads(run_cli([*ARGS, "--format", "json"], root).out)["diagnostics"]
    renames = [e for e in d["fix"]["edits"] if "rename_to" in e]
    assert [(e["file"], e["rename_to"], e["new_text"]) for e in renames] == [("convex/messages.helpers.ts", "convex/messagesHelpers.ts", "")]
    assert any(e["file"] == "convex/jobs.ts" and "messagesHelpers" in e["new_text"] for e in d["fix"]["edits"])  # the reference
    sarif = json.loads(run_cli([*ARGS, "--format", "sarif"], root).out)
    assert "fixes" not in sarif["runs"][0]["results"][0]
