"""Suppression comments.

- `// convex-lsp-disable-next-line rule-a, rule-b` (no ids: every rule)
- `// convex-lsp-disable-line rule-a`
- `/* convex-lsp-disable rule-a */` anywhere: the whole file
- `// eslint-disable-next-line @convex-dev/<ep-id>` and `// eslint-disable-line @convex-dev/<ep-id>` for rules with an EP alias

A block comment may list its rules over several lines. A name that is no rule id suppresses nothing (a typo must not silence every rule); it is kept in
`unknown` for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import LineIndex, TextRange

_PATTERN = re.compile(
    rb"(?://|/\*)\s*(convex-lsp-disable-next-line|convex-lsp-disable-line|convex-lsp-disable|eslint-disable-next-line|eslint-disable-line)(?=\s|,|\*/|\Z)"
)


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: str  # next-line | line | file
    rules: tuple[str, ...]  # canonical ids; () with `every` = all rules
    line: int  # 0-based line the suppression applies to (-1 for file)
    range: TextRange  # the whole comment (without a line comment's trailing CR)
    eslint: bool = False
    every: bool = False  # no rule named: every rule (a comment naming only unknown rules suppresses nothing)
    unknown: tuple[tuple[str, TextRange], ...] = ()  # names that are no rule id, with their ranges
    names: tuple[tuple[str, TextRange], ...] = ()  # (rule id, range of the name as written) of the known ones

    def covers(self, rule: str) -> bool:
        return self.every or rule in self.rules


_NAME = re.compile(rb"[^\s,]+")


def _comment_end(data: bytes, start: int) -> int:
    """Where the comment starting at `start` ends, from the text alone (no tree)."""
    if data.startswith(b"/*", start):
        end = data.find(b"*/", start + 2)
        return len(data) if end < 0 else end + 2
    end = data.find(b"\n", start)
    return len(data) if end < 0 else end


def parse_suppressions(data: bytes, index: LineIndex, canonical, comment_at=None) -> list[Suppression]:
    """`canonical(id) -> str | None` maps our ids and `@convex-dev/…` aliases to rule ids.
    `comment_at(offset) -> (start, end) | None`: the comment that holds `offset` (None when the text
    there is inside a string or template, not a comment); without it the text decides. A directive
    counts only at the start of a comment, and a block comment's names may span lines."""
    out: list[Suppression] = []
    if b"disable" not in data:
        return out
    for m in _PATTERN.finditer(data):
        if comment_at is not None:
            span = comment_at(m.start())
            if span is None or span[0] != m.start():
                continue
            cend = span[1]
        else:
            cend = _comment_end(data, m.start())
        block = data.startswith(b"/*", m.start())
        body_end = cend - 2 if block and data[cend - 2 : cend] == b"*/" else cend
        if not block:
            while cend > m.end() and data[cend - 1 : cend] in (b"\r", b"\n"):
                cend -= 1
            body_end = cend
        directive = m.group(1).decode()
        raw = data[m.end() : body_end].split(b"--")[0]
        # (a lone `*` is the line marker of a /** … */-style comment, not a name)
        found = [(n.group(0).decode("utf-8", "replace"), m.end() + n.start(), m.end() + n.end()) for n in _NAME.finditer(raw) if n.group(0).strip(b"*")]
        eslint = directive.startswith("eslint")
        names: list[tuple[str, TextRange]] = []
        unknown: list[tuple[str, TextRange]] = []
        for name, at, end in found:
            if eslint and not name.startswith("@convex-dev/"):
                continue
            c = canonical(name)
            if c is not None:
                names.append((c, TextRange(at, end)))
            elif not eslint:  # ESLint reports its own unknown rules
                unknown.append((name, TextRange(at, end)))
        if eslint and not names:
            continue  # an ESLint comment about other plugins' rules
        line = index.line_of(m.start())
        if directive.endswith("next-line"):
            kind, target = "next-line", index.line_of(cend) + 1
        elif directive.endswith("-line"):
            kind, target = "line", line
        else:
            kind, target = "file", -1
        rules = tuple(dict.fromkeys(c for c, _ in names))
        out.append(Suppression(kind, rules, target, TextRange(m.start(), cend), eslint, not found, tuple(unknown), tuple(names)))
    return out
