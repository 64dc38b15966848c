import pytest

from convex_lsp.analysis.rules import no_writes_in_query as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { query, mutation, action, internalQuery, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'
AUTH_LIB = """//- convex/lib/functions.ts
import { query, mutation } from "../_generated/server";
import { customQuery, customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const authQuery = customQuery(query, customCtx(async (ctx) => {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) throw new Error("Unauthenticated");
  return { identity };
}));
"""


W1 = H + 'export const q = query({ args: {}, handler: async (ctx) => { await ctx.db.insert("messages", { body: "é😀" }); } });\n'
W2 = H + 'export const q = internalQuery({ args: {}, handler: async ({ db, scheduler }) => { await scheduler.runAfter(0, x, {}); return db.query("users").take(1); } });\n'
W3 = AUTH_LIB + '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\nexport const q = authQuery({ args: {}, handler: async (ctx) => { await ctx.runMutation(x, {}); } });\n'
VALID = [
    Case(H + 'export const q = query({ args: {}, handler: async (ctx) => ctx.db.query("users").take(5) });\n'),
    Case(H + 'export const m = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("users", {}); await ctx.scheduler.runAfter(0, x, {}); } });\n'),
    Case(H + 'const helper = async (ctx) => { await ctx.db.insert("users", {}); };\n', name="helpers-are-not-registrations"),
]
INVALID = [
    Case(W1, [err("'ctx.db.insert' is not available in a query: queries are read-only", W1, "ctx.db.insert")]),
    Case(W2, [err("'ctx.scheduler.runAfter' is not available in a query: queries are read-only", W2, "scheduler.runAfter")], name="destructured-ctx"),
    Case(W3, [err("'ctx.runMutation' is not available in a query: queries are read-only", W3, "ctx.runMutation", path="convex/messages.ts")], name="custom-builder"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
