import pytest

from _fn_fixture import FUNCTIONS_LIB, assert_triggers, docs_cases
from convex_lsp.analysis.rules import no_query_mutation_in_node as rule
from tester import Case, assert_invalid, assert_valid, err_in

H = '"use node";\nimport { query, mutation, action, internalQuery, internalMutation, internalAction } from "./_generated/server";\n'
MSG = "{} '{}' is defined in a \"use node\" file; only actions can run in the Node.js runtime"

VALID = [
    Case(H + "export const a = action({ args: {}, handler: async () => {} });\nexport const b = internalAction({ args: {}, handler: async () => {} });\n"),
    Case(H.replace('"use node";\n', "") + "export const q = query({ args: {}, handler: async () => 1 });\n", name="no-directive"),
    Case('import { query } from "./_generated/server";\n"use node";\nexport const q = query({ args: {}, handler: async () => 1 });\n',
         name="misplaced-directive-is-use-node-position"),
]

C1 = H + "export const q = query({ args: {}, handler: async () => 1 });\nexport const m = internalMutation({ args: {}, handler: async () => {} });\n"
C2 = H + "const hidden = internalQuery({ args: {}, handler: async () => 1 });\nexport default mutation({ args: {}, handler: async () => {} });\n"
C3 = FUNCTIONS_LIB + '//- convex/messages.ts\n"use node";\nimport { authQuery } from "./lib/functions";\nexport const mine = authQuery({ args: {}, handler: async (ctx) => ctx.identity });\n'
C3_FILE = C3.split("//- convex/messages.ts\n")[1]

INVALID = [
    Case(C1, [err_in(MSG.format("Query", "q"), C1, "= query", "query"), err_in(MSG.format("Internal mutation", "m"), C1, "= internalMutation", "internalMutation")]),
    Case(C2, [err_in(MSG.format("Internal query", "hidden"), C2, "= internalQuery", "internalQuery"), err_in(MSG.format("Mutation", "default"), C2, "default mutation", "mutation")],
         name="unexported-and-default"),
    Case(C3, [err_in(MSG.format("Query", "mine"), C3_FILE, "= authQuery", "authQuery")], name="custom-builder"),
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
