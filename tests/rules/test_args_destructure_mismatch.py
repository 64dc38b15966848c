import pytest

from _fn_fixture import FUNCTIONS_LIB, assert_triggers, docs_cases
from convex_lsp.analysis.rules import args_destructure_mismatch as rule
from convex_lsp.analysis.diagnostics import apply_edits
from tester import Case, assert_invalid, assert_valid, err_in, run_rule

H = 'import { query, mutation, internalQuery } from "./_generated/server";\nimport { v } from "convex/values";\n'
MSG = "'{}' is not declared in the `args` validator of '{}'"

VALID = [
    Case(H + "export const s = mutation({ args: { body: v.string() }, handler: async (ctx, { body }) => body });\n"),
    Case(H + "export const s = mutation({ args: { body: v.string() }, handler: async (ctx, args) => args.body });\n", name="member-read"),
    Case(H + "export const s = query({ args: {}, handler: async (ctx) => 1 });\n", name="no-args-param"),
    Case(H + "export const s = query({ handler: async (ctx, { a }) => a });\n", name="no-args-validator-is-require-args-validator"),
    Case(H + 'import { shared } from "./validators";\nexport const s = query({ args: shared, handler: async (ctx, { a }) => a });\n', name="imported-validator-unknown"),
    Case(H + 'import { extra } from "./validators";\nexport const s = query({ args: { ...extra, b: v.string() }, handler: async (ctx, { a }) => a });\n', name="unresolved-spread"),
    Case(H + "const shared = { a: v.string() };\nexport const s = query({ args: shared, handler: async (ctx, { a }) => a });\n", name="same-file-const"),
    Case(H + "const shared = { a: v.string() };\nexport const s = query({ args: { ...shared, b: v.number() }, handler: async (ctx, { a, b }) => a + b });\n", name="resolved-spread"),
    Case(H + "export const s = query({ args: v.object({ a: v.string() }), handler: async (ctx, { a }) => a });\n", name="v-object"),
    Case(H + "export const s = query({ args: { a: v.string() }, handler: async (ctx, { a, ...rest }) => a });\n", name="rest-pattern"),
    Case(FUNCTIONS_LIB + '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\nimport { v } from "convex/values";\n'
         'export const s = authQuery({ args: {}, handler: async (ctx, { sessionId }) => sessionId });\n', name="custom-builder-may-add-args"),
    Case(H + "export const s = query({ args: { a: v.string() }, handler: async (ctx, args) => args.a.length });\n", name="nested-member"),
    Case(H + "async function shared(ctx, args: { a?: string; b?: string }) { return args.a ?? args.b; }\n"
         "export const one = query({ args: { a: v.string() }, handler: shared });\nexport const two = query({ args: { b: v.string() }, handler: shared });\n",
         name="shared-named-handler"),
]

C1 = H + "export const send = mutation({ args: { body: v.string() }, handler: async (ctx, { body, channel }) => body });\n"
C2 = H + "export const send = mutation({\n  args: {\n    body: v.string(),\n  },\n  handler: async (ctx, args: { body: string; likes: number }) => args.likes + args.likes,\n});\n"
C2_OUT = C2.replace("    body: v.string(),\n", "    body: v.string(),\n    likes: v.number(),\n")
C3 = 'import { query } from "./_generated/server";\nexport const get = query({ args: {}, handler: async (ctx, args) => { const { id } = args; return args["kind"]; } });\n'
C3_OUT = 'import { query } from "./_generated/server";\nimport { v } from "convex/values";\nexport const get = query({ args: { id: v.any() }, handler: async (ctx, args) => { const { id } = args; return args["kind"]; } });\n'
C4 = H + "const shared = { a: v.string() };\nconst q = internalQuery({ args: shared, handler: async (ctx, { a, b: renamed, c = 1 }) => a });\n"
C5 = H + "export const s = query({ args: v.object({}), handler: async (ctx, { z }) => z });\n"

INVALID = [
    Case(C1, [err_in(MSG.format("channel", "send"), C1, "body, channel", "channel")],
         output=C1.replace("args: { body: v.string() }", "args: { body: v.string(), channel: v.any() }"), name="destructured"),
    Case(C2, [err_in(MSG.format("likes", "send"), C2, "args.likes", "likes"), err_in(MSG.format("likes", "send"), C2, "+ args.likes", "likes")],
         output=C2_OUT, name="member-reads-annotated-fix-once"),
    Case(C3, [err_in(MSG.format("id", "get"), C3, "{ id }", "id"), err_in(MSG.format("kind", "get"), C3, '"kind"', '"kind"')],
         name="const-destructure-and-subscript"),
    Case(C4, [err_in(MSG.format("b", "q"), C4, "b: renamed", "b"), err_in(MSG.format("c", "q"), C4, "c = 1", "c")], name="const-args-unexported-no-fix"),
    Case(C5, [err_in(MSG.format("z", "s"), C5, "{ z }", "z")], output=C5.replace("v.object({})", "v.object({ z: v.any() })"), name="v-object-empty"),
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


def test_fix_adds_the_v_import():
    diags, snap, path = run_rule(rule, Case(C3))
    assert apply_edits(snap.text(path), diags[0].fixes[0].edits).decode() == C3_OUT
    assert diags[0].fixes[0].applicability == "unsafe"
