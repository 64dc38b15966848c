import pytest

from _router_cases import CRON_HEAD, at, crons, within
from convex_lsp.analysis.rules import crons_default_export as rule
from tester import Case, assert_invalid, assert_valid

BODY = 'crons.interval("a", { minutes: 5 }, internal.x.y);\n'
VALID = [
    crons(BODY),
    crons(BODY, tail="export { crons as default };\n", name="export-clause"),
    Case(CRON_HEAD + BODY, path="convex/jobs.ts", name="only-crons-ts"),
]
INVALID = [
    crons(BODY, [within("'crons' is never the default export: Convex schedules no job from crons.ts", "const crons", "crons")], output=BODY + "export default crons;\n", tail=""),
    crons(BODY, [at("crons.ts must default-export its cronJobs() object 'crons'", "{ other: 1 }")], tail="export default { other: 1 };\n", name="wrong-default"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
