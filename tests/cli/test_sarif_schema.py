"""SARIF output validated against the official SARIF 2.1.0 JSON schema.

The schema ships with Microsoft's SARIF validator on npm (@microsoft/sarif-multitool-linux);
`.ci/fetch-sarif-schema.sh` puts it in $CONVEX_LSP_CACHE/sarif/ (default ~/.cache/convex-lsp).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import GOLDEN_RULES, run_cli

CACHE = Path(os.environ.get("CONVEX_LSP_CACHE") or Path.home() / ".cache" / "convex-lsp")
SCHEMA = CACHE / "sarif" / "sarif-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    import jsonschema  # in the test extra

    if not SCHEMA.exists():
        pytest.fail(f"{SCHEMA} missing: run python tests/fetch_test_data.py sarif (the test session does it unless CONVEX_LSP_NO_FETCH=1)", pytrace=False)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "app", "--ignore", "ALL", "--select", GOLDEN_RULES],
        ["check", "app"],
        ["check", "clean"],
        ["check", "badconfig"],
    ],
)
def test_sarif_is_valid(fixtures, validator, args):
    r = run_cli([*args, "--format", "sarif"], fixtures)
    assert r.code in (0, 1, 2), r.err
    doc = json.loads(r.out)
    assert _errors(validator, doc) == []
    driver = doc["runs"][0]["tool"]["driver"]
    from convex_lsp.analysis.rules import RULES

    ids = {r["id"] for r in driver["rules"]}
    assert set(RULES) <= ids
    for rule in driver["rules"]:
        assert rule["helpUri"].startswith("https://")
        assert rule["shortDescription"]["text"]


def test_the_validator_catches_mistakes(fixtures, validator):
    doc = json.loads(run_cli(["check", "app", "--format", "sarif"], fixtures).out)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    assert _errors(validator, doc)
