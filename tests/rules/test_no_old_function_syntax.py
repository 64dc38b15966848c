import pytest

from _fn_fixture import FUNCTIONS_LIB, assert_triggers, docs_cases
from convex_lsp.analysis.rules import no_old_function_syntax as rule
from tester import Case, assert_invalid, assert_valid, err, err_in

MSG = "'{}' is given a bare handler function; use the object syntax `{{ args, handler }}`"
H = 'import { query, mutation, action, internalMutation, httpAction } from "./_generated/server";\n'

VALID = [
    Case(H + 'export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(5) });\n'),
    Case(H + 'export const hook = httpAction(async (ctx, req) => new Response("ok"));\n', name="httpAction-has-only-the-function-form"),
    Case(H + 'export const f = helper(async (ctx) => 1);\n', name="unknown-callee"),
    Case(H + 'const x = [1].map(async (n) => n);\n', name="not-a-registrar"),
    Case("//- convex/_generated/server.ts\n" + H + 'export const list = query(async (ctx) => 1);\n', path="convex/_generated/server.ts", name="generated-code"),
    Case("//- convex/messages.test.ts\n" + H + 'export const list = query(async (ctx) => 1);\n', path="convex/messages.test.ts", name="test-file"),
]

C1 = H + 'export const list = query(async (ctx) => {\n  return await ctx.db.query("messages").take(10);\n});\n'
C2 = H + 'export const send = mutation(async (ctx, { body, author }) => {\n  await ctx.db.insert("messages", { body, author });\n});\n'
C3 = H + 'export const ping = action(async () => {});\n'
C4 = H + 'export const run = action(async ({ runMutation }, { author }) => {\n  await runMutation(internal.messages.send, { author });\n});\n'
C5 = H + 'const purge = internalMutation(async (ctx) => {});\nexport { purge };\nexport default mutation(async function (ctx) {});\n'
C6 = FUNCTIONS_LIB + '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\nexport const mine = authQuery(async (ctx) => ctx.identity);\n'

INVALID = [
    Case(C1, [err(MSG.format("query"), C1, "query", 1)],
         output=H + 'export const list = query({ args: {}, handler: async (ctx) => {\n  return await ctx.db.query("messages").take(10);\n} });\n'),
    Case(C2, [err(MSG.format("mutation"), C2, "mutation", 1)],
         output=H + 'export const send = mutation({ handler: async (ctx, { body, author }) => {\n  await ctx.db.insert("messages", { body, author });\n} });\n',
         name="two-params-leave-args-to-require-args-validator"),
    Case(C3, [err(MSG.format("action"), C3, "action", 1)], output=H + 'export const ping = action({ args: {}, handler: async () => {} });\n'),
    Case(C4, [err(MSG.format("action"), C4, "action", 1)],
         output=H + 'export const run = action({ handler: async ({ runMutation }, { author }) => {\n  await runMutation(internal.messages.send, { author });\n} });\n',
         name="destructured-ctx"),
    Case(C5, [err(MSG.format("internalMutation"), C5, "internalMutation", 1), err_in(MSG.format("mutation"), C5, "default mutation(", "mutation")],
         output=H + 'const purge = internalMutation({ args: {}, handler: async (ctx) => {} });\nexport { purge };\nexport default mutation({ args: {}, handler: async function (ctx) {} });\n',
         name="export-clause-and-default"),
    Case(C6, [err_in(MSG.format("authQuery"), C6, "= authQuery(", "authQuery", path="convex/messages.ts")], name="custom-builder"),
    Case("//- convex/helpers.ts\n" + H + "export const h = query(async (ctx) => 1);\n",
         [err_in(MSG.format("query"), H + "export const h = query(async (ctx) => 1);\n", "= query(", "query")], path="convex/helpers.ts", name="other-module"),
]

DOC_VALID, DOC_EXAMPLES = docs_cases(rule)


@pytest.mark.parametrize("case", VALID + DOC_VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)


@pytest.mark.parametrize("case", DOC_EXAMPLES, ids=str)
def test_docs_example(case):
    assert_triggers(rule, case)


def test_docs_example_fix_gives_use_instead():
    assert_invalid(rule, Case(DOC_EXAMPLES[0].code, [err_in(MSG.format("query"), DOC_EXAMPLES[0].code, "= query(", "query")],
                              output=DOC_EXAMPLES[0].code.replace("query(async (ctx) => {", "query({ args: {}, handler: async (ctx) => {").replace("});\n", "} });\n")))
