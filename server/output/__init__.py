"""Output of `convex-lsp check`: one plain-data `Report`, one module per format.

The check command turns analysis diagnostics (byte ranges) into `Finding`s (1-based lines, 1-based
code-point columns, paths relative to the current directory with `/`), then `render(fmt, report)`
imports only the formatter it needs.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from convex_lsp.analysis.diagnostics import Diagnostic, Fix
    from convex_lsp.analysis.host import Analysis
    from convex_lsp.analysis.text import LineIndex

FORMATS = ("text", "json", "sarif", "github", "junit")
CONFIG_RULE = "invalid-config"


@dataclass(frozen=True, slots=True)
class EditOut:
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    new_text: str
    create: bool = False  # the edit creates `file` (with new_text as its content)
    rename_to: str | None = None  # the edit renames `file` to this path (no text change)


@dataclass(frozen=True, slots=True)
class FixOut:
    applicability: str
    title: str
    edits: tuple[EditOut, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    file: str  # relative to the current directory, forward slashes
    line: int  # 1-based
    column: int  # 1-based, Unicode code points
    end_line: int
    end_column: int
    rule: str
    severity: str  # error | warning | info
    message: str
    url: str
    fix: FixOut | None = None
    source: str = ""  # the text of `line` (for the text format)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.end_line, self.end_column, self.rule, self.message)


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What SARIF's `tool.driver.rules` needs about a rule."""

    id: str
    summary: str
    category: str
    default_severity: str
    url: str
    docs: str = ""  # markdown


@dataclass
class Report:
    findings: list[Finding]
    files: int  # files checked
    rules: list[RuleMeta] = field(default_factory=list)
    fixed: dict[str, int] = field(default_factory=dict)  # file → fixes applied (with --fix)
    statistics: bool = False
    unsafe_fixes: bool = False
    tool_version: str = "0.0.0"
    cwd: str = ""  # absolute posix path of the directory paths are relative to

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def infos(self) -> int:
        return self.count("info")

    def stats(self) -> list[dict[str, Any]]:
        """Counts per rule, most frequent first: {rule, count, severity (the most severe), fixable,
        severities (count per level)}."""
        order = {"error": 0, "warning": 1, "info": 2}
        by: dict[str, dict[str, Any]] = {}
        for f in self.findings:
            s = by.setdefault(f.rule, {"rule": f.rule, "count": 0, "severity": f.severity, "fixable": 0, "severities": {}})
            s["count"] += 1
            s["severities"][f.severity] = s["severities"].get(f.severity, 0) + 1
            if order.get(f.severity, 3) < order.get(s["severity"], 3):
                s["severity"] = f.severity
            if f.fix is not None and (f.fix.applicability == "safe" or (self.unsafe_fixes and f.fix.applicability == "unsafe")):
                s["fixable"] += 1
        for s in by.values():  # counts per level, most severe first
            s["severities"] = {k: s["severities"][k] for k in sorted(s["severities"], key=lambda k: order.get(k, 3))}
        return sorted(by.values(), key=lambda s: (-s["count"], s["rule"]))


def github_workspace(cwd: str) -> str | None:
    """GITHUB_WORKSPACE (the repository root in GitHub Actions) when the check ran inside it."""
    ws = os.environ.get("GITHUB_WORKSPACE")
    if not ws or not cwd:
        return None
    ws = os.path.abspath(ws)
    return ws if relpath(cwd, ws).split("/")[0] != ".." else None


def workspace_relative(file: str, cwd: str) -> str:
    """`file` (relative to `cwd`) relative to the repository root in GitHub Actions: GitHub places
    annotations and code-scanning results by repository paths, and the check may have run in a
    subfolder (the action's `working-directory`)."""
    ws = github_workspace(cwd)
    if ws is None:
        return file
    rel = relpath(os.path.normpath(os.path.join(cwd, file)), ws)
    return file if rel.startswith("../") else rel


_CONTROLS = {c: chr(0x2400 + c) for c in range(32) if c != 9}
_CONTROLS[0x7F] = "\u2421"
_CONTROLS.update({c: "\ufffd" for c in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """Control characters of source text or messages as their visible symbols (U+2400…): a terminal
    or log must never receive an escape sequence from the code it shows. Same length in code points."""
    return text.translate(_CONTROLS) if not text.isprintable() else text


@functools.lru_cache(maxsize=4096)
def relpath(path: str, cwd: str) -> str:
    """`path` (absolute) relative to `cwd`, with forward slashes (absolute when on another drive),
    for display: bytes of a file name that are not UTF-8 (held as surrogate escapes) show as U+FFFD,
    so every output format can encode it."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # pragma: no cover - Windows, other drive
        rel = path
    rel = rel.replace(os.sep, "/")
    if not rel.isascii():
        rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return rel


def _pos(index: "LineIndex", offset: int) -> tuple[int, int]:
    line, col = index.position(offset, "utf-32")
    return line + 1, col + 1


def _source_line(index: "LineIndex", line: int) -> str:
    return index.line_bytes(line - 1).decode("utf-8", "replace") if 0 < line <= index.line_count else ""


def fix_out(fix: "Fix", snap: "Analysis", cwd: str) -> FixOut:
    edits = []
    for e in fix.edits:
        idx = snap.line_index(e.path)
        if e.rename_to is not None:
            edits.append(EditOut(relpath(e.path, cwd), 1, 1, 1, 1, "", rename_to=relpath(e.rename_to, cwd)))
            continue
        if idx is None:
            if e.range.start == e.range.end == 0:  # a file the fix creates
                edits.append(EditOut(relpath(e.path, cwd), 1, 1, 1, 1, e.new_text, create=True))
            continue
        (l1, c1), (l2, c2) = _pos(idx, e.range.start), _pos(idx, e.range.end)
        edits.append(EditOut(relpath(e.path, cwd), l1, c1, l2, c2, e.new_text))
    return FixOut(fix.applicability, fix.title, tuple(edits))


def finding(d: "Diagnostic", snap: "Analysis", cwd: str, url: str) -> Finding:
    idx = snap.line_index(d.path)
    assert idx is not None
    (l1, c1), (l2, c2) = _pos(idx, d.range.start), _pos(idx, d.range.end)
    fix = fix_out(d.fix, snap, cwd) if d.fix is not None else None
    return Finding(relpath(d.path, cwd), l1, c1, l2, c2, d.rule, d.severity, d.message, url, fix, _source_line(idx, l1))


def render(fmt: str, report: Report, color: bool = False) -> str:
    if fmt == "text":
        from . import text

        return text.render(report, color)
    if fmt == "json":
        from . import json as json_out

        return json_out.render(report)
    if fmt == "sarif":
        from . import sarif

        return sarif.render(report)
    if fmt == "github":
        from . import github

        return github.render(report)
    if fmt == "junit":
        from . import junit

        return junit.render(report)
    raise ValueError(f"unknown format {fmt!r}")
