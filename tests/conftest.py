"""Shared test setup: paths to the fixture trees and the model-facts helper on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE_PROJECTS = TESTS / "fixtures" / "projects"

# tests/analysis/model_facts.py is shared by the analysis, example and corpus tests.
if str(TESTS / "analysis") not in sys.path:
    sys.path.insert(0, str(TESTS / "analysis"))


@pytest.fixture(scope="session")
def fixture_projects() -> Path:
    return FIXTURE_PROJECTS


def pytest_sessionstart(session: pytest.Session) -> None:
    """Fetch the corpus and the SARIF schema when they are not cached yet, so that the README's test
    command works on a fresh machine (tests/fetch_test_data.py; CONVEX_LSP_NO_FETCH=1 to stay offline)."""
    from fetch_test_data import ensure

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    ensure(log=reporter.write_line if reporter is not None else (lambda line: print(line, file=sys.stderr)))


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-goldens`: rewrite golden/snapshot files (tests/cli, tests/code_actions) from the current output."""
    parser.addoption("--update-goldens", action="store_true", default=False, help="rewrite golden and snapshot files from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    import os

    return bool(request.config.getoption("--update-goldens", default=False)) or os.environ.get("UPDATE_GOLDENS") == "1"
