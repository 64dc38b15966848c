"""RuleTester-style harness (typescript-eslint's valid/invalid tables) for one rule module.

A case's `code` is either one file's text (put at `convex/messages.ts` unless `path` says otherwise)
or a multi-file fixture with `//- <path>` header lines. Projects get a default `package.json`
depending on convex and, unless the fixture has one, `DEFAULT_SCHEMA` at convex/schema.ts.
Expected errors give 1-based line/column (Unicode code points) of start and end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from convex_lsp.analysis.config import Settings, parse_settings
from convex_lsp.analysis.diagnostics import Diagnostic, apply_edits
from convex_lsp.analysis.discovery import find_roots
from convex_lsp.analysis.host import AnalysisHost
from convex_lsp.analysis.rules.base import RuleContext

ROOT = "/proj"

DEFAULT_SCHEMA = """import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({ name: v.string(), email: v.string(), tokenIdentifier: v.string() })
    .index("by_email", ["email"])
    .index("by_token", ["tokenIdentifier"]),
  messages: defineTable({ body: v.string(), author: v.id("users"), channel: v.string(), likes: v.number() })
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"])
    .searchIndex("search_body", { searchField: "body", filterFields: ["channel"] }),
  documents: defineTable({ text: v.string(), embedding: v.array(v.float64()), kind: v.string() })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 1536, filterFields: ["kind"] }),
});
"""


@dataclass
class Err:
    message: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


@dataclass
class Case:
    code: str
    errors: list[Err] = field(default_factory=list)
    output: str | None = None  # the file after applying every fix of the given applicability
    path: str = "convex/messages.ts"
    options: dict[str, Any] | None = None  # rule options
    settings: dict[str, Any] | None = None  # full settings mapping
    name: str = ""
    unsafe: bool = True  # output applies unsafe fixes too

    def __str__(self) -> str:  # pytest ids
        if self.name:
            return self.name
        lines = [l for l in self.code.strip().splitlines() if l.strip() and not l.startswith(("import ", "//-"))]
        return lines[0][:70] if lines else "empty"


def split_fixture(code: str, default_path: str) -> dict[str, str]:
    if not code.lstrip().startswith("//- "):
        return {default_path: code}
    files: dict[str, str] = {}
    current = None
    buf: list[str] = []
    for line in code.splitlines(keepends=True):
        m = re.match(r"^//- (\S+)\s*$", line)
        if m:
            if current is not None:
                files[current] = "".join(buf)
            current, buf = m.group(1), []
        else:
            buf.append(line)
    if current is not None:
        files[current] = "".join(buf)
    return files


def build(case: Case) -> tuple[AnalysisHost, str]:
    files = split_fixture(case.code, case.path)
    files.setdefault("package.json", '{"dependencies": {"convex": "^1.48.0"}}')
    if not any(p.startswith("convex/schema.") for p in files):
        files["convex/schema.ts"] = DEFAULT_SCHEMA
    abs_files = {f"{ROOT}/{p}": t for p, t in files.items()}
    settings = Settings()
    if case.settings:
        settings, problems = parse_settings(case.settings)
        assert not problems, problems
    host = AnalysisHost(settings)
    host.set_roots(find_roots(abs_files, lambda p: abs_files.get(p)))
    for p, t in abs_files.items():
        if not p.endswith(".json"):
            host.set_file(p, t.encode("utf-8"))
    target = case.path if case.path in files else next(p for p in files if not p.endswith(".json") and not p.startswith("convex/schema."))
    return host, f"{ROOT}/{target}"


def run_rule(module: ModuleType, case: Case) -> tuple[list[Diagnostic], Any, str]:
    host, path = build(case)
    snap = host.snapshot()
    project = snap.project_for(path)
    assert project is not None, "fixture has no Convex root"
    opts = dict(module.RULE.options)
    opts.update(case.options or {})
    ctx = RuleContext(snap, path, project, opts)
    ctx._rule = module.RULE
    diags = sorted(module.check(ctx), key=Diagnostic.sort_key)
    return diags, snap, path


def positions(snap, d: Diagnostic) -> tuple[int, int, int, int]:
    li = snap.line_index(d.path)
    (l1, c1), (l2, c2) = li.range_position(d.range, "utf-32")
    return l1 + 1, c1 + 1, l2 + 1, c2 + 1


def assert_valid(module: ModuleType, case: Case) -> None:
    diags, snap, _ = run_rule(module, case)
    got = [(d.rule, d.message, positions(snap, d)) for d in diags]
    assert got == [], f"expected no diagnostics, got {got}"


def assert_invalid(module: ModuleType, case: Case) -> None:
    diags, snap, path = run_rule(module, case)
    assert all(d.rule == module.RULE.id for d in diags)
    got = []
    for d, e in zip(diags, case.errors):
        l1, c1, l2, c2 = positions(snap, d)
        got.append(Err(d.message, l1, c1, l2 if e.end_line is not None else None, c2 if e.end_column is not None else None))
    assert len(diags) == len(case.errors), f"expected {len(case.errors)} diagnostics, got {[(d.message, positions(snap, d)) for d in diags]}"
    assert got == case.errors, f"\n got: {got}\nwant: {case.errors}"
    if case.output is not None:
        data = snap.text(path)
        edits = [e for d in diags for f in d.fixes[:1] if case.unsafe or f.applicability == "safe" for e in f.edits if e.path == path]
        assert apply_edits(data, edits).decode("utf-8") == split_fixture(case.output, case.path).get(case.path, case.output)


def run_table(module: ModuleType, valid: list[Case], invalid: list[Case]):
    """Returns (valid_ids, invalid_ids) helpers for pytest parametrisation."""
    return valid, invalid


def at(code: str, needle: str, nth: int = 0, path: str | None = None) -> tuple[int, int, int, int]:
    """1-based (line, column, end_line, end_column) in code points of the nth occurrence of `needle`
    in `code` (in the file `path` of a multi-file fixture)."""
    if path is not None:
        code = split_fixture(code, path)[path]
    idx = -1
    for _ in range(nth + 1):
        idx = code.index(needle, idx + 1)
    before = code[:idx]
    line = before.count("\n") + 1
    col = idx - (before.rfind("\n") + 1) + 1
    seg = code[idx : idx + len(needle)]
    end_line = line + seg.count("\n")
    end_col = (len(seg) - seg.rfind("\n")) if "\n" in seg else col + len(seg)
    return line, col, end_line, end_col


def err(message: str, code: str, needle: str, nth: int = 0, path: str | None = None) -> Err:
    return Err(message, *at(code, needle, nth, path))


def err_in(message: str, code: str, context: str, inner: str, path: str | None = None) -> Err:
    """Err at `inner`, searched inside the first occurrence of `context` (for short, repeated names)."""
    if path is not None:
        code = split_fixture(code, path)[path]
    base = code.index(context) + context.index(inner)
    before = code[:base]
    line = before.count("\n") + 1
    col = base - (before.rfind("\n") + 1) + 1
    return Err(message, line, col, line, col + len(inner))
