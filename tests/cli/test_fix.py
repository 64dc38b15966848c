"""`--fix`, `--unsafe-fixes` and `--diff`: fixes apply until stable, a second run changes nothing,
`--diff` prints the same change without writing."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import GOLDEN_RULES, run_cli

BASE = ["check", "app", "--ignore", "ALL", "--select", GOLDEN_RULES]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_fix_applies_safe_fixes_and_is_idempotent(app_copy, golden):
    before = _snapshot(app_copy)
    r = run_cli([*BASE, "--fix", "--format", "json"], app_copy)
    doc = json.loads(r.out)
    assert doc["summary"]["fixed"] >= 4, r.out
    assert doc["summary"]["fixed_files"] == {"app/convex/legacy/old.ts": 1, "app/convex/messages.ts": 3, "app/convex/schema.ts": 1}
    assert "Fixed 5 problems in 3 files." in r.err
    after = _snapshot(app_copy)
    changed = sorted(k for k in after if after[k] != before[k])
    assert changed == ["app/convex/legacy/old.ts", "app/convex/messages.ts", "app/convex/schema.ts"]
    messages = after["app/convex/messages.ts"].decode()
    assert "v.int64()" in after["app/convex/schema.ts"].decode()
    assert "convex-lsp-disable-next-line" not in messages  # unused suppression removed
    assert '.withIndex("author"' in messages  # filter → index
    assert "mutation({" in messages  # old syntax converted (then given args)
    golden("app.fixed.messages.ts", messages)
    # the remaining findings are the ones without a safe fix
    assert {d["rule"] for d in doc["diagnostics"]} == {"no-writes-in-query", "require-access-control"}
    # idempotence: a second run changes nothing and fixes nothing
    r2 = run_cli([*BASE, "--fix", "--format", "json"], app_copy)
    assert "fixed" not in json.loads(r2.out)["summary"]
    assert _snapshot(app_copy) == after
    assert json.loads(r2.out)["diagnostics"] == doc["diagnostics"]


def test_unsafe_fixes(app_copy):
    r = run_cli([*BASE, "--fix", "--unsafe-fixes", "--format", "json"], app_copy)
    doc = json.loads(r.out)
    assert {d["rule"] for d in doc["diagnostics"]} == {"no-writes-in-query"}
    assert "getUserIdentity" in (app_copy / "app/convex/messages.ts").read_text()
    after = _snapshot(app_copy)
    r2 = run_cli([*BASE, "--fix", "--unsafe-fixes"], app_copy)
    assert _snapshot(app_copy) == after
    assert "Fixed" not in r2.out


def test_text_output_reports_what_was_fixed(app_copy):
    r = run_cli([*BASE, "--fix", "--color", "never"], app_copy)
    assert "Fixed 5 problems in 3 files." in r.out
    assert r.code == 1  # no-writes-in-query has no fix


def test_diff_changes_nothing(app_copy, golden):
    before = _snapshot(app_copy)
    r = run_cli([*BASE, "--diff"], app_copy)
    assert r.code == 1  # there are changes to make
    assert _snapshot(app_copy) == before
    golden("app.diff", r.out)
    assert r.out.startswith("--- a/app/convex/legacy/old.ts\n+++ b/app/convex/legacy/old.ts\n")
    assert "Would change 3 files." in r.err
    # after --fix, --diff has nothing left to show
    run_cli([*BASE, "--fix"], app_copy)
    r = run_cli([*BASE, "--diff"], app_copy)
    assert (r.code, r.out) == (0, "")
    assert "No fixes available." in r.err


def test_diff_goes_to_the_output_file(app_copy):
    out = app_copy / "fixes.diff"
    r = run_cli([*BASE, "--diff", "--output-file", str(out)], app_copy)
    assert (r.code, r.out) == (1, "")
    assert out.read_text().startswith("--- a/app/convex/legacy/old.ts\n")


def test_diff_matches_what_fix_writes(app_copy, tmp_path):
    import difflib

    diff = run_cli([*BASE, "--diff"], app_copy).out
    before = (app_copy / "app/convex/schema.ts").read_text()
    run_cli([*BASE, "--fix"], app_copy)
    after = (app_copy / "app/convex/schema.ts").read_text()
    expected = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "a/app/convex/schema.ts", "b/app/convex/schema.ts"))
    assert expected in diff


def test_fix_of_an_explicit_file_leaves_the_others_alone(app_copy):
    before = _snapshot(app_copy)
    r = run_cli(["check", "app/convex/schema.ts", "--fix", "--ignore", "ALL", "--select", "deprecated-validators"], app_copy)
    assert r.code == 0, r.out + r.err
    after = _snapshot(app_copy)
    assert [k for k in after if after[k] != before[k]] == ["app/convex/schema.ts"]


def test_fix_in_worker_processes_matches_one_process(tmp_path):
    """Worker processes send diagnostics back in a compact form (first fix only): --fix must apply
    exactly what a single process applies."""
    import shutil

    from cli_support import FIXTURES

    results = []
    for jobs in ("1", "2"):
        where = tmp_path / f"j{jobs}"
        shutil.copytree(FIXTURES / "app", where / "app")
        r = run_cli(["check", "app", "--fix", "--unsafe-fixes", "--format", "json", "--jobs", jobs], where)
        results.append((r.code, json.loads(r.out), _snapshot(where)))
    assert results[0] == results[1]
    assert results[0][1]["summary"]["fixed"] >= 5


def test_fix_with_a_narrow_selection_keeps_the_other_rules_suppressions(app_copy):
    """A suppression naming a rule that did not run cannot be known to be unused: `--select X --fix`
    leaves it in place (with the rule selected, the same comment is removed: the test above)."""
    r = run_cli(["check", "app", "--ignore", "ALL", "--select", "no-filter-in-query", "--fix", "--format", "json"], app_copy)
    assert "unused-suppression" not in {d["rule"] for d in json.loads(r.out)["diagnostics"]}
    assert "// convex-lsp-disable-next-line no-writes-in-query" in (app_copy / "app/convex/messages.ts").read_text()


def test_fix_never_writes_through_a_symlink_to_a_file_outside_the_root(app_copy):
    """A link inside the project to a file elsewhere is read and checked, never written through."""
    outside = app_copy / "outside"
    outside.mkdir()
    (outside / "schema_copy.ts").write_bytes((app_copy / "app/convex/schema.ts").read_bytes())
    link = app_copy / "app/convex/linked.ts"
    link.symlink_to(outside / "schema_copy.ts")
    before = (outside / "schema_copy.ts").read_bytes()
    assert b"v.bigint()" in before
    r = run_cli(["check", "app", "--ignore", "ALL", "--select", "deprecated-validators", "--fix", "--format", "json"], app_copy)
    doc = json.loads(r.out)
    assert (outside / "schema_copy.ts").read_bytes() == before
    assert link.is_symlink()
    assert [d["file"] for d in doc["diagnostics"]] == ["app/convex/linked.ts"]  # still reported, not fixed
    assert "v.int64()" in (app_copy / "app/convex/schema.ts").read_text()  # the real file is fixed


def test_fixes_keep_a_crlf_file_crlf(tmp_path):
    """Fixes are written with LF; in a CRLF file the lines they add end with CRLF like the others."""
    (tmp_path / "convex").mkdir()
    (tmp_path / "package.json").write_text('{"dependencies": {"convex": "^1.25.0"}}')
    src = (
        'import { mutation } from "./_generated/server";\r\n'
        "export const send = mutation(async (ctx, { author, body }: { author: string; body: string }) => {\r\n"
        '  await ctx.db.insert("messages", { author, body });\r\n'
        "});\r\n"
    )
    (tmp_path / "convex" / "m.ts").write_bytes(src.encode())
    r = run_cli(["check", ".", "--fix", "--unsafe-fixes", "--format", "json"], tmp_path)
    out = (tmp_path / "convex" / "m.ts").read_bytes()
    assert out != src.encode() and json.loads(r.out)["summary"]["fixed"] >= 2, r.out
    assert out.count(b"\n") == out.count(b"\r\n") and out.count(b"\n") > src.count("\n"), out


def test_a_byte_order_mark_is_not_a_column_and_survives_fix(tmp_path):
    """Columns on the first line do not count a UTF-8 BOM (as editors and ESLint), --fix keeps it,
    and a convex-lsp.toml saved with one is read."""
    bom = b"\xef\xbb\xbf"
    (tmp_path / "convex").mkdir()
    (tmp_path / "package.json").write_bytes(bom + b'{"dependencies": {"convex": "^1.25.0"}}')
    (tmp_path / "convex-lsp.toml").write_bytes(bom + b'ignore = ["require-access-control"]\n')
    src = b'export const x = 1; import { query } from "convex/server";\nexport const f = query({ args: {}, handler: async () => 1 });\n'
    (tmp_path / "convex" / "bom.ts").write_bytes(bom + src)
    r = run_cli(["check", ".", "--format", "json", "--ignore", "ALL", "--select", "registrar-import-source"], tmp_path)
    doc = json.loads(r.out)
    assert r.code in (0, 1) and "invalid-config" not in r.out, r.out + r.err
    [d] = doc["diagnostics"]
    line = src.decode().split("\n")[0]
    assert (d["line"], line[d["column"] - 1 : d["end_column"] - 1]) == (1, "query"), doc
    run_cli(["check", ".", "--fix", "--ignore", "ALL", "--select", "registrar-import-source"], tmp_path)
    out = (tmp_path / "convex" / "bom.ts").read_bytes()
    assert out.startswith(bom) and not out.startswith(bom + bom) and out != bom + src
    # --diff shows the file as it is on disk (BOM included): the patch applies to it
    (tmp_path / "convex" / "bom.ts").write_bytes(bom + src)
    r = run_cli(["check", ".", "--diff", "--ignore", "ALL", "--select", "registrar-import-source"], tmp_path)
    minus = [line for line in r.out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert minus and minus[0].startswith("-\ufeff"), r.out
