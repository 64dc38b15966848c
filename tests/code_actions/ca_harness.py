"""Helpers for the code-action tests: build a fixture project, pick a fix, apply it, render it
as a diff, and check what the rules say afterwards."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from convex_lsp.analysis.actions._edit import snippet_to_plain
from convex_lsp.analysis.code_actions import code_actions, diagnostic_fixes
from convex_lsp.analysis.diagnostics import Diagnostic, Edit, Fix, apply_edits
from convex_lsp.analysis.lint import lint_file
from convex_lsp.analysis.text import TextRange
from tester import ROOT, Case, build


@dataclass
class ActionCase:
    name: str
    code: str  # a `//- path` multi-file fixture (or one file at `path`)
    at: str  # text in the target file: the diagnostic covering it, or the selection for a refactor
    title: str  # prefix of the fix title
    rule: str | None = None  # the diagnostic's rule; None: a refactor from code_actions()
    path: str = "convex/messages.ts"
    allow_new: tuple[str, ...] = ()  # rules whose new reports are expected (explained in the case)
    nth: int = 0  # occurrence of `at`

    def __str__(self) -> str:
        return self.name


def offset_of(data: bytes, needle: str, nth: int = 0) -> int:
    i = -1
    for _ in range(nth + 1):
        i = data.index(needle.encode(), i + 1)
    return i


def plain(fix: Fix) -> list[Edit]:
    return [Edit(e.path, e.range, snippet_to_plain(e.new_text)) if e.snippet else e for e in fix.edits]


def apply_fix(snap, fix: Fix) -> dict[str, bytes]:
    by: dict[str, list[Edit]] = {}
    for e in plain(fix):
        by.setdefault(e.path, []).append(e)
    out = {p: apply_edits(snap.text(p) or b"", es) for p, es in by.items()}
    for old, new in renames_of(fix).items():  # file renames: the content moves to the new path
        out[new] = out.pop(old, None) or snap.text(old) or b""
    return out


def renames_of(fix: Fix) -> dict[str, str]:
    """old path → new path of the fix's file renames (edits with `rename_to`)."""
    return {e.path: e.rename_to for e in fix.edits if e.rename_to is not None}


def rel(path: str) -> str:
    return path[len(ROOT) + 1 :] if path.startswith(ROOT + "/") else path


def render(snap, fix: Fix, changes: dict[str, bytes]) -> str:
    out = [f"# {fix.title} [{fix.applicability}, {fix.kind}]\n"]
    old_of = {new: old for old, new in renames_of(fix).items()}
    for new, old in sorted(old_of.items()):
        out.append(f"# rename {rel(old)} => {rel(new)}\n")
    for e in fix.edits:
        if e.snippet:
            out.append(f"# snippet in {rel(e.path)}: {e.new_text!r}\n")
    for p in sorted(changes):
        src = old_of.get(p, p)
        before = (snap.text(src) or b"").decode("utf-8").splitlines(keepends=True)
        after = changes[p].decode("utf-8").splitlines(keepends=True)
        out.extend(difflib.unified_diff(before, after, f"a/{rel(src)}", f"b/{rel(p)}"))
    text = "".join(out)
    return text if text.endswith("\n") else text + "\n"


def root_files(snap) -> list[str]:
    return sorted(p for p in snap.paths() if snap.root_for(p) is not None and not p.endswith(".json"))


def lint_all(snap) -> dict[str, list[Diagnostic]]:
    return {p: lint_file(snap, p) for p in root_files(snap)}


def counts(diags: list[Diagnostic]) -> Counter:
    return Counter((d.rule, d.message) for d in diags)


def find_fixes(case: ActionCase):
    """(host, snap, target path, the diagnostic or None, every candidate fix)."""
    host, path = build(Case(case.code, path=case.path))
    snap = host.snapshot()
    data = snap.text(path)
    assert data is not None, f"{case.path} not in the fixture"
    at = offset_of(data, case.at, case.nth)
    if case.rule is None:
        return host, snap, path, None, code_actions(snap, path, TextRange(at, at + len(case.at.encode())), [], None)
    diags = [d for d in lint_file(snap, path) if d.rule == case.rule and d.range.start <= at <= d.range.end]
    assert diags, f"no {case.rule} diagnostic at {case.at!r}: {[(d.rule, d.message) for d in lint_file(snap, path)]}"
    d = diags[0]
    return host, snap, path, d, diagnostic_fixes(snap, path, d.range, d.rule, d.message) or []


def pick(fixes: list[Fix], title: str) -> Fix:
    chosen = [f for f in fixes if f.title.startswith(title)]
    assert chosen, f"no fix titled {title!r}; got {[f.title for f in fixes]}"
    return chosen[0]


def check_after(host, snap, fix: Fix, diag: Diagnostic | None, allow_new: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Apply `fix` to the host; every changed file reparses without ERROR nodes, the fixed
    diagnostic is gone and no file reports anything it did not report before."""
    before = lint_all(snap)
    changes = apply_fix(snap, fix)
    for p, data in changes.items():
        host.set_file(p, data)
    renames = renames_of(fix)
    for old in renames:
        host.remove_file(old)
    old_of = {new: old for old, new in renames.items()}
    after_snap = host.snapshot()
    for p in changes:
        tree = after_snap.tree(p)
        assert tree is not None and not tree.root_node.has_error, f"{rel(p)} no longer parses:\n{changes[p].decode()}"
    after = lint_all(after_snap)
    for p in root_files(after_snap):
        new = counts(after.get(p, [])) - counts(before.get(old_of.get(p, p), []))
        new = Counter({k: v for k, v in new.items() if k[0] not in allow_new})
        assert not new, f"{rel(p)}: new diagnostics after '{fix.title}': {dict(new)}"
    if diag is not None:
        key = (diag.rule, diag.message)
        now = after.get(renames.get(diag.path, diag.path), [])
        assert counts(now)[key] < counts(before[diag.path])[key], f"'{fix.title}' did not fix: {diag.message}"
    return changes
