"""Formatter details that the fixture does not reach: escaping, tabs, wide characters, empty reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from convex_lsp.server.output import EditOut, Finding, FixOut, Report, render


def _f(**kw) -> Finding:
    base = dict(file="convex/a.ts", line=1, column=1, end_line=1, end_column=2, rule="r", severity="error", message="m", url="https://x/r.md")
    base.update(kw)
    return Finding(**base)


def test_github_escapes_data_and_properties():
    out = render("github", Report([_f(file="convex/a,b:c.ts", message="50% done\nnext line")], 1))
    assert out == "::error file=convex/a%2Cb%3Ac.ts,line=1,col=1,endLine=1,endColumn=2,title=r::r: 50%25 done%0Anext line\n"


def test_github_info_is_a_notice():
    assert render("github", Report([_f(severity="info")], 1)).startswith("::notice ")


def test_text_underline_with_tabs_and_wide_characters():
    src = "\tconst 名前 = v.bigint();"
    col = src.index("v.bigint") + 1
    out = render("text", Report([_f(source=src, column=col, end_column=col + len("v.bigint()"))], 1))
    line, carets = out.splitlines()[1:3]
    code = line.split("| ", 1)[1]
    marks = carets.split("| ", 1)[1]
    assert code == "    const 名前 = v.bigint();"
    # display columns: 4 (tab) + "const " 6 + 名前 (2 wide chars = 4) + " = " 3
    assert marks == " " * 17 + "^" * 10


def test_text_zero_width_and_end_of_line_ranges():
    out = render("text", Report([_f(source="abc", column=4, end_column=4)], 1))
    assert out.splitlines()[2].endswith("|    ^")


def test_text_multiline_range_underlines_to_the_end_of_the_first_line():
    out = render("text", Report([_f(source="foo(bar,", column=4, end_line=3, end_column=2)], 1))
    assert out.splitlines()[2].endswith("|    ^^^^^")


def test_empty_reports():
    empty = Report([], 4)
    assert render("text", empty) == "All checks passed (4 files checked).\n"
    assert json.loads(render("json", empty)) == {"version": 1, "diagnostics": [], "summary": {"files": 4, "errors": 0, "warnings": 0, "infos": 0}}
    assert render("github", empty) == ""
    assert json.loads(render("sarif", empty))["runs"][0]["results"] == []
    ET.fromstring(render("junit", empty))


def test_junit_drops_control_characters():
    out = render("junit", Report([_f(message="bad\x01char")], 1))
    ET.fromstring(out)
    assert "badchar" in out


def test_json_fix_shape():
    fix = FixOut("unsafe", "Do it", (EditOut("convex/b.ts", 2, 3, 2, 5, "x"),))
    doc = json.loads(render("json", Report([_f(fix=fix)], 1)))
    assert doc["diagnostics"][0]["fix"] == {
        "applicability": "unsafe",
        "title": "Do it",
        "edits": [{"file": "convex/b.ts", "line": 2, "column": 3, "end_line": 2, "end_column": 5, "new_text": "x"}],
    }


def test_sarif_paths_are_uri_encoded():
    doc = json.loads(render("sarif", Report([_f(file="my app/convex/ä.ts")], 1, cwd="/home/me/work dir")))
    run = doc["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20app/convex/%C3%A4.ts"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///home/me/work%20dir/"


def test_github_paths_are_relative_to_the_workspace(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    report = Report([_f(file="convex/a.ts")], 1, cwd=str(tmp_path / "backend"))
    assert "file=backend/convex/a.ts," in render("github", report)
    monkeypatch.delenv("GITHUB_WORKSPACE")
    assert "file=convex/a.ts," in render("github", report)


def test_sarif_paths_are_relative_to_the_workspace_in_github_actions(monkeypatch, tmp_path):
    """Code scanning places results by repository path: with the action's working-directory in a
    subfolder, URIs (and %SRCROOT%) are taken from GITHUB_WORKSPACE."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    report = Report([_f(file="convex/a.ts")], 1, cwd=str(tmp_path / "backend"))
    run = json.loads(render("sarif", report))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "backend/convex/a.ts"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == f"file://{tmp_path.as_posix()}/"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))  # the check ran outside it: unchanged
    run = json.loads(render("sarif", report))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "convex/a.ts"
