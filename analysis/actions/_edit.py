"""Shared pieces of the code actions: placeholders/snippets, other-file contexts, imports, names."""

from __future__ import annotations

import posixpath
import functools
import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..syntax import node_text
from ..text import TextRange

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext

# ----------------------------------------------------------------------------- placeholders
# A placeholder is written into an edit's text between two control characters that never occur in
# source; `finish` turns them into numbered tab stops (snippet) or into their default text (plain).
_PH_OPEN, _PH_CLOSE = "\x01", "\x02"
_CH_OPEN, _CH_CLOSE = "\x03", "\x04"
_MARKERS = re.compile("\x01(.*?)\x02|\x03(.*?)\x04", re.S)


def ph(default: str) -> str:
    """A placeholder with a default value (`${n:default}` in snippet mode)."""
    return f"{_PH_OPEN}{default}{_PH_CLOSE}"


def choice(options: list[str] | tuple[str, ...]) -> str:
    """A choice placeholder (`${n|a,b|}`); plain text uses the first option."""
    return f"{_CH_OPEN}{chr(0).join(options)}{_CH_CLOSE}"


def has_placeholders(text: str) -> bool:
    return _PH_OPEN in text or _CH_OPEN in text


def _escape(text: str, extra: str = "") -> str:
    return re.sub(r"([\\$}" + re.escape(extra) + "])", r"\\\1", text)


def finish(text: str, snippet: bool, start: int = 1) -> tuple[str, bool, int]:
    """(text, is_snippet, next tab stop) for an edit text holding placeholders."""
    if not has_placeholders(text):
        return text, False, start
    if not snippet:
        return _MARKERS.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2).split(chr(0))[0], text), False, start
    out: list[str] = []
    pos = 0
    n = start
    for m in _MARKERS.finditer(text):
        out.append(_escape(text[pos : m.start()]))
        if m.group(1) is not None:
            out.append(f"${{{n}:{_escape(m.group(1))}}}")
        else:
            out.append(f"${{{n}|" + ",".join(_escape(o, ",|") for o in m.group(2).split(chr(0))) + "|}")
        n += 1
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out), True, n


def make_edits(edits: list[Edit], snippet: bool) -> tuple[Edit, ...]:
    """Resolve the placeholders of `edits` (tab stops numbered across the edits in order)."""
    out = []
    n = 1
    for e in edits:
        text, is_snip, n = finish(e.new_text, snippet, n)
        out.append(Edit(e.path, e.range, text, is_snip or e.snippet))
    return tuple(out)


def make_fix(ctx: "RuleContext", title: str, edits: list[Edit], applicability: str, kind: str = "quickfix") -> Fix:
    return Fix(title, applicability, make_edits(edits, wants_snippets(ctx)), kind)  # type: ignore[arg-type]


def wants_snippets(ctx: "RuleContext") -> bool:
    """True when the fixes are computed for an editor that turns snippet edits into tab stops."""
    return bool(getattr(ctx, "snippets", False))


_SNIPPET_TOKEN = re.compile(r"\\([\\$}])|\$\{(\d+):|\$\{(\d+)\|((?:\\.|[^|\\])*)\|\}|\$(\d+)|\$\{(\d+)\}|(\})")


def snippet_to_plain(text: str) -> str:
    """The text a snippet inserts when every placeholder keeps its default (for clients without
    snippet support): `${1:v.any()}` → `v.any()`, `$0` → ``, `${1|a,b|}` → `a`, `\\$` → `$`."""
    out: list[str] = []
    depth = 0
    pos = 0
    for m in _SNIPPET_TOKEN.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            depth += 1
        elif m.group(3) is not None:
            first = re.split(r"(?<!\\),", m.group(4))[0]
            out.append(re.sub(r"\\(.)", r"\1", first))
        elif m.group(5) is not None or m.group(6) is not None:
            pass
        elif m.group(7) is not None:
            if depth > 0:
                depth -= 1
            else:
                out.append("}")
    out.append(text[pos:])
    return "".join(out)


# ----------------------------------------------------------------------------- contexts and text
def ctx_for(ctx: "RuleContext", path: str) -> "RuleContext | None":
    """A context for another file of the same snapshot and project (None when it is not loaded)."""
    from ..rules.base import RuleContext

    if path == ctx.path:
        return ctx
    if ctx.snap.state(path) is None:
        return None
    other = RuleContext(ctx.snap, path, ctx.project)
    other._rule = ctx._rule
    if wants_snippets(ctx):
        other.snippets = True  # type: ignore[attr-defined]
    return other


def indent_of_line(data: bytes, offset: int) -> str:
    start = data.rfind(b"\n", 0, offset) + 1
    m = re.match(rb"[ \t]*", data[start:offset])
    return m.group(0).decode() if m else ""


@functools.lru_cache(maxsize=64)
def indent_unit(data: bytes) -> str:
    """The file's indentation step: the most common increase between consecutive lines (two spaces
    unless the file says otherwise; a tab when the file indents with tabs)."""
    steps: dict[int, int] = {}
    prev = None
    for line in data[:40000].split(b"\n"):
        if not line.strip():
            continue
        ws = line[: len(line) - len(line.lstrip(b" \t"))]
        if ws.startswith(b"\t"):
            return "\t"
        width = len(ws)
        if prev is not None and width > prev:
            steps[width - prev] = steps.get(width - prev, 0) + 1
        prev = width
    best = max(steps.items(), key=lambda kv: (kv[1], -kv[0]))[0] if steps else 2
    return " " * best if best in (2, 4) else "  "


def on_own_line(data: bytes, offset: int) -> bool:
    start = data.rfind(b"\n", 0, offset) + 1
    return data[start:offset].strip() == b""


def identifiers(node: Node | None, data: bytes, ctx: "RuleContext | None" = None) -> set[str]:
    out: set[str] = set()
    if node is None:
        return out
    if ctx is not None:  # the file's node index instead of a Python walk
        types = {"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"}
        return {node_text(n, data) for n in ctx.walk(node, types)}
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"):
            out.add(node_text(n, data))
        stack.extend(n.children)
    return out


def fresh_name(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    i = 2
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"


# ----------------------------------------------------------------------------- imports
def module_spec(from_file: str, to_file: str) -> str:
    """A relative import specifier from `from_file` to `to_file`, without the extension."""
    stem = re.sub(r"\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$", "", to_file)
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    rel = posixpath.relpath(stem, posixpath.dirname(from_file))
    return rel if rel.startswith(".") else "./" + rel


def spec_variants(spec: str) -> tuple[str, ...]:
    return (spec, spec + ".js", spec + "/index", spec + "/index.js")


def import_of(ctx: "RuleContext", local: str) -> tuple[Node, Node, str, str] | None:
    """(import statement, specifier node, source, imported name) binding `local` in this file."""
    from ..rules._import_util import import_table

    for stmt, source, _, locals_, _ in import_table(ctx):
        for loc, _, spec, imported in locals_:
            if loc == local and spec.type == "import_specifier" and imported:
                return stmt, spec, source or "", imported
    return None


def remove_specifier(ctx: "RuleContext", spec: Node) -> Edit:
    """Delete one `import { a, b }` specifier with its comma (the whole statement when it is the only one)."""
    named = spec.parent
    specs = [c for c in named.named_children if c.type == "import_specifier"] if named is not None else [spec]
    data = ctx.data
    if len(specs) == 1:
        stmt = named.parent.parent if named is not None and named.parent is not None else None
        if stmt is not None and stmt.type == "import_statement":
            end = stmt.end_byte + (1 if data[stmt.end_byte : stmt.end_byte + 1] == b"\n" else 0)
            return Edit(ctx.path, TextRange(stmt.start_byte, end), "")
    i = specs.index(spec) if spec in specs else 0
    if i + 1 < len(specs):
        return Edit(ctx.path, TextRange(spec.start_byte, specs[i + 1].start_byte), "")
    return Edit(ctx.path, TextRange(specs[i - 1].end_byte, spec.end_byte), "")


def count_identifier(ctx: "RuleContext", name: str) -> int:
    """Uses of identifier `name` outside import statements (counted once per file, then looked up)."""
    if name.encode() not in ctx.data:
        return 0
    return ctx.memo("identifier-counts", lambda: _identifier_counts(ctx)).get(name, 0)


def _identifier_counts(ctx: "RuleContext") -> dict[str, int]:
    imports = [(c.start_byte, c.end_byte) for c in ctx.root.named_children if c.type == "import_statement"]
    data = ctx.data
    counts: dict[bytes, int] = {}
    i = 0
    for node in ctx.walk(ctx.root, {"identifier", "shorthand_property_identifier"}):  # in document order
        s = node.start_byte
        while i < len(imports) and imports[i][1] <= s:
            i += 1
        if i < len(imports) and imports[i][0] <= s:
            continue  # inside an import statement
        key = data[s : node.end_byte]
        counts[key] = counts.get(key, 0) + 1
    return {k.decode("utf-8", "replace"): n for k, n in counts.items()}


# ----------------------------------------------------------------------------- layout
def _split_top(text: str, sep: str = ",") -> list[str]:
    """Split on `sep` outside brackets and strings."""
    out, depth, quote, cur = [], 0, "", []
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            cur.append(ch)
            if ch == "\\" and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
            cur.append(ch)
        elif ch in "([{":
            depth += 1
            cur.append(ch)
        elif ch in ")]}":
            depth -= 1
            cur.append(ch)
        elif ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _matching(text: str, start: int) -> int:
    """Index of the bracket closing the one at `start` (-1 when unbalanced)."""
    depth, quote = 0, ""
    i = start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def wrap(text: str, indent: str, unit: str, width: int = 90, used: int = 0) -> str:
    """Break object literals (`{ a: x, b: y }`) of a one-line expression one property per line,
    outermost first, until every line fits in `width` (`used`: columns before the text)."""
    if len(indent) + used + len(text) <= width or "\n" in text:
        return text
    start = text.find("{ ")
    while start >= 0:
        end = _matching(text, start)
        if end > start and text[end - 1] == " ":
            inner = text[start + 2 : end - 1]
            parts = [p.strip() for p in _split_top(inner) if p.strip()]
            if parts:
                deeper = indent + unit
                body = "".join(f"{deeper}{wrap(p, deeper, unit, width)},\n" for p in parts)
                return text[:start] + "{\n" + body + indent + "}" + text[end + 1 :]
        start = text.find("{ ", start + 1)
    return text


def add_imports(ctx: "RuleContext", names: list[tuple[str, str]]) -> list[Edit] | None:
    """Edits importing each (name, source), several names of one source in one statement; None
    when a name is bound to something else in the file."""
    from ..rules._import_util import named_import_edits

    merged: dict[tuple[str, int], Edit] = {}
    order: list[tuple[str, int]] = []
    for name, source in names:
        edits = named_import_edits(ctx, name, source)
        if edits is None:
            return None
        for e in edits:
            key = (source, e.range.start)
            prev = merged.get(key)
            if prev is None:
                merged[key] = e
                order.append(key)
            elif prev.new_text.startswith(", "):
                merged[key] = Edit(prev.path, prev.range, prev.new_text + e.new_text)
            elif "import { " in prev.new_text:
                merged[key] = Edit(prev.path, prev.range, prev.new_text.replace(" }", f", {name} }}", 1))
            else:
                return None
    return [merged[k] for k in order]
