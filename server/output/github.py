"""`--format github`: GitHub Actions workflow commands, one per finding.

`::error file=convex/a.ts,line=3,col=7,endLine=3,endColumn=12,title=rule-id::message`. Info findings
become `::notice`. Values are escaped as the Actions toolkit does (`%`, CR, LF; plus `:` and `,`
inside properties).
"""

from __future__ import annotations


from . import Finding, Report, visible, workspace_relative

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return visible(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def line(f: Finding, cwd: str = "") -> str:
    props = [
        f"file={_prop(workspace_relative(f.file, cwd))}",
        f"line={f.line}",
        f"col={f.column}",
        f"endLine={f.end_line}",
        f"endColumn={f.end_column}",
        f"title={_prop(f.rule)}",
    ]
    return f"::{LEVEL.get(f.severity, 'warning')} {','.join(props)}::{_data(f'{f.rule}: {f.message}')}"


def render(report: Report) -> str:
    return "".join(line(f, report.cwd) + "\n" for f in sorted(report.findings, key=Finding.sort_key))
