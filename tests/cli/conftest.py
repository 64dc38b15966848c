"""Helpers for the `convex-lsp check` tests: run the CLI in-process, compare with golden files.

Regenerate the goldens with `pytest tests/cli --update-goldens` (or `UPDATE_GOLDENS=1 pytest`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cli_support import FIXTURES, GOLDEN, GOLDEN_RULES, HERE, Result, run_cli  # noqa: F401 - fixtures and re-exports


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    try:
        opt = request.config.getoption("--update-goldens")
    except ValueError:  # option not registered (pytest run from another rootdir)
        opt = False
    return bool(opt) or os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.fixture
def golden(update_goldens: bool):
    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update_goldens or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            if not update_goldens:
                pytest.fail(f"golden file {path} did not exist; written now — check it in and re-run")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path} (re-run with --update-goldens if the change is intended)"

    return check


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
    """A writable copy of the `app` fixture (for --fix); returns the folder holding it."""
    shutil.copytree(FIXTURES / "app", tmp_path / "app")
    return tmp_path
