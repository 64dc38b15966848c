import pytest

from _router_cases import at, crons, within
from convex_lsp.analysis.rules import cron_args_valid as rule
from tester import assert_invalid, assert_valid

VALID = [crons('crons.interval("a", { minutes: 5 }, internal.x.y, {});\ncrons.daily("b", { hourUTC: 23, minuteUTC: 59 }, internal.x.y);\ncrons.weekly("c", { dayOfWeek: "tuesday", hourUTC: 0 }, internal.x.y);\ncrons.monthly("d", { day: 31, hourUTC: 1 }, internal.x.y);\ncrons.cron("e", "*/15 2-4,6 1 JAN-MAR 0", internal.x.y);\n')]
INVALID = [
    crons('crons.weekly("r", { dayOfWeek: "Tuesday", hourUTC: 25, minuteUTC: 60 }, internal.x.y, {}); // é😀\n', [
        within("dayOfWeek must be a lowercase weekday name ('sunday' … 'saturday'), got \"Tuesday\"", '"Tuesday"', '"Tuesday"'),
        within("hourUTC must be an integer from 0 to 23, got 25", "hourUTC: 25", "25"),
        within("minuteUTC must be an integer from 0 to 59, got 60", "minuteUTC: 60", "60"),
    ], output='crons.weekly("r", { dayOfWeek: "tuesday", hourUTC: 25, minuteUTC: 60 }, internal.x.y, {}); // é😀\n'),
    crons('crons.interval("a", { minutes: 5, hours: 1 }, internal.x.y);\ncrons.interval("b", { minutes: 0 }, internal.x.y);\ncrons.monthly("m", { day: 0, hourUTC: 1 }, internal.x.y);\n', [
        at("An interval needs exactly one of seconds, minutes or hours, as a positive integer", "{ minutes: 5, hours: 1 }"),
        at("An interval needs exactly one of seconds, minutes or hours, as a positive integer", "{ minutes: 0 }"),
        within("day must be an integer from 1 to 31, got 0", "day: 0", "0"),
    ]),
    crons('crons.cron("c", "61 * * * *", internal.x.y);\ncrons.cron("d", "* * *", internal.x.y);\ncrons.cron("ü", "5 * * * *", internal.x.y);\n', [
        at('Invalid cron expression "61 * * * *": minute 61 is outside 0-59', '"61 * * * *"'),
        at('Invalid cron expression "* * *": expected 5 fields, got 3', '"* * *"'),
        at("Cron job names must be printable ASCII", '"ü"'),
    ]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
