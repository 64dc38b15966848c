"""Plain-data diagnostics, edits and fixes, shared by the rules, the server and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .text import TextRange

Severity = Literal["error", "warning", "info"]
Applicability = Literal["safe", "unsafe", "display-only"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the bytes `range` of `path` by `new_text`. `snippet`: new_text uses $1/${1:x} tab stops.

    `rename_to` set (with an empty range and text): rename the file `path` to `rename_to`."""

    path: str
    range: TextRange
    new_text: str
    snippet: bool = False
    rename_to: str | None = None


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]
    kind: str = "quickfix"  # quickfix | refactor.rewrite | source.fixAll


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    range: TextRange
    rule: str
    message: str
    severity: Severity
    fixes: tuple[Fix, ...] = ()
    tags: tuple[str, ...] = ()  # "unnecessary" | "deprecated"
    related: tuple[tuple[str, TextRange, str], ...] = ()  # (path, range, message)

    @property
    def fix(self) -> Fix | None:
        return self.fixes[0] if self.fixes else None

    def sort_key(self) -> tuple:
        return (self.path, self.range.start, self.range.end, self.rule, self.message)


def apply_edits(data: bytes, edits: list[Edit] | tuple[Edit, ...]) -> bytes:
    """Apply non-overlapping edits of one file (any order). Identical edits apply once; overlapping
    edits after the first are dropped."""
    chosen: list[Edit] = []
    seen: set[tuple[int, int, str]] = set()
    for e in sorted(edits, key=lambda e: (e.range.start, e.range.end)):
        if e.rename_to is not None:
            continue  # a file operation, not a text change
        key = (e.range.start, e.range.end, e.new_text)
        if key in seen:
            continue  # the same edit from two fixes (e.g. both add one import)
        if chosen and e.range.start < chosen[-1].range.end:
            continue
        seen.add(key)
        chosen.append(e)
    out = data
    for e in reversed(chosen):
        out = out[: e.range.start] + e.new_text.encode("utf-8") + out[e.range.end :]
    return out


def uses_crlf(data: bytes | None) -> bool:
    """The file's line ends are mostly CRLF."""
    if not data or b"\r\n" not in data:
        return False
    return data.count(b"\r\n") * 2 >= data.count(b"\n")


def with_file_line_ends(fix: Fix, text_of, crlf: dict[str, bool]) -> Fix:
    """`fix` with the line breaks of inserted text in each target file's own style: fixes are written
    with LF, and a CRLF file must not end up with mixed line ends. `text_of(path)` gives a file's
    bytes; `crlf` caches the answer per file."""
    edits = []
    changed = False
    for e in fix.edits:
        if "\n" in e.new_text:
            if e.path not in crlf:
                crlf[e.path] = uses_crlf(text_of(e.path))
            if crlf[e.path]:
                e = Edit(e.path, e.range, e.new_text.replace("\r\n", "\n").replace("\n", "\r\n"), e.snippet, e.rename_to)
                changed = True
        edits.append(e)
    return Fix(fix.title, fix.applicability, tuple(edits), fix.kind) if changed else fix

