import pytest

from convex_lsp.analysis.rules import await_convex_calls as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { query, mutation, action, internalQuery, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'

A1 = H + 'export const m = mutation({ args: {}, handler: async (ctx) => {\n  ctx.db.patch("users", id, { name: "é😀" });\n  ctx.scheduler.runAfter(0, x, {});\n} });\n'
A1_OUT = A1.replace('  ctx.db.patch', '  await ctx.db.patch').replace('  ctx.scheduler', '  await ctx.scheduler')
A2 = H + 'export const m = mutation({ args: {}, handler: (ctx) => {\n  ctx.runMutation(x, {});\n} });\n'
VALID = [
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("users", {}); const p = ctx.db.patch("users", i, {}); await p; return ctx.db.delete("users", i); } });\n'),
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx) => { await Promise.all([ctx.db.insert("users", {})]); void 0; } });\n'),
]
INVALID = [
    Case(A1, [
        err("'ctx.db.patch' returns a promise that is never awaited", A1, 'ctx.db.patch("users", id, { name: "é😀" })'),
        err("'ctx.scheduler.runAfter' returns a promise that is never awaited", A1, "ctx.scheduler.runAfter(0, x, {})"),
    ], output=A1_OUT),
    Case(A2, [err("'ctx.runMutation' returns a promise that is never awaited", A2, "ctx.runMutation(x, {})")], output=A2, name="no-fix-outside-async"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
