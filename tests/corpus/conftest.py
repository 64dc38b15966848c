"""Real-code corpus: pinned npm packages fetched by `tests/fetch_test_data.py` (see README.md here).

The cache lives in `${CONVEX_LSP_CORPUS:-$HOME/.cache/convex-lsp/corpus}`. A missing cache, or a
missing *required* package, fails the tests (they are the oracle for the model); a missing extra
package skips the tests that need it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fetch_test_data import CORPUS_REQUIRED, corpus_dir, package_folder

EXPECTED = Path(__file__).resolve().parent / "expected"

REQUIRED = tuple(spec.rpartition("@")[0] for spec in CORPUS_REQUIRED)
FETCH_HINT = "run python tests/fetch_test_data.py corpus (the test session does it unless CONVEX_LSP_NO_FETCH=1; or set CONVEX_LSP_CORPUS to a fetched corpus)"


@pytest.fixture(scope="session")
def corpus() -> Path:
    root = corpus_dir()
    if not root.is_dir():
        pytest.fail(f"corpus not found at {root}: {FETCH_HINT}", pytrace=False)
    return root


@pytest.fixture(scope="session")
def package_dir(corpus: Path):
    """package_dir("@convex-dev/workpool") -> <cache>/convex-dev__workpool (fails/skips when absent)."""

    def get(package: str) -> Path:
        d = corpus / package_folder(package)
        if not (d / "package").is_dir():
            if package in REQUIRED:
                pytest.fail(f"required corpus package {package} missing in {corpus}: {FETCH_HINT}", pytrace=False)
            pytest.skip(f"optional corpus package {package} not fetched")
        return d

    return get


@pytest.fixture(scope="session")
def expected():
    """expected("workpool") -> the parsed oracle tests/corpus/expected/workpool.json."""

    def get(name: str) -> dict:
        return json.loads((EXPECTED / f"{name}.json").read_text("utf-8"))

    return get
