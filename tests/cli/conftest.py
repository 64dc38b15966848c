"""Helpers for the `convex-lsp check` tests: run the CLI in-process, compare with golden files.

Regenerate the goldens with `pytest tests/cli --update-goldens` (or `UPDATE_GOLDENS=1 pytest`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from goldens import golden_checker

from cli_support import FIXTURES, GOLDEN


@pytest.fixture
def golden(update_goldens: bool):
    return golden_checker(GOLDEN, update_goldens)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
    """A writable copy of the `app` fixture (for --fix); returns the folder holding it."""
    shutil.copytree(FIXTURES / "app", tmp_path / "app")
    return tmp_path
