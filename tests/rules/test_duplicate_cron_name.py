import pytest

from _router_cases import at, crons
from convex_lsp.analysis.rules import duplicate_cron_name as rule
from tester import assert_invalid, assert_valid

VALID = [crons('crons.interval("a", { minutes: 5 }, internal.x.y);\ncrons.interval("b", { minutes: 5 }, internal.x.y);\n')]
INVALID = [crons('crons.interval("é", { minutes: 5 }, internal.x.y);\ncrons.daily("é", { hourUTC: 1 }, internal.x.y);\n', [at("Cron job 'é' is registered twice (first on line 5)", '"é"', 1)])]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
