"""Human-readable output: `path:line:col: severity rule-id message`, the source line, a caret
underline, the fix title, and a summary. ANSI colour only when asked (the caller decides: terminal,
`--color`, `NO_COLOR`)."""

from __future__ import annotations

import unicodedata

from . import Finding, Report, visible

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
SEV_COLOR = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
GUTTER = "\x1b[34m"
TAB = "    "


def _plural(n: int, word: str) -> str:
    if word == "info":
        return f"{n} info" if n == 1 else f"{n} infos"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, code: str, s: str) -> str:
        return f"{code}{s}{RESET}" if self.on and s else s


def _width(s: str) -> int:
    """Terminal columns of `s` (wide East Asian characters and most emoji take two, combining marks none)."""
    if s.isascii():
        return len(s)
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _underline(f: Finding) -> tuple[str, str]:
    """(source line with tabs expanded, caret line) for the first line of the range."""
    src = visible(f.source.rstrip("\r\n"))
    start = max(0, f.column - 1)
    end = f.end_column - 1 if f.end_line == f.line else len(src)
    end = max(end, start + 1)
    prefix = src[:start].replace("\t", TAB)
    marked = src[start:end].replace("\t", TAB)
    width = max(1, _width(marked)) if start < len(src) else 1
    return src.replace("\t", TAB), " " * _width(prefix) + "^" * width


def render_finding(f: Finding, paint: _Paint, unsafe_fixes: bool = False) -> list[str]:
    head = (
        f"{paint(BOLD, visible(f.file))}:{f.line}:{f.column}: {paint(SEV_COLOR.get(f.severity, ''), f.severity)} "
        f"{paint(DIM, f.rule)} {visible(f.message)}"
    )
    out = [head]
    if f.source.strip():
        src, carets = _underline(f)
        num = str(f.line)
        pad = " " * len(num)
        out.append(f"  {paint(GUTTER, num + ' |')} {src}".rstrip())
        out.append(f"  {paint(GUTTER, pad + ' |')} {paint(SEV_COLOR.get(f.severity, ''), carets)}")
        if f.fix is not None and f.fix.title:
            how = {"safe": "fix available with --fix", "unsafe": "unsafe fix: --fix --unsafe-fixes", "display-only": "suggestion"}
            out.append(f"  {paint(GUTTER, pad + ' =')} {f.fix.title} ({how.get(f.fix.applicability, f.fix.applicability)})")
    return out


def summary_lines(report: Report) -> list[str]:
    n = len(report.findings)
    lines: list[str] = []
    if report.fixed:
        total = sum(report.fixed.values())
        lines.append(f"Fixed {_plural(total, 'problem')} in {_plural(len(report.fixed), 'file')}.")
        shown = sorted(report.fixed.items())
        lines.extend(f"  {path}: {n} fixed" for path, n in shown[:20])
        if len(shown) > 20:
            lines.append(f"  … and {len(shown) - 20} more files")
    if n == 0:
        lines.append(f"All checks passed ({_plural(report.files, 'file')} checked).")
        return lines
    parts = [_plural(report.errors, "error"), _plural(report.warnings, "warning"), _plural(report.infos, "info")]
    lines.append(f"Found {_plural(n, 'problem')} ({', '.join(parts)}) in {_plural(report.files, 'file')} checked.")
    safe = sum(1 for f in report.findings if f.fix is not None and f.fix.applicability == "safe")
    unsafe = sum(1 for f in report.findings if f.fix is not None and f.fix.applicability == "unsafe")
    if safe or unsafe:
        if report.unsafe_fixes or not safe:
            lines.append(f"{safe + unsafe} fixable with --fix --unsafe-fixes.")
        else:
            extra = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
            lines.append(f"{safe} fixable with --fix{extra}.")
    return lines


def statistics_lines(report: Report) -> list[str]:
    rows = report.stats()
    if not rows:
        return []
    wc = max(len(str(r["count"])) for r in rows)
    wr = max(len(r["rule"]) for r in rows)
    out = []
    for r in rows:
        fix = f"  [{r['fixable']} fixable]" if r["fixable"] else ""
        levels = r.get("severities") or {r["severity"]: r["count"]}
        # a rule reported at several levels (public vs internal functions) says how many of each
        sev = r["severity"] if len(levels) == 1 else ", ".join(f"{n} {k}" for k, n in levels.items())
        out.append(f"{str(r['count']).rjust(wc)}  {r['rule'].ljust(wr)}  {sev.ljust(7)}{fix}".rstrip())
    return out


def render(report: Report, color: bool = False) -> str:
    paint = _Paint(color)
    out: list[str] = []
    if report.statistics:
        out.extend(statistics_lines(report))
    else:
        for f in sorted(report.findings, key=Finding.sort_key):
            out.extend(render_finding(f, paint, report.unsafe_fixes))
            out.append("")
    if out and out[-1] != "":
        out.append("")
    out.extend(summary_lines(report))
    return "\n".join(out) + "\n"
