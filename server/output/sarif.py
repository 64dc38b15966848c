"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run; `tool.driver.rules` lists every rule with its summary, docs (`help.markdown`), help URI and
default level; results point at files relative to `%SRCROOT%` (the current directory; in GitHub
Actions the repository root, GITHUB_WORKSPACE, where code scanning looks for them), with 1-based
lines and code-point columns (`columnKind: unicodeCodePoints`), and carry their fix as SARIF `fixes`.
Validated against the official schema in tests/cli/test_sarif_schema.py.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from . import Finding, FixOut, Report, RuleMeta, github_workspace, workspace_relative

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/convex-lsp/convex-lsp"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return quote(path, safe="/.-_~")


def _region(line: int, col: int, end_line: int, end_col: int) -> dict[str, int]:
    r = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    if (end_line, end_col) < (line, col):  # pragma: no cover - defensive
        r["endLine"], r["endColumn"] = line, col
    return r


def _location(path: str, cwd: str) -> dict[str, str]:
    """`path` (relative to `cwd`) under %SRCROOT%: the repository root in GitHub Actions, else `cwd`."""
    return {"uri": _uri(workspace_relative(path, cwd)), "uriBaseId": "%SRCROOT%"}


def _fix(fix: FixOut, cwd: str) -> dict[str, Any]:
    by_file: dict[str, list[dict[str, Any]]] = {}
    for e in fix.edits:
        by_file.setdefault(e.file, []).append(
            {"deletedRegion": _region(e.line, e.column, e.end_line, e.end_column), "insertedContent": {"text": e.new_text}}
        )
    return {
        "description": {"text": f"{fix.title} ({fix.applicability})"},
        "artifactChanges": [{"artifactLocation": _location(f, cwd), "replacements": reps} for f, reps in by_file.items()],
    }


def _rule(m: RuleMeta) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": m.id,
        "name": "".join(p.capitalize() for p in m.id.split("-")),
        "shortDescription": {"text": m.summary or m.id},
        "helpUri": m.url,
        "defaultConfiguration": {"level": LEVEL.get(m.default_severity, "warning")},
        "properties": {"tags": [m.category] if m.category else []},
    }
    if m.docs:
        d["fullDescription"] = {"text": m.summary or m.id}
        d["help"] = {"text": m.docs, "markdown": m.docs}
    return d


def document(report: Report) -> dict[str, Any]:
    rules = list(report.rules)
    index = {m.id: i for i, m in enumerate(rules)}
    findings = sorted(report.findings, key=Finding.sort_key)
    for f in findings:  # rules the metadata does not know (e.g. unused-suppression)
        if f.rule not in index:
            index[f.rule] = len(rules)
            rules.append(RuleMeta(f.rule, f.rule, "", f.severity, f.url))
    results = []
    for f in findings:
        r: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": _location(f.file, report.cwd), "region": _region(f.line, f.column, f.end_line, f.end_column)}}
            ],
        }
        if f.fix is not None and f.fix.edits and not any(e.rename_to for e in f.fix.edits):  # SARIF cannot express a rename
            r["fixes"] = [_fix(f.fix, report.cwd)]
        results.append(r)
    cwd = (github_workspace(report.cwd) or report.cwd).rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "convex-lsp",
                "version": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(m) for m in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.cwd:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": "file://" + _uri(cwd if cwd.startswith("/") else "/" + cwd)}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
