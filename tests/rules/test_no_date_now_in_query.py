import pytest

from convex_lsp.analysis.rules import no_date_now_in_query as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { query, mutation, action, internalQuery, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'

N1 = H + 'export const q = query({ args: {}, handler: async (ctx) => { const t = Date.now(); const d = new Date(); return t; } });\n'
VALID = [
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("users", { at: Date.now() }); } });\n'),
    Case(H + 'export const q = query({ args: { at: v.number() }, handler: async (ctx, args) => new Date(args.at).getTime() });\n', name="new-Date-with-argument"),
]
INVALID = [
    Case(N1, [
        err("'Date.now()' in a query: results are cached and do not update as time passes; pass the time as an argument", N1, "Date.now()"),
        err("'new Date()' in a query: results are cached and do not update as time passes; pass the time as an argument", N1, "new Date()"),
    ]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
