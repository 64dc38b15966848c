import pytest

from _refs_fixture import MODULES
from convex_lsp.analysis.rules import cron_internal_only as rule
from tester import Case, assert_invalid, assert_valid, err

P = "convex/crons.ts"
HEAD = '//- convex/crons.ts\nimport { cronJobs } from "convex/server";\nimport { api, internal } from "./_generated/api";\nconst crons = cronJobs();\n'
MSG = "Cron jobs should run internal functions: '{}' is public (anyone can call it)"


def case(body, needles=(), name=""):
    code = HEAD + body + "export default crons;\n" + MODULES
    return Case(code, [err(MSG.format(n), code, n, path=P) for n in needles], path=P, name=name)


VALID = [case('crons.interval("purge", { minutes: 5 }, internal.messages.purge, {});\n')]
INVALID = [
    case('crons.interval("send", { minutes: 5 }, api.messages.send, { body: "x" });\ncrons.cron("c", "15 * * * *", api.jobs.cleanup.both);\n',
         ["api.messages.send", "api.jobs.cleanup.both"]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
