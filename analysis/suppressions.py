"""Suppression comments.

- `// convex-lsp-disable-next-line rule-a, rule-b` (no ids: every rule)
- `// convex-lsp-disable-line rule-a`
- `/* convex-lsp-disable rule-a */` anywhere: the whole file
- `// eslint-disable-next-line @convex-dev/<ep-id>` and `// eslint-disable-line @convex-dev/<ep-id>` for rules with an EP alias
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
    rules: tuple[str, ...]  # canonical ids; () = all rules
    line: int  # 0-based line the suppression applies to (-1 for file)
    range: TextRange  # the comment text, for the unused-suppression report and its fix
    eslint: bool = False


def parse_suppressions(data: bytes, index: LineIndex, canonical) -> list[Suppression]:
    """`canonical(id) -> str | None` maps our ids and `@convex-dev/…` aliases to rule ids."""
    out: list[Suppression] = []
    if b"disable" not in data:
        return out
    for m in _PATTERN.finditer(data):
        directive = m.group(1).decode()
        raw = m.group(2).decode("utf-8", "replace").split("--")[0]
        ids = [s.strip() for s in raw.replace(",", " ").split() if s.strip()]
        eslint = directive.startswith("eslint")
        rules: list[str] = []
        for i in ids:
            if eslint and not i.startswith("@convex-dev/"):
                continue
            c = canonical(i)
            if c is not None:
                rules.append(c)
        if eslint and not rules:
            continue  # an ESLint comment about other plugins' rules
        if not ids and eslint:
            continue
        line = index.line_of(m.start())
        if directive.endswith("next-line"):
            kind, target = "next-line", line + 1
        elif directive.endswith("-line"):
            kind, target = "line", line
        else:
            kind, target = "file", -1
        out.append(Suppression(kind, tuple(rules), target, TextRange(m.start(), m.end()), eslint))
    return out
