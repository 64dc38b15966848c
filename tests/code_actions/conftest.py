"""Code-action tests: snapshots of each fix as a unified diff, checked by reparsing and relinting.

Regenerate the snapshots with `pytest tests/code_actions --update-goldens` (or `UPDATE_GOLDENS=1`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from goldens import golden_checker

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE / "snapshots"
for extra in (HERE, HERE.parent / "rules", HERE.parent / "e2e"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))




@pytest.fixture
def snapshot(update_goldens: bool):
    """snapshot(name, text): compare with snapshots/<name> (written when missing or updating)."""
    return golden_checker(SNAPSHOTS, update_goldens)
