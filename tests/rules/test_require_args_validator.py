import pytest

from _fn_fixture import FUNCTIONS_LIB, assert_triggers, docs_cases
from convex_lsp.analysis.rules import require_args_validator as rule
from tester import Case, assert_invalid, assert_valid, err_in, run_rule

H = 'import { query, mutation, action, internalQuery, internalMutation, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'
USES = "{} {} '{}' reads arguments but has no `args` validator"
EMPTY = "{} {} '{}' has no `args` validator; add `args: {{}}`"

VALID = [
    Case(H + 'export const list = query({ args: { limit: v.number() }, handler: async (ctx, { limit }) => ctx.db.query("messages").take(limit) });\n'),
    Case(H + 'export const list = query({ args: {}, handler: async (ctx, {}) => 1 });\n', name="explicit-empty-args"),
    Case(H + 'export const x = mutation({ args: { data: v.any() }, handler: async (ctx, { data }) => data });\n', name="v-any-is-fine"),
    Case(H + 'export const old = query(async (ctx, { a }) => a);\n', name="legacy-syntax-left-to-no-old-function-syntax"),
    Case(H + 'export const hook = httpAction(async (ctx, req) => new Response());\n', name="httpAction"),
    Case(H + 'const base = { args: { a: v.string() } };\nexport const s = query({ ...base, handler: async (ctx, { a }) => a });\n', name="args-may-come-from-a-spread"),
    Case(H + 'export const s = query({ args, handler: async (ctx, { a }) => a });\n', name="shorthand-args"),
    Case(H + 'export const n = query({ handler: async (ctx) => 1 });\n', options={"ignoreUnusedArguments": True}, name="ignoreUnusedArguments"),
    Case("//- convex/messages.test.ts\n" + H + 'export const n = query({ handler: async (ctx) => 1 });\n', path="convex/messages.test.ts", name="test-file"),
]

C1 = H + "export const send = mutation({\n  handler: async (ctx, { body, author }) => {\n    await ctx.db.insert(\"messages\", { body, author });\n  },\n});\n"
C1_OUT = C1.replace("mutation({\n  handler", "mutation({\n  args: { body: v.string(), author: v.id(\"users\") },\n  handler")
C2 = H + 'export const send = mutation({ handler: async (ctx, { body, n }: { body: string; n?: number }) => body });\n'
C2_OUT = C2.replace("mutation({ handler", "mutation({ args: { body: v.string(), n: v.optional(v.number()) }, handler")
C3 = H + "export const list = query({\n  handler: async (ctx) => {\n    return ctx.db.query(\"messages\").take(1);\n  },\n});\n"
C3_OUT = C3.replace("query({\n  handler", "query({\n  args: {},\n  handler")
C4 = H + "export const list = query({ handler: async (ctx, {}) => 1 });\n"
C5 = H + "const purge = internalMutation({ handler: async (ctx) => {} });\nexport { purge };\nexport default query({ handler: async (ctx, args) => args.id });\n"
C6 = H + "const hidden = internalQuery({ handler(ctx) { return 1; } });\n"
C7 = H + "async function impl(ctx, { id }) { return id; }\nexport const byId = query({ handler: impl });\n"
C8 = FUNCTIONS_LIB + "//- convex/messages.ts\nimport { authQuery, loggedMutation } from \"./lib/functions\";\nexport const mine = authQuery({ handler: async (ctx) => ctx.identity });\nexport const log = loggedMutation({ handler: async (ctx, { text }: { text: string }) => text });\n"
C8_FILE = C8.split("//- convex/messages.ts\n")[1]
C9 = 'import { query } from "./_generated/server";\nexport const get = query({ handler: async (ctx, args) => { const { id } = args; return args["kind"]; } });\n'
C9_OUT = 'import { query } from "./_generated/server";\nimport { v } from "convex/values";\nexport const get = query({ args: { id: v.any(), kind: v.any() }, handler: async (ctx, args) => { const { id } = args; return args["kind"]; } });\n'
C10 = H + "export const w = mutation({ handler: async (ctx, args) => save(args) });\n"

INVALID = [
    Case(C1, [err_in(USES.format("Public", "mutation", "send"), C1, "= mutation", "mutation")], output=C1_OUT, name="destructured-args"),
    Case(C2, [err_in(USES.format("Public", "mutation", "send"), C2, "= mutation", "mutation")], output=C2_OUT, name="annotated-args"),
    Case(C3, [err_in(EMPTY.format("Public", "query", "list"), C3, "= query", "query")], output=C3_OUT, unsafe=False, name="no-args-param"),
    Case(C4, [err_in(EMPTY.format("Public", "query", "list"), C4, "= query", "query")],
         output=C4.replace("query({ handler", "query({ args: {}, handler"), unsafe=False, name="empty-pattern"),
    Case(C5, [err_in(EMPTY.format("Internal", "mutation", "purge"), C5, "= internalMutation", "internalMutation"),
              err_in(USES.format("Public", "query", "default"), C5, "default query", "query")], name="export-clause-and-default"),
    Case(C6, [err_in(EMPTY.format("Internal", "query", "hidden"), C6, "= internalQuery", "internalQuery")],
         output=C6.replace("({ handler(", "({ args: {}, handler("), name="non-exported-method-handler"),
    Case(C7, [err_in(USES.format("Public", "query", "byId"), C7, "= query", "query")],
         output=C7.replace("query({ handler", "query({ args: { id: v.any() }, handler"), name="named-handler"),
    Case(C8, [err_in(EMPTY.format("Public", "query", "mine"), C8_FILE, "= authQuery", "authQuery"),
              err_in(USES.format("Public", "mutation", "log"), C8_FILE, "= loggedMutation", "loggedMutation")], name="custom-builders"),
    Case(C9, [err_in(USES.format("Public", "query", "get"), C9, "= query", "query")], output=C9_OUT, name="args-reads-and-import"),
    Case(C10, [err_in(USES.format("Public", "mutation", "w"), C10, "= mutation", "mutation")], output=C10, name="args-escape-no-fix"),
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


def test_severity_public_error_internal_warning():
    diags, _, _ = run_rule(rule, Case(C5))
    assert [d.severity for d in diags] == ["warning", "error"]


def test_fix_applicability():
    d1, _, _ = run_rule(rule, Case(C3))
    d2, _, _ = run_rule(rule, Case(C1))
    assert d1[0].fixes[0].applicability == "safe"
    assert d2[0].fixes[0].applicability == "unsafe"
