"""`--format junit`: JUnit XML (GitLab, Jenkins, Azure test reports).

One `<testsuite>` per file that has findings, one failing `<testcase>` per finding; when nothing is
found, one passing test case says so (some CI systems reject an empty report).
"""

from __future__ import annotations

from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from . import Finding, Report

_BAD = {c: None for c in range(32) if c not in (9, 10, 13)}


def _clean(s: str) -> str:
    """Drop the control characters XML 1.0 cannot carry."""
    return s.translate(_BAD)


def render(report: Report) -> str:
    findings = sorted(report.findings, key=Finding.sort_key)
    n = len(findings)
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    tests = max(n, 1)
    out.append(f'<testsuites name="convex-lsp" tests="{tests}" failures="{n}" errors="0">')
    if not findings:
        out.append('  <testsuite name="convex-lsp" tests="1" failures="0" errors="0" skipped="0">')
        out.append(f'    <testcase name={quoteattr(f"no problems in {report.files} files")} classname="convex-lsp"/>')
        out.append("  </testsuite>")
    for file, group in groupby(findings, key=lambda f: f.file):
        items = list(group)
        out.append(f'  <testsuite name={quoteattr(file)} tests="{len(items)}" failures="{len(items)}" errors="0" skipped="0">')
        for f in items:
            name = f"{f.rule} at {f.line}:{f.column}"
            out.append(f"    <testcase name={quoteattr(name)} classname={quoteattr(file)} file={quoteattr(file)} line=\"{f.line}\">")
            body = f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}\n{f.url}"
            out.append(f"      <failure message={quoteattr(_clean(f.message))} type={quoteattr(f.severity)}>{escape(_clean(body))}</failure>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
