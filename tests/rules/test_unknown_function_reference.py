import pytest

from _refs_fixture import MODULES
from convex_lsp.analysis.rules import unknown_function_reference as rule
from tester import Case, assert_invalid, assert_valid, err

P = "convex/caller.ts"
HEAD = '//- convex/caller.ts\nimport { action } from "./_generated/server";\nimport { api, internal } from "./_generated/api";\n'


def case(body: str, errors=(), output=None, name=""):
    code = HEAD + body + MODULES
    return Case(code, [e(code) for e in errors], output=(HEAD + output + MODULES) if output else None, path=P, name=name)


VALID = [
    case('export const a = action({ args: {}, handler: async (ctx) => { await ctx.runQuery(api.messages.list, {}); await ctx.runMutation(internal.jobs.cleanup.run, {}); } });\n'),
    case('const ns = api.messages; const mod = internal.jobs;\n', name="namespaces-are-not-references"),
    case('const c = components.workpool.lib.enqueue;\n', name="components-not-checked"),
]
INVALID = [
    case('// é😀\nexport const a = action({ args: {}, handler: async (ctx) => ctx.runQuery(api.messages.lisst, {}) });\n',
         [lambda c: err("Unknown function reference 'api.messages.lisst'; did you mean 'api.messages.list'?", c, "api.messages.lisst", path=P)],
         output='// é😀\nexport const a = action({ args: {}, handler: async (ctx) => ctx.runQuery(api.messages.list, {}) });\n'),
    case('export const a = action({ args: {}, handler: async (ctx) => ctx.runMutation(api.messages.purge, {}) });\n',
         [lambda c: err("'api.messages.purge' is an internal function: use 'internal.messages.purge'", c, "api.messages.purge", path=P)],
         output='export const a = action({ args: {}, handler: async (ctx) => ctx.runMutation(internal.messages.purge, {}) });\n', name="wrong-visibility"),
    case('const r = internal.nothing.here.at.all;\n', [lambda c: err("Unknown function reference 'internal.nothing.here.at.all'", c, "internal.nothing.here.at.all", path=P)]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
