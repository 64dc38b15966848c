import pytest

from convex_lsp.analysis.rules import scheduled_function_uses_auth as rule
from tester import Case, assert_invalid, assert_valid, err

JOBS = '//- convex/jobs.ts\nimport { internalMutation, mutation } from "./_generated/server";\nexport const later = internalMutation({ args: {}, handler: async (ctx) => {\n  const who = await ctx.auth.getUserIdentity(); // é😀\n} });\nexport const direct = mutation({ args: {}, handler: async (ctx) => { await ctx.auth.getUserIdentity(); } });\n'
CALLER = '//- convex/caller.ts\nimport { mutation } from "./_generated/server";\nimport { internal } from "./_generated/api";\nexport const start = mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAfter(0, internal.jobs.later, {}); } });\n'
CRONS = '//- convex/crons.ts\nimport { cronJobs } from "convex/server";\nimport { api } from "./_generated/api";\nconst crons = cronJobs();\ncrons.interval("d", { minutes: 5 }, api.jobs.direct);\nexport default crons;\n'
VALID = [Case(JOBS + CALLER.replace("internal.jobs.later", "internal.other.thing"), path="convex/jobs.ts")]
INVALID = [

    Case(JOBS + CALLER, [err("'internal.jobs.later' is scheduled: authentication is not propagated there, so this returns null. Pass the user id as an argument", JOBS + CALLER, "ctx.auth.getUserIdentity()", path="convex/jobs.ts")], path="convex/jobs.ts"),
    Case(JOBS + CRONS, [err("'api.jobs.direct' is run by a cron job: authentication is not propagated there, so this returns null. Pass the user id as an argument", JOBS + CRONS, "ctx.auth.getUserIdentity()", 1, path="convex/jobs.ts")], path="convex/jobs.ts", name="cron-target"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
