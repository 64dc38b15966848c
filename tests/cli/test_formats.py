"""Golden tests: every output format on the `app` fixture (errors, warnings and infos; safe and
unsafe fixes; a per-path override; code-point columns after non-ASCII text)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from cli_support import FIXTURES, GOLDEN_RULES, run_cli

BASE = ["check", "app", "--ignore", "ALL", "--select", GOLDEN_RULES]


def test_text(fixtures, golden):
    r = run_cli([*BASE, "--color", "never"], fixtures)
    assert r.code == 1, r.err
    golden("app.text", r.out)
    assert "\x1b[" not in r.out


def test_text_color_always(fixtures, golden):
    r = run_cli([*BASE, "--color", "always"], fixtures)
    golden("app.color.text", r.out)
    assert "\x1b[1;31merror\x1b[0m" in r.out


def test_text_color_auto_follows_the_terminal_and_no_color(fixtures, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert "\x1b[" not in run_cli(BASE, fixtures, tty=False).out
    assert "\x1b[" in run_cli(BASE, fixtures, tty=True).out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli(BASE, fixtures, tty=True).out
    assert "\x1b[" in run_cli([*BASE, "--color", "always"], fixtures, tty=False).out


def test_json(fixtures, golden):
    r = run_cli([*BASE, "--format", "json"], fixtures)
    assert r.code == 1
    golden("app.json", r.out)
    doc = json.loads(r.out)
    assert doc["version"] == 1
    assert set(doc) >= {"version", "diagnostics", "summary"}
    sev = {d["severity"] for d in doc["diagnostics"]}
    assert sev == {"error", "warning", "info"}
    for d in doc["diagnostics"]:
        assert set(d) >= {"file", "line", "column", "end_line", "end_column", "rule", "severity", "message", "url", "fix"}
        assert "\\" not in d["file"] and not d["file"].startswith("/")
        assert d["url"].endswith(d["rule"] + ".md") or "#" in d["url"]
        if d["fix"] is not None:
            assert d["fix"]["applicability"] in ("safe", "unsafe", "display-only")
            for e in d["fix"]["edits"]:
                assert set(e) == {"file", "line", "column", "end_line", "end_column", "new_text"}
    s = doc["summary"]
    assert s["errors"] == sum(d["severity"] == "error" for d in doc["diagnostics"])
    assert s["files"] == 3


def test_json_columns_count_code_points(fixtures):
    """A finding after an emoji and umlauts: columns count code points (not bytes, not UTF-16)."""
    doc = json.loads(run_cli([*BASE, "--format", "json"], fixtures).out)
    d = next(d for d in doc["diagnostics"] if d["rule"] == "no-writes-in-query")
    line = (fixtures / "app/convex/messages.ts").read_text(encoding="utf-8").splitlines()[d["line"] - 1]
    assert "👋" in line
    assert d["column"] == line.index("ctx.db.patch") + 1
    assert d["end_column"] == line.index("ctx.db.patch") + len("ctx.db.patch") + 1


def test_sarif(fixtures, golden):
    r = run_cli([*BASE, "--format", "sarif"], fixtures)
    assert r.code == 1
    doc = json.loads(r.out)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for res in run["results"]:  # ruleIndex points at the rule's own metadata
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    # golden: the results (the rule metadata grows with the registry)
    for res in run["results"]:
        del res["ruleIndex"]
    golden("app.sarif.results.json", json.dumps(run["results"], indent=2, ensure_ascii=False) + "\n")
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")


def test_github(fixtures, golden):
    r = run_cli([*BASE, "--format", "github"], fixtures)
    assert r.code == 1
    golden("app.github.txt", r.out)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in r.out.splitlines())


def test_junit(fixtures, golden):
    r = run_cli([*BASE, "--format", "junit"], fixtures)
    assert r.code == 1
    golden("app.junit.xml", r.out)
    root = ET.fromstring(r.out)
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert len(cases) == int(root.get("tests")) == int(root.get("failures"))


def test_junit_clean_run_has_a_passing_case(fixtures):
    r = run_cli(["check", "clean", "--format", "junit"], fixtures)
    assert r.code == 0, r.out + r.err
    root = ET.fromstring(r.out)
    assert root.get("failures") == "0" and len(root.findall(".//testcase")) == 1


def test_statistics(fixtures, golden):
    r = run_cli([*BASE, "--statistics"], fixtures)
    golden("app.statistics.txt", r.out)
    j = json.loads(run_cli([*BASE, "--statistics", "--format", "json"], fixtures).out)
    assert sum(s["count"] for s in j["statistics"]) == len(j["diagnostics"])
    rac = next(s for s in j["statistics"] if s["rule"] == "require-access-control")
    assert (rac["severity"], rac["severities"]) == ("warning", {"warning": 4, "info": 1})


def test_output_file(fixtures, tmp_path):
    out = tmp_path / "report.sarif"
    r = run_cli([*BASE, "--format", "sarif", "--output-file", str(out)], fixtures)
    assert r.code == 1 and r.out == ""
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_output_file_in_a_new_folder_and_bad_output_files(fixtures, tmp_path):
    out = tmp_path / "reports" / "ci" / "report.json"
    r = run_cli([*BASE, "--format", "json", "--output-file", str(out)], fixtures)
    assert r.code == 1 and json.loads(out.read_text())["version"] == 1  # the folders are created, as ruff does
    r = run_cli([*BASE, "--output-file", str(tmp_path)], fixtures)
    assert (r.code, r.out) == (2, "") and r.err == f"convex-lsp check: error: --output-file {tmp_path} is a directory\n"
    (tmp_path / "file").write_text("")
    r = run_cli([*BASE, "--output-file", str(tmp_path / "file" / "report.txt")], fixtures)
    assert r.code == 2 and r.err.startswith(f"convex-lsp check: error: cannot create the folder of --output-file {tmp_path / 'file' / 'report.txt'}: ")
    assert "Traceback" not in r.err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character(tmp_path, fmt):
    import os
    import shutil

    shutil.copytree(FIXTURES / "app", tmp_path / "app")
    src = os.fsencode(str(tmp_path / "app" / "convex" / "messages.ts"))
    os.rename(src, src.replace(b"messages.ts", b"caf\xe9.ts"))
    r = run_cli(["check", "app", "--format", fmt, "--ignore", "ALL", "--select", "no-writes-in-query", "--color", "never", "--output-file", str(tmp_path / "out")], tmp_path)
    assert r.code == 1, r.err
    text = (tmp_path / "out").read_bytes().decode("utf-8")  # valid UTF-8
    assert "caf\ufffd.ts" in text or "caf%EF%BF%BD.ts" in text
    r = run_cli(["check", "app", "--format", fmt, "--ignore", "ALL", "--select", "no-writes-in-query", "--color", "never"], tmp_path)
    assert r.code == 1 and "Traceback" not in r.err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_parallel_workers_give_the_same_output(fixtures, fmt):
    one = run_cli([*BASE, "--format", fmt, "--jobs", "1", "--color", "never"], fixtures)
    two = run_cli([*BASE, "--format", fmt, "--jobs", "2", "--color", "never"], fixtures)
    assert (one.code, one.out) == (two.code, two.out)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_of_the_source_never_reach_the_terminal(tmp_path, fmt):
    (tmp_path / "convex").mkdir()
    (tmp_path / "package.json").write_text('{"dependencies": {"convex": "^1.25.0"}}')
    (tmp_path / "convex" / "schema.ts").write_text('import { defineSchema, defineTable } from "convex/server";\nexport default defineSchema({ t: defineTable({}) });\n')
    (tmp_path / "convex" / "q.ts").write_text('import { query } from "./_generated/server";\nexport const f = query({ args: {}, handler: async (ctx) => ctx.db.query("x\x07y\x1b[31mz").take(1) });\n')
    r = run_cli(["check", ".", "--format", fmt, "--color", "never", "--ignore", "ALL", "--select", "unknown-table"], tmp_path)
    assert r.code == 1 and "unknown-table" in r.out, r.out
    assert "\x1b" not in r.out and "\x07" not in r.out
    assert "x\u2407y\u241b[31mz" in r.out
