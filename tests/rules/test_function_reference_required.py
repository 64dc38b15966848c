import pytest

from _refs_fixture import MODULES
from convex_lsp.analysis.rules import function_reference_required as rule
from tester import Case, assert_invalid, assert_valid, err

P = "convex/caller.ts"


def case(body, errs=(), output=None, path=P, name=""):
    code = body + MODULES
    return Case(code, [e(code) for e in errs], output=(output + MODULES) if output else None, path=path, name=name)


VALID = [
    case('//- convex/caller.ts\nimport { internal } from "./_generated/api";\nexport const f = async (ctx) => ctx.runMutation(internal.messages.purge, {});\n'),
    case('//- convex/caller.ts\nconst run = (x) => x; export const f = async (ctx) => ctx.runQuery(getRef(), {});\n', name="call-results-are-not-judged"),
]
INVALID = [
    case('//- convex/caller.ts\nimport { mutation } from "./_generated/server";\nimport { purge } from "./messages";\nexport const m = mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAfter(0, purge, {}); } });\n',
         [lambda c: err("Pass a function reference such as 'internal.messages.purge', not the function itself", c, "purge", nth=1, path=P)],
         output='//- convex/caller.ts\nimport { mutation } from "./_generated/server";\nimport { purge } from "./messages";\nexport const m = mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAfter(0, internal.messages.purge, {}); } });\n'),
    case('//- convex/caller.ts\nimport * as cleanup from "./jobs/cleanup";\nexport const f = async (ctx) => ctx.runMutation(cleanup.run, {});\n',
         [lambda c: err("Pass a function reference such as 'internal.jobs.cleanup.run', not the function itself", c, "cleanup.run", path=P)], name="namespace-import"),
    case('//- convex/crons.ts\nimport { cronJobs } from "convex/server";\nimport { list, send } from "./messages";\nconst crons = cronJobs();\ncrons.interval("x", { minutes: 1 }, send, { body: "é" });\nexport default crons;\n',
         [lambda c: err("Pass a function reference such as 'api.messages.send', not the function itself", c, "send", nth=1, path="convex/crons.ts")],
         path="convex/crons.ts", name="crons"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
