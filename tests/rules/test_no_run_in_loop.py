import pytest

from convex_lsp.analysis.rules import no_run_in_loop as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { action, mutation } from "./_generated/server";\nimport { internal } from "./_generated/api";\n'
VALID = [
    Case(H + 'export const a = action({ args: {}, handler: async (ctx, args) => { await ctx.runMutation(internal.x.many, { items: args.items }); } });\n'),
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx, args) => { for (const id of args.ids) { await ctx.db.delete("users", id); } } });\n', name="db-in-loop-is-fine"),
    Case(H + 'export const a = action({ args: {}, handler: async (ctx) => { let cursor = null; while (true) { const r = await ctx.runMutation(internal.x.batch, { cursor }); if (r.isDone) break; cursor = r.cursor; } } });\n', name="cursor-batch-while-loop"),
]
A = H + 'export const a = action({ args: {}, handler: async (ctx, args) => {\n  for (const b of args.bodies) { await ctx.runMutation(internal.x.one, { b }); }\n  await Promise.all(args.ids.map((id) => ctx.runQuery(internal.x.get, { id }))); // é😀\n  for (let i = 0; i < 3; i++) { await ctx.runAction(internal.x.step, {}); }\n} });\n'
INVALID = [Case(A, [
    err("ctx.runMutation inside a loop makes one function call per item: pass the whole list to one function", A, "ctx.runMutation"),
    err("ctx.runQuery inside a loop makes one function call per item: pass the whole list to one function", A, "ctx.runQuery"),
    err("ctx.runAction inside a loop makes one function call per item: pass the whole list to one function", A, "ctx.runAction"),
])]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
