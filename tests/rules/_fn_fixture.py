"""Shared pieces of the function/registration/runtime rule tests: a custom-builder library and the
docs examples of a rule module as cases."""

from __future__ import annotations

import re
from types import ModuleType

from tester import Case

# convex/lib/functions.ts: one builder that performs auth, one that does not.
FUNCTIONS_LIB = """//- convex/lib/functions.ts
import { customQuery, customMutation, customCtx } from "convex-helpers/server/customFunctions";
import { query, mutation } from "../_generated/server";

export const authQuery = customQuery(
  query,
  customCtx(async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
    return { identity };
  }),
);
export const loggedMutation = customMutation(mutation, customCtx(async () => ({ startedAt: 0 })));
"""


def docs_blocks(module: ModuleType, section: str) -> list[str]:
    doc = module.__doc__ or ""
    m = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return re.findall(r"```ts\n(.*?)```", m.group(1), re.S) if m else []


def docs_cases(module: ModuleType) -> tuple[list[Case], list[Case]]:
    """(valid: every `Use instead` block, examples: every `Example` block)."""
    valid = [Case(b, name=f"docs-use-instead-{i}") for i, b in enumerate(docs_blocks(module, "Use instead"))]
    examples = [Case(b, name=f"docs-example-{i}") for i, b in enumerate(docs_blocks(module, "Example"))]
    return valid, examples


def assert_triggers(module: ModuleType, case: Case) -> None:
    from tester import run_rule

    diags, _, _ = run_rule(module, case)
    assert diags, f"the docs example of {module.RULE.id} does not trigger it"
