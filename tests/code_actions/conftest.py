"""Code-action tests: snapshots of each fix as a unified diff, checked by reparsing and relinting.

Regenerate the snapshots with `pytest tests/code_actions --update-goldens` (or `UPDATE_GOLDENS=1`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE / "snapshots"
for extra in (HERE, HERE.parent / "rules", HERE.parent / "e2e"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))




@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    try:
        opt = request.config.getoption("--update-goldens")
    except ValueError:
        opt = False
    return bool(opt) or os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.fixture
def snapshot(update_goldens: bool):
    """snapshot(name, text): compare with snapshots/<name> (written when missing or updating)."""

    def check(name: str, actual: str) -> None:
        path = SNAPSHOTS / name
        if update_goldens or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            if not update_goldens:
                pytest.fail(f"snapshot {path} did not exist; written now — review it and re-run")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"fix output differs from {path} (re-run with --update-goldens if intended)"

    return check
