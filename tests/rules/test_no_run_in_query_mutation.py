import pytest

from convex_lsp.analysis.rules import no_run_in_query_mutation as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { query, mutation, action } from "./_generated/server";\nimport { internal, components } from "./_generated/api";\n'
VALID = [
    Case(H + 'export const a = action({ args: {}, handler: async (ctx) => ctx.runQuery(internal.x.y, {}) });\n'),
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.runMutation(components.counter.lib.add, {}); } });\n', name="components"),
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx) => { try { await ctx.runMutation(internal.x.y, {}); } catch { } } });\n', name="partial-rollback"),
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx, args) => { await ctx.runQuery(args.fnHandle, {}); } });\n', name="function-handle"),
]
A = H + 'export const q = query({ args: {}, handler: async (ctx) => ctx.runQuery(internal.x.y, {}) }); // é😀\n'
B = H + 'export const m = mutation({ args: {}, handler: async ({ runMutation }) => { await runMutation(internal.x.y, {}); } });\n'
INVALID = [
    Case(A, [err("ctx.runQuery inside a query starts a separate function call: call a helper function with the same ctx instead", A, "ctx.runQuery")]),
    Case(B, [err("ctx.runMutation inside a mutation starts a separate function call: call a helper function with the same ctx instead", B, "runMutation", 1)], name="destructured"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
