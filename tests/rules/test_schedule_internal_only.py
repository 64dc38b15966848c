import pytest

from _refs_fixture import MODULES
from convex_lsp.analysis.rules import schedule_internal_only as rule
from tester import Case, assert_invalid, assert_valid, err

P = "convex/caller.ts"
HEAD = '//- convex/caller.ts\nimport { mutation } from "./_generated/server";\nimport { api, internal } from "./_generated/api";\n'
MSG = "Scheduled functions should be internal: '{}' is public (anyone can call it)"


def case(body, needles=(), output=None, name=""):
    code = HEAD + body + MODULES
    return Case(code, [err(MSG.format(n), code, n, path=P) for n in needles], output=(HEAD + output + MODULES) if output else None, path=P, name=name)


VALID = [
    case('export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAfter(0, internal.messages.purge, {}); } });\n'),
    case('export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.runMutation(api.messages.send, { body: "x" }); } });\n', name="run-is-another-rule"),
]
INVALID = [
    case('export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAfter(0, api.messages.send, { body: "é😀" }); } });\n', ["api.messages.send"]),
    case('export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAt(t, api.jobs.cleanup.both, {}); } });\n', ["api.jobs.cleanup.both"]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
