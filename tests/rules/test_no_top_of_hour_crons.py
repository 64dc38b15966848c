import pytest

from convex_lsp.analysis.rules import no_top_of_hour_crons as rule
from tester import Case, assert_invalid, assert_valid, err

HEAD = 'import { cronJobs } from "convex/server";\nimport { internal } from "./_generated/api";\nconst crons = cronJobs();\n'
TAIL = "export default crons;\n"
MIN = "Cron job scheduled at the top of the hour: omit minuteUTC to let Convex spread jobs, or pick another minute"
CRON = "Cron expression runs at minute 0 of the hour: pick another minute"


def case(body, errs=(), output=None, name=""):
    code = HEAD + body + TAIL
    return Case(code, [e(code) for e in errs], output=(HEAD + output + TAIL) if output else None, path="convex/crons.ts", name=name)


VALID = [
    case('crons.daily("d", { hourUTC: 8, minuteUTC: 17 }, internal.x.y, {});\ncrons.hourly("h", {}, internal.x.y);\ncrons.cron("c", "*/5 * * * *", internal.x.y);\ncrons.cron("c2", "30 0 * * *", internal.x.y);\n'),
    Case('const other = { hourly: (a, b) => a };\nother.hourly("x", { minuteUTC: 0 });\n', path="convex/crons.ts", name="not-a-cronJobs-receiver"),
]
INVALID = [
    case('crons.daily("d", { hourUTC: 8, minuteUTC: 0 }, internal.x.y, {});\n', [lambda c: err(MIN, c, "minuteUTC: 0")],
         output='crons.daily("d", { hourUTC: 8 }, internal.x.y, {});\n'),
    case('crons.hourly("h", { minuteUTC: 0, }, internal.x.y); // é😀\n', [lambda c: err(MIN, c, "minuteUTC: 0")],
         output='crons.hourly("h", { }, internal.x.y); // é😀\n', name="trailing-comma"),
    case('crons.cron("c", "0 * * * *", internal.x.y);\ncrons.cron("c2", "0-10 3 * * *", internal.x.y);\n',
         [lambda c: err(CRON, c, '"0 * * * *"'), lambda c: err(CRON, c, '"0-10 3 * * *"')]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
