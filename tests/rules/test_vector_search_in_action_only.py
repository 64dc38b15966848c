import pytest

from convex_lsp.analysis.rules import vector_search_in_action_only as rule
from tester import Case, assert_invalid, assert_valid, err

H = 'import { query, mutation, action, internalQuery, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'

VS1 = H + 'export const q = query({ args: {}, handler: async (ctx) => ctx.vectorSearch("documents", "by_embedding", { vector: [] }) });\n'
VALID = [Case(H + 'export const a = action({ args: {}, handler: async (ctx) => ctx.vectorSearch("documents", "by_embedding", { vector: [] }) });\n')]
INVALID = [Case(VS1, [err("ctx.vectorSearch is only available in actions, not in a query", VS1, "ctx.vectorSearch")])]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
