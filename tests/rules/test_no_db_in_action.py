import pytest

from convex_lsp.analysis.rules import no_db_in_action as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { query, mutation, action, internalQuery, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'

D1 = H + 'export const a = action({ args: {}, handler: async (ctx) => { const rows = await ctx.db.query("users").take(1); return rows; } });\n'
D2 = H + 'export const a = action({ args: {}, handler: async ({ db }) => { return 1; } });\n'
D3 = H + 'export const h = httpAction(async (ctx, req) => { await ctx.db.get("users", x); return new Response(); });\n'
VALID = [
    Case(H + 'export const a = action({ args: {}, handler: async (ctx) => ctx.runQuery(internal.users.get, {}) });\n'),
    Case(H + 'export const q = query({ args: {}, handler: async (ctx) => ctx.db.query("users").take(1) });\n'),
]
INVALID = [
    Case(D1, [err("Actions have no database access: use ctx.runQuery / ctx.runMutation with an internal function", D1, "ctx.db")]),
    Case(D2, [err("Actions have no database access: use ctx.runQuery / ctx.runMutation with an internal function", D2, "{ db }")]),
    Case(D3, [err("Actions have no database access: use ctx.runQuery / ctx.runMutation with an internal function", D3, "ctx.db")], name="http-action-legacy-form"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
