import pytest

from convex_lsp.analysis.rules import no_spoofable_auth_arg as rule
from tester import Case, assert_invalid, assert_valid, err_in

H = 'import { mutation, internalMutation, query } from "./_generated/server";\nimport { v } from "convex/values";\n'
AUTH_LIB = '//- convex/lib/functions.ts\nimport { mutation } from "../_generated/server";\nimport { customMutation, customCtx } from "convex-helpers/server/customFunctions";\nexport const authMutation = customMutation(mutation, customCtx(async (ctx) => { const identity = await ctx.auth.getUserIdentity(); if (!identity) throw new Error("x"); return {}; }));\n'
VALID = [
    Case(H + 'export const m = internalMutation({ args: { userId: v.id("users") }, handler: async (ctx, args) => { await ctx.db.insert("messages", { author: args.userId }); } });\n', name="internal"),
    Case(H + 'export const m = mutation({ args: { userId: v.id("users") }, handler: async (ctx, args) => { const me = await ctx.auth.getUserIdentity(); if (!me) throw new Error(); await ctx.db.insert("messages", { author: args.userId }); } });\n', name="checks-auth"),
    Case('//- convex/messages.ts\n' + H + 'import { authMutation } from "./lib/functions";\nexport const m = authMutation({ args: { userId: v.id("users") }, handler: async (ctx, args) => { await ctx.db.insert("messages", { author: args.userId }); } });\n' + AUTH_LIB, name="auth-builder"),
    Case(H + 'export const q = query({ args: { email: v.string() }, handler: async (ctx, args) => args.email.length });\n', name="not-used-as-owner"),
]
# The rule speaks in projects that authenticate somewhere (here: an auth config).
AUTH_CONFIG = '//- convex/auth.config.ts\nexport default { providers: [{ domain: "https://issuer.example.com", applicationID: "convex" }] };\n'
A = H + 'export const m = mutation({ args: { body: v.string(), userId: v.id("users") }, handler: async (ctx, args) => {\n  await ctx.db.insert("messages", { body: args.body, author: args.userId }); // é😀\n} });\n'
B = H + 'export const q = query({ args: { role: v.string() }, handler: async (ctx, { role }) => { if (role === "admin") return 1; } });\n'
VALID.append(Case(A, name="project-without-any-authentication"))
INVALID = [
    Case("//- convex/messages.ts\n" + A + AUTH_CONFIG, [err_in("'userId' comes from the client and can be anyone's: derive the user from ctx.auth.getUserIdentity() instead", A, "userId: v.id", "userId")]),
    Case("//- convex/messages.ts\n" + B + AUTH_CONFIG, [err_in("'role' comes from the client and can be anyone's: derive the user from ctx.auth.getUserIdentity() instead", B, "role: v.string", "role")], name="destructured-comparison"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
