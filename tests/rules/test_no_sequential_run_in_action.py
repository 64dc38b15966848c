import pytest

from convex_lsp.analysis.rules import no_sequential_run_in_action as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { action } from "./_generated/server";\nimport { internal } from "./_generated/api";\n'
VALID = [
    Case(H + 'export const a = action({ args: {}, handler: async (ctx) => {\n  const u = await ctx.runQuery(internal.x.a, {});\n  await fetch("https://example.com");\n  await ctx.runMutation(internal.x.b, {});\n} });\n', name="side-effect-between"),
    Case(H + 'export const a = action({ args: {}, handler: async (ctx) => { await ctx.runAction(internal.x.a, {}); await ctx.runAction(internal.x.b, {}); } });\n', name="runAction-is-not-counted"),
]
A = H + 'export const a = action({ args: {}, handler: async (ctx) => {\n  const u = await ctx.runQuery(internal.x.a, {});\n  await ctx.runMutation(internal.x.b, { u }); // é😀\n  await ctx.runMutation(internal.x.c, {});\n} });\n'
INVALID = [Case(A, [
    err("Consecutive ctx.runQuery / ctx.runMutation calls run in separate transactions: combine them into one function", A, "ctx.runMutation", 0),
    err("Consecutive ctx.runQuery / ctx.runMutation calls run in separate transactions: combine them into one function", A, "ctx.runMutation", 1),
])]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
