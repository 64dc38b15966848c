"""no-query-mutation-in-node: "Move '<name>' to <stem>Queries.ts" cuts the registration out of
the "use node" file, creates (or appends to) the sibling module with the imports it needs, and
rewrites its api/internal references. Snapshots: snapshots/move/<case>.diff."""

from __future__ import annotations

import pytest
from ca_harness import ActionCase, check_after, find_fixes, pick, render

SCHEMA = """//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string() }),
});
"""

NODE = """//- convex/actions.ts
"use node";
import { internalAction, internalQuery } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";
import crypto from "crypto";

export const fetchPage = internalAction({
  args: {},
  handler: async (ctx) => {
    const latest = await ctx.runQuery(internal.actions.latest, {});
    return crypto.createHash("sha256").update(latest?.body ?? "").digest("hex");
  },
});

export const latest = internalQuery({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("messages").first();
  },
});

export const byBody = internalQuery({
  args: { body: v.string() },
  handler: async (ctx, args) => {
    const page = await ctx.db.query("messages").take(10);
    return page.find((m) => m.body === args.body) ?? null;
  },
});
"""

CALLER = """//- convex/jobs.ts
import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";

export const run = internalAction({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(internal.actions.latest, {});
  },
});
"""

EXISTING = """//- convex/actionsQueries.ts
import { query } from "./_generated/server";

export const count = query({ args: {}, handler: async (ctx) => (await ctx.db.query("messages").take(100)).length });
"""

CASES = [
    ActionCase("new-file-with-refs", SCHEMA + NODE + CALLER, "internalQuery({\n  args: {},", "Move 'latest' to actionsQueries.ts",
               "no-query-mutation-in-node", path="convex/actions.ts"),
    ActionCase("append-existing", SCHEMA + NODE + EXISTING, "internalQuery({\n  args: { body", "Move 'byBody' to actionsQueries.ts",
               "no-query-mutation-in-node", path="convex/actions.ts"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_move(case: ActionCase, snapshot):
    host, snap, _path, diag, fixes = find_fixes(case)
    fix = pick(fixes, case.title)
    assert fix.applicability == "unsafe"
    changes = check_after(host, snap, fix, diag)
    snapshot(f"move/{case.name}.diff", render(snap, fix, changes))


def test_new_file_content():
    host, snap, _path, diag, fixes = find_fixes(CASES[0])
    changes = check_after(host, snap, pick(fixes, CASES[0].title), diag)
    new = next(v for k, v in changes.items() if k.endswith("/actionsQueries.ts")).decode()
    assert 'import { internalQuery } from "./_generated/server";' in new
    assert "crypto" not in new and "use node" not in new and "internalAction" not in new
    jobs = next(v for k, v in changes.items() if k.endswith("/jobs.ts")).decode()
    assert "internal.actionsQueries.latest" in jobs


def test_no_fix_when_a_node_helper_is_used():
    code = SCHEMA + """//- convex/actions.ts
"use node";
import { internalQuery } from "./_generated/server";

function limit() { return 10; }

export const latest = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(limit()) });
"""
    _h, _s, _p, _d, fixes = find_fixes(ActionCase("helper", code, "internalQuery({", "", "no-query-mutation-in-node", path="convex/actions.ts"))
    assert not [f for f in fixes if f.title.startswith("Move ")]


def test_rule_metadata():
    from convex_lsp.analysis.rules.no_query_mutation_in_node import RULE

    assert RULE.fix == "sometimes" and RULE.applicability == "unsafe"
