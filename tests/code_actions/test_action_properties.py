"""Properties of the fixes on real code: the corpus (`~/.cache/convex-lsp/corpus/*/package/src/component`,
or $CONVEX_LSP_CORPUS) and the fixture projects of this repository.

- any set of Safe fixes of a file, applied together as `source.fixAll` does, keeps it parseable;
- every fix of every diagnostic, and every refactor offered on a declaration or a `.collect()`,
  applied alone, keeps every file it edits parseable.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest
from ca_harness import apply_fix
from convex_lsp.analysis.code_actions import code_actions, diagnostic_fixes, fix_all
from convex_lsp.analysis.diagnostics import apply_edits
from convex_lsp.analysis.lint import lint_file
from convex_lsp.analysis.rules.common import walk
from convex_lsp.analysis.syntax import parse
from convex_lsp.analysis.text import TextRange
from convex_lsp.server.loader import load_host
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]


def corpus_folders() -> list[Path]:
    root = Path(os.environ.get("CONVEX_LSP_CORPUS") or Path.home() / ".cache" / "convex-lsp" / "corpus")
    return sorted(root.glob("*/package/src/component"))


def repo_folders() -> list[Path]:
    return sorted(p for p in (REPO / "tests" / "fixtures" / "projects").iterdir() if p.is_dir()) + [REPO / "examples" / "chat-app"]


@lru_cache(maxsize=None)
def loaded(folder: str):
    host = load_host([folder])
    snap = host.snapshot()
    files = [p for p in snap.paths() if p.endswith((".ts", ".tsx")) and snap.root_for(p) is not None]
    return snap, files


def _parses(path: str, data: bytes) -> bool:
    return not parse(path, data).root_node.has_error


def _check_folder_fixes_alone(folder: str) -> int:
    snap, files = loaded(folder)
    n = 0
    for path in files:
        fixes = []
        for d in lint_file(snap, path):
            fixes += diagnostic_fixes(snap, path, d.range, d.rule, d.message) or list(d.fixes)
        tree = snap.tree(path)
        for node in walk(tree.root_node, {"lexical_declaration", "call_expression"}):
            if node.type == "lexical_declaration" and node.parent is not None and node.parent.type in ("program", "export_statement"):
                fixes += code_actions(snap, path, TextRange(node.start_byte, node.start_byte))
            elif node.type == "call_expression" and (snap.text(path) or b"")[node.end_byte - 9 : node.end_byte] == b"collect()":
                fixes += code_actions(snap, path, TextRange(node.end_byte - 3, node.end_byte - 3))
        for fix in fixes:
            for p, new in apply_fix(snap, fix).items():
                tree = snap.tree(p)  # None: a file the fix creates (auth.config.ts)
                was_ok = tree is None or not tree.root_node.has_error
                assert not was_ok or _parses(p, new), f"'{fix.title}' breaks {p}:\n{new.decode()}"
            n += 1
    return n


@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: p.parts[-4])
def test_every_fix_alone_keeps_the_corpus_parseable(folder: Path):
    assert _check_folder_fixes_alone(str(folder)) > 0


@pytest.mark.parametrize("folder", repo_folders(), ids=lambda p: p.name)
def test_every_fix_alone_keeps_the_fixture_projects_parseable(folder: Path):
    _check_folder_fixes_alone(str(folder))


def _safe_fixes(snap, path):
    return [f for d in lint_file(snap, path) for f in d.fixes if f.applicability == "safe"]


@lru_cache(maxsize=None)
def safe_fix_sets() -> list[tuple[str, str, tuple]]:
    out = []
    for folder in [*corpus_folders(), *repo_folders()]:
        snap, files = loaded(str(folder))
        for path in files:
            if snap.tree(path).root_node.has_error:
                continue
            fixes = _safe_fixes(snap, path)
            if fixes:
                out.append((str(folder), path, tuple(fixes)))
    return out


def _apply_together(snap, fixes) -> dict[str, bytes]:
    combined = fix_all(fixes)
    by: dict[str, list] = {}
    for e in combined.edits if combined is not None else ():
        by.setdefault(e.path, []).append(e)
    return {p: apply_edits(snap.text(p), es) for p, es in by.items()}


def test_all_safe_fixes_together_keep_every_file_parseable():
    sets = safe_fix_sets()
    assert sets, "no safe fixes found in the corpus and fixtures"
    for folder, path, fixes in sets:
        snap, _ = loaded(folder)
        for p, new in _apply_together(snap, fixes).items():
            assert _parses(p, new), f"the safe fixes of {path} together break {p}:\n{new.decode()}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_subset_of_safe_fixes_keeps_a_file_parseable(data):
    sets = safe_fix_sets()
    folder, path, fixes = data.draw(st.sampled_from(sets), label="file")
    chosen = data.draw(st.lists(st.sampled_from(fixes), unique=True, min_size=1), label="fixes")
    snap, _ = loaded(folder)
    for p, new in _apply_together(snap, chosen).items():
        assert _parses(p, new)
