import pytest

from convex_lsp.analysis.rules import run_action_same_runtime as rule
from tester import Case, assert_invalid, assert_valid, err

NODE = '//- convex/ai.ts\n"use node";\nimport { internalAction } from "./_generated/server";\nexport const embed = internalAction({ args: {}, handler: async () => null });\n'
PLAIN = '//- convex/steps.ts\nimport { internalAction } from "./_generated/server";\nexport const step = internalAction({ args: {}, handler: async () => null });\n'
CALLER = '//- convex/caller.ts\nimport { action } from "./_generated/server";\nimport { internal } from "./_generated/api";\nexport const run = action({ args: {}, handler: async (ctx) => {\n  await ctx.runAction(internal.ai.embed, {});\n  await ctx.runAction(internal.steps.step, {}); // é😀\n} });\n'
NODE_CALLER = CALLER.replace("//- convex/caller.ts\n", '//- convex/caller.ts\n"use node";\n')
VALID = [Case(CALLER.replace("  await ctx.runAction(internal.steps.step, {}); // é😀\n", "") + NODE + PLAIN, path="convex/caller.ts")]
INVALID = [
    Case(CALLER + NODE + PLAIN, [err("'internal.steps.step' runs in the same runtime (the Convex runtime): call a helper function instead of ctx.runAction", CALLER + NODE + PLAIN, "internal.steps.step", path="convex/caller.ts")], path="convex/caller.ts"),
    Case(NODE_CALLER + NODE + PLAIN, [err("'internal.ai.embed' runs in the same runtime (Node.js): call a helper function instead of ctx.runAction", NODE_CALLER + NODE + PLAIN, "internal.ai.embed", path="convex/caller.ts")], path="convex/caller.ts", name="node-to-node"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
