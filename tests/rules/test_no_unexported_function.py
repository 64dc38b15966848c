import pytest

from _fn_fixture import FUNCTIONS_LIB, assert_triggers, docs_cases
from convex_lsp.analysis.rules import no_unexported_function as rule
from tester import Case, assert_invalid, assert_valid, err_in, run_rule

H = 'import { query, mutation, internalMutation, httpAction } from "./_generated/server";\n'
MSG = "{} '{}' is registered but not exported, so Convex does not deploy it"

VALID = [
    Case(H + "export const send = mutation({ args: {}, handler: async () => {} });\n"),
    Case(H + "const send = mutation({ args: {}, handler: async () => {} });\nexport { send };\n", name="export-clause"),
    Case(H + "const send = mutation({ args: {}, handler: async () => {} });\nexport { send as post };\n", name="export-clause-alias"),
    Case(H + "const send = mutation({ args: {}, handler: async () => {} });\nexport default send;\n", name="export-default-identifier"),
    Case(H + "const send = mutation({ args: {}, handler: async () => {} });\nexport const fns = { send };\n", name="referenced-elsewhere"),
    Case(H + "const hook = httpAction(async (ctx, req) => new Response());\n", name="http-action-used-by-the-router"),
    Case("//- convex/_generated/server.ts\n" + H + "const send = mutation({ args: {}, handler: async () => {} });\n", path="convex/_generated/server.ts", name="generated"),
    Case("//- convex/messages.test.ts\n" + H + "const send = mutation({ args: {}, handler: async () => {} });\n", path="convex/messages.test.ts", name="test-file"),
    Case("//- convex/lib.server.ts\n" + H + "const send = mutation({ args: {}, handler: async () => {} });\n", path="convex/lib.server.ts", name="not-an-entry-point"),
]

C1 = H + "const send = mutation({ args: {}, handler: async () => {} });\n"
C2 = H + "const purge = internalMutation({ args: {}, handler: async () => {} }), other = 1;\n"
C3 = FUNCTIONS_LIB + '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\nconst mine = authQuery({ args: {}, handler: async (ctx) => ctx.identity });\n'
C3_FILE = C3.split("//- convex/messages.ts\n")[1]

INVALID = [
    Case(C1, [err_in(MSG.format("Mutation", "send"), C1, "const send", "send")], output=H + "export " + C1[len(H):]),
    Case(C2, [err_in(MSG.format("Internal mutation", "purge"), C2, "const purge", "purge")], output=C2, name="several-declarators-no-fix"),
    Case(C3, [err_in(MSG.format("Query", "mine"), C3_FILE, "const mine", "mine")], name="custom-builder"),
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


def test_fix_is_unsafe():
    diags, _, _ = run_rule(rule, Case(C1))
    assert diags[0].fixes[0].applicability == "unsafe"
