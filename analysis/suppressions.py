"""Suppression comments.

- `// convex-lsp-disable-next-line rule-a, rule-b` (no ids: every rule)
- `// convex-lsp-disable-line rule-a`
- `/* convex-lsp-disable rule-a */` anywhere: the whole file
- `// eslint-disable-next-line @convex-dev/<ep-id>` and `// eslint-disable-line @convex-dev/<ep-id>` for rules with an EP alias

A name that is no rule id suppresses nothing (a typo must not silence every rule); it is kept in
`unknown` for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import LineIndex, TextRange

_PATTERN = re.compile(
    rb"(?://|/\*)\s*(convex-lsp-disable-next-line|convex-lsp-disable-line|convex-lsp-disable|eslint-disable-next-line|eslint-disable-line)\b([^\n*]*)"
)


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: str  # next-line | line | file
    rules: tuple[str, ...]  # canonical ids; () with `every` = all rules
    line: int  # 0-based line the suppression applies to (-1 for file)
    range: TextRange  # the comment text, for the unused-suppression report and its fix
    eslint: bool = False
    every: bool = False  # no rule named: every rule (a comment naming only unknown rules suppresses nothing)
    unknown: tuple[tuple[str, TextRange], ...] = ()  # names that are no rule id, with their ranges

    def covers(self, rule: str) -> bool:
        return self.every or rule in self.rules


_NAME = re.compile(rb"[^\s,]+")


def parse_suppressions(data: bytes, index: LineIndex, canonical, in_comment=None) -> list[Suppression]:
    """`canonical(id) -> str | None` maps our ids and `@convex-dev/…` aliases to rule ids.
    `in_comment(offset) -> bool`: whether a directive found at `offset` is really a comment (not
    text inside a string or template); without it every match counts."""
    out: list[Suppression] = []
    if b"disable" not in data:
        return out
    for m in _PATTERN.finditer(data):
        if in_comment is not None and not in_comment(m.start()):
            continue
        directive = m.group(1).decode()
        raw = m.group(2).split(b"--")[0]
        names = [(n.group(0).decode("utf-8", "replace"), m.start(2) + n.start()) for n in _NAME.finditer(raw)]
        eslint = directive.startswith("eslint")
        rules: list[str] = []
        unknown: list[tuple[str, TextRange]] = []
        for name, at in names:
            if eslint and not name.startswith("@convex-dev/"):
                continue
            c = canonical(name)
            if c is not None:
                rules.append(c)
            elif not eslint:  # ESLint reports its own unknown rules
                unknown.append((name, TextRange(at, at + len(name.encode("utf-8")))))
        if eslint and not rules:
            continue  # an ESLint comment about other plugins' rules
        line = index.line_of(m.start())
        if directive.endswith("next-line"):
            kind, target = "next-line", line + 1
        elif directive.endswith("-line"):
            kind, target = "line", line
        else:
            kind, target = "file", -1
        out.append(Suppression(kind, tuple(rules), target, TextRange(m.start(), m.end()), eslint, not names, tuple(unknown)))
    return out
