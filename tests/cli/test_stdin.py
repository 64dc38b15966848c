"""`--stdin-filename`: the text comes from stdin and is checked as that file, within its root."""

from __future__ import annotations

import json

from cli_support import run_cli

SCHEMA = "app/convex/schema.ts"


def test_stdin_text_replaces_the_file_on_disk(fixtures):
    text = (fixtures / SCHEMA).read_text(encoding="utf-8").replace("likes: v.bigint(),", "likes: v.bigint(),\n    score: v.bigint(),")
    r = run_cli(["check", "--stdin-filename", SCHEMA, "--format", "json", "--ignore", "ALL", "--select", "deprecated-validators"], fixtures, stdin=text)
    doc = json.loads(r.out)
    assert r.code == 0
    assert [(d["file"], d["line"]) for d in doc["diagnostics"]] == [(SCHEMA, 9), (SCHEMA, 10)]
    assert doc["summary"]["files"] == 1


def test_stdin_file_uses_the_project_model(fixtures):
    """A new file that exists only on stdin still sees the project's schema."""
    text = 'import { query } from "./_generated/server";\nexport const f = query({ args: {}, handler: async (ctx) => ctx.db.query("nope").take(1) });\n'
    r = run_cli(["check", "--stdin-filename", "app/convex/new.ts", "--format", "json", "--ignore", "ALL", "--select", "unknown-table"], fixtures, stdin=text)
    doc = json.loads(r.out)
    assert [d["rule"] for d in doc["diagnostics"]] == ["unknown-table"], r.out + r.err
    assert doc["diagnostics"][0]["file"] == "app/convex/new.ts"
    assert r.code == 1


def test_stdin_fix_prints_the_fixed_text(fixtures):
    text = (fixtures / SCHEMA).read_text(encoding="utf-8")
    r = run_cli(["check", "--stdin-filename", SCHEMA, "--fix", "--ignore", "ALL", "--select", "deprecated-validators"], fixtures, stdin=text)
    assert r.code == 0
    assert r.out == text.replace("v.bigint()", "v.int64()")
    assert "Fixed 1 problem in 1 file." in r.err
    assert (fixtures / SCHEMA).read_text(encoding="utf-8") == text  # nothing written


def test_stdin_outside_a_convex_root_is_ignored_like_an_explicit_file(tmp_path):
    """As for files passed explicitly (and ESLint's ignored files): a note, exit 0; with --fix the
    text comes back unchanged (an editor replacing its buffer with stdout must not get nothing)."""
    text = "export const x = 1;\n"
    r = run_cli(["check", "--stdin-filename", "x.ts"], tmp_path, stdin=text)
    assert r.code == 0 and "x.ts is not inside a Convex project; nothing to check" in r.err, r.err
    r = run_cli(["check", "--stdin-filename", "x.ts", "--fix"], tmp_path, stdin=text)
    assert (r.code, r.out) == (0, text), r.err


def test_stdin_fix_applies_only_edits_to_the_stdin_text(app_copy):
    """A fix that edits another file (here the schema) or creates one is not applied with
    --stdin-filename (only stdin's text is written back), so its finding stays and counts."""
    text = 'import { query } from "./_generated/server";\nexport const f = query({ args: {}, handler: async (ctx) => ctx.db.query("posts").take(1) });\n'
    schema = (app_copy / SCHEMA).read_bytes()
    args = ["check", "--stdin-filename", "app/convex/new.ts", "--fix", "--unsafe-fixes", "--ignore", "ALL", "--select", "unknown-table"]
    r = run_cli(args, app_copy, stdin=text)
    assert (r.code, r.out) == (1, text), r.err
    assert "unknown-table" in r.err and "Fixed" not in r.err
    assert (app_copy / SCHEMA).read_bytes() == schema
    assert not (app_copy / "app/convex/new.ts").exists()
