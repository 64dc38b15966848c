"""Every fixture project's model against its hand-written `expected*.json` (subset semantics).

One test per (fixture, root): failures list every mismatching fact. The format is described in
tests/fixtures/projects/README.md; the comparison lives in model_facts.py.
"""

from __future__ import annotations

import json
import os
import posixpath
from functools import lru_cache
from pathlib import Path

import pytest
from model_facts import check_facts

from convex_lsp.server.loader import load_host, to_posix

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"


def _cases():
    out = []
    for exp in sorted(PROJECTS.glob("*/expected*.json")):
        fixture = exp.parent.name
        tag = exp.name[len("expected") : -len(".json")].lstrip(".")
        out.append(pytest.param(fixture, tag, id=f"{fixture}:{tag or '.'}"))
    return out


@lru_cache(maxsize=None)
def _load(fixture: str):
    base = to_posix(str(PROJECTS / fixture))
    host = load_host([base])
    return base, host.snapshot()


def _rel(path: str, base: str) -> str:
    return posixpath.relpath(path, base)


def test_every_fixture_has_an_expected_file():
    dirs = [d for d in PROJECTS.iterdir() if d.is_dir()]
    assert dirs
    for d in dirs:
        assert (d / "expected.json").is_file(), f"{d.name} has no expected.json"


@pytest.mark.parametrize("fixture", sorted(d.name for d in PROJECTS.iterdir() if d.is_dir()))
def test_roots(fixture):
    base, snap = _load(fixture)
    expected = json.loads((PROJECTS / fixture / "expected.json").read_text("utf-8"))
    got = {(_rel(r.root, base), _rel(r.functions_dir, base), r.kind) for r in snap.roots}
    want = {(r["root"], r["functions_dir"].rstrip("/"), r["kind"]) for r in expected["roots"]}
    assert got == want


@pytest.mark.parametrize(("fixture", "tag"), _cases())
def test_model_facts(fixture, tag):
    base, snap = _load(fixture)
    name = f"expected.{tag}.json" if tag else "expected.json"
    expected = json.loads((PROJECTS / fixture / name).read_text("utf-8"))
    if tag:
        roots = [r for r in snap.roots if _rel(r.root, base).replace("/", "_") == tag]
    else:
        roots = [r for r in snap.roots if _rel(r.root, base) == "."]
        if not roots:  # expected.json with roots only (monorepo)
            assert set(expected) <= {"roots"}, f"{fixture}: facts given for a root '.' that was not found"
            return
    assert len(roots) == 1, f"{fixture}: root for {name!r} not found among {[r.root for r in snap.roots]}"
    model = snap.project(roots[0])
    errors = check_facts(model, expected)
    assert not errors, f"{fixture} ({name}):\n  " + "\n  ".join(errors)


def test_loader_is_deterministic():
    """Loading twice gives the same model JSON (stable order, pure functions of the texts)."""
    from convex_lsp.analysis.model_json import model_json

    base = to_posix(str(PROJECTS / "basic"))
    outs = []
    for _ in range(2):
        snap = load_host([base]).snapshot()
        outs.append(json.dumps(model_json([snap.project(r) for r in snap.roots], base, snap), sort_keys=False))
    assert outs[0] == outs[1]
    assert os.path.isdir(base)
