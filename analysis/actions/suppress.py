""""Disable <rule> for this line": a `// convex-lsp-disable-next-line <rule>` comment above the line
of the diagnostic, indented like it (or the rule added to such a comment already there)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..diagnostics import Edit, Fix
from ..text import TextRange

if TYPE_CHECKING:  # pragma: no cover
    from ..host import Analysis

_INSIDE = frozenset({"template_string", "string", "jsx_element", "jsx_text", "jsx_expression", "comment", "regex"})
_NEXT_LINE = re.compile(rb"^([ \t]*)//\s*convex-lsp-disable-next-line\b([^\n]*)$")


def disable_fix(snap: "Analysis", path: str, rule: str, offset: int) -> Fix | None:
    data = snap.text(path)
    tree = snap.tree(path)
    if data is None or tree is None or not rule or rule in ("unused-suppression",):
        return None
    start = data.rfind(b"\n", 0, offset) + 1
    node = tree.root_node.descendant_for_byte_range(start, start)
    while node is not None:
        if node.type in _INSIDE and node.start_byte < start < node.end_byte:
            return None  # the line starts inside a string, template or comment: a comment cannot go there
        node = node.parent
    title = f"Disable {rule} for this line"
    if start > 0:
        prev_start = data.rfind(b"\n", 0, start - 1) + 1
        m = _NEXT_LINE.match(data[prev_start : start - 1])
        if m is not None:
            rest = m.group(2)
            names = rest.split(b"--")[0]
            if rule.encode() in re.split(rb"[\s,]+", names):
                return None
            if not names.strip():
                return None  # already disables every rule
            at = prev_start + m.start(2) + len(names.rstrip())
            return Fix(title, "display-only", (Edit(path, TextRange(at, at), f", {rule}"),))
    indent = re.match(rb"[ \t]*", data[start:offset]).group(0).decode()  # type: ignore[union-attr]
    crlf = data[start:].split(b"\n", 1)[0].endswith(b"\r")
    text = f"{indent}// convex-lsp-disable-next-line {rule}{chr(13) if crlf else ''}\n"
    return Fix(title, "display-only", (Edit(path, TextRange(start, start), text),))
