import pytest

from _refs_fixture import MODULES
from convex_lsp.analysis.rules import run_internal_only as rule
from tester import Case, assert_invalid, assert_valid, err

P = "convex/caller.ts"
HEAD = '//- convex/caller.ts\nimport { action } from "./_generated/server";\nimport { api, internal } from "./_generated/api";\n'
MSG = "Call internal functions from the server: '{}' is public (anyone can call it)"
EXTRA = '//- convex/jobs/twin.ts\nimport { internalMutation, mutation } from "../_generated/server";\nexport const go = mutation({ args: {}, handler: async () => {} });\n'


def case(body, needles=(), name=""):
    code = HEAD + body + MODULES
    return Case(code, [err(MSG.format(n), code, n, path=P) for n in needles], path=P, name=name)


VALID = [
    case('export const a = action({ args: {}, handler: async (ctx) => { await ctx.runQuery(internal.messages.purge, {}); } });\n'),
    Case('//- convex.config.ts\nimport { defineComponent } from "convex/server";\nexport default defineComponent("c");\n//- caller.ts\nimport { action } from "./_generated/server";\nimport { api } from "./_generated/api";\nexport const a = action({ args: {}, handler: async (ctx) => { await ctx.runQuery(api.messages.list, {}); } });\n//- messages.ts\nimport { query } from "./_generated/server";\nexport const list = query({ args: {}, handler: async () => null });\n', path="caller.ts", name="inside-a-component"),
    Case('//- src/App.tsx\nimport { api } from "../convex/_generated/api";\nexport const x = () => client.runQuery(api.messages.list, {});\n' + MODULES, path="src/App.tsx", name="client-code-outside-functions-dir"),
]
INVALID = [
    case('export const a = action({ args: {}, handler: async (ctx) => {\n  await ctx.runQuery(api.messages.list, {});\n  await ctx.runMutation(api.messages.send, { body: "é" });\n} });\n',
         ["api.messages.list", "api.messages.send"]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
