"""`--format json`: the stable, versioned shape of issue 7 (keys may be added, never renamed).

{"version": 1, "diagnostics": [{"file", "line", "column", "end_line", "end_column", "rule", "severity",
"message", "url", "fix": null | {"applicability", "title", "edits": [{"file", "line", "column",
"end_line", "end_column", "new_text"}]}}], "summary": {"files", "errors", "warnings", "infos"}}
Lines are 1-based; columns are 1-based and count Unicode code points.
"""

from __future__ import annotations

import json
from typing import Any

from . import Finding, FixOut, Report

VERSION = 1


def _fix(fix: FixOut | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "title": fix.title,
        "edits": [_edit(e) for e in fix.edits],
    }


def _edit(e) -> dict[str, Any]:
    d: dict[str, Any] = {"file": e.file, "line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column, "new_text": e.new_text}
    if e.create:
        d["create"] = True  # a new file whose content is new_text
    if e.rename_to is not None:
        d["rename_to"] = e.rename_to  # the file is renamed (its text unchanged)
    return d


def diagnostic(f: Finding) -> dict[str, Any]:
    return {
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "url": f.url,
        "fix": _fix(f.fix),
    }


def document(report: Report) -> dict[str, Any]:
    summary: dict[str, Any] = {"files": report.files, "errors": report.errors, "warnings": report.warnings, "infos": report.infos}
    if report.fixed:
        summary["fixed"] = sum(report.fixed.values())
        summary["fixed_files"] = dict(sorted(report.fixed.items()))
    doc: dict[str, Any] = {
        "version": VERSION,
        "diagnostics": [diagnostic(f) for f in sorted(report.findings, key=Finding.sort_key)],
        "summary": summary,
    }
    if report.statistics:
        doc["statistics"] = report.stats()
    return doc


def render(report: Report) -> str:
    """Indented, with one diagnostic per line (readable, diff-friendly, and the C encoder stays fast
    on tens of thousands of findings)."""
    doc = document(report)
    parts = ["{", f'  "version": {doc["version"]},']
    diags = doc["diagnostics"]
    if diags:
        parts.append('  "diagnostics": [')
        parts.append(",\n".join("    " + json.dumps(d, ensure_ascii=False) for d in diags))
        parts.append("  ],")
    else:
        parts.append('  "diagnostics": [],')
    rest = [k for k in doc if k not in ("version", "diagnostics")]
    for i, k in enumerate(rest):
        body = json.dumps(doc[k], indent=2, ensure_ascii=False).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(k)}: {body}" + ("," if i < len(rest) - 1 else ""))
    parts.append("}")
    return "\n".join(parts) + "\n"
