"""Rule set 2 fixes on multi-file projects: renames with every use (tables, indexes, reserved-word
exports), duplicates renamed at their second occurrence, and passing the identity to a scheduled
function. Each: snapshot diff (snapshots/rules2/<case>.diff), the files reparse, the diagnostic
is gone and nothing new is reported."""

from __future__ import annotations

import pytest
from ca_harness import ActionCase, check_after, find_fixes, pick, render

SCHEMA = """//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  _audit: defineTable({ action: v.string(), at: v.number() })
    .index("by_creation_time", ["at"])
    .index("by_action", ["action"])
    .index("by_action", ["action", "at"]),
  events: defineTable({ meta: v.object({ $kind: v.string(), kind: v.string() }) }),
});
//- convex/auth.config.ts
export default { providers: [{ domain: "https://example.clerk.accounts.dev", applicationID: "convex" }] };
"""

AUDIT = SCHEMA + """//- convex/audit.ts
import { internalQuery } from "./_generated/server";

export const recent = internalQuery({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("_audit").withIndex("by_creation_time", (q) => q.gt("at", 0)).take(10);
  },
});
"""

RESERVED_EXPORT = SCHEMA + """//- convex/messages.ts
import { internalMutation } from "./_generated/server";
import { v } from "convex/values";

export const delete = internalMutation({ args: { id: v.id("events") }, handler: async (ctx, args) => ctx.db.delete("events", args.id) });
//- convex/cleanup.ts
import { internalMutation } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";

export const run = internalMutation({
  args: { id: v.id("events") },
  handler: async (ctx, args) => {
    await ctx.runMutation(internal.messages.delete, { id: args.id });
  },
});
"""

DUPLICATE_EXPORT = SCHEMA + """//- convex/messages.ts
import { internalQuery } from "./_generated/server";

export const list = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("events").take(10) });
export const list = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("events").take(100) });
"""

SCHEDULED = SCHEMA + """//- convex/jobs.ts
import { internalMutation } from "./_generated/server";
import { v } from "convex/values";

export const record = internalMutation({
  args: { action: v.string() },
  handler: async (ctx, { action }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
    await ctx.db.insert("_audit", { action: `${identity.tokenIdentifier}: ${action}`, at: Date.now() });
  },
});
//- convex/messages.ts
import { ConvexError } from "convex/values";
import { mutation } from "./_generated/server";
import { internal } from "./_generated/api";

export const send = mutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new ConvexError("Not authenticated");
    }
    await ctx.scheduler.runAfter(0, internal.jobs.record, { action: "send" });
  },
});
"""

CASES = [
    # (the duplicate-index report names the table: its message changes with it)
    ActionCase("table-with-uses", AUDIT, "_audit", "Rename table to 'audit' and update", "reserved-table-name", path="convex/schema.ts", allow_new=("reserved-index-name",)),
    ActionCase("builtin-index-with-uses", AUDIT, "by_creation_time", "Rename index to 'by_at' and update 1 use", "reserved-index-name", path="convex/schema.ts"),
    # once the names differ, the index rules see the second index (prefix of the first, name)
    ActionCase("duplicate-index", AUDIT, "by_action", "Rename this index to 'by_action_2'", "reserved-index-name", path="convex/schema.ts", nth=1,
               allow_new=("no-duplicate-indexes", "index-name-convention")),
    ActionCase("dollar-field", AUDIT, "$kind", "Rename field to 'kind2'", "reserved-field-name", path="convex/schema.ts"),
    ActionCase("reserved-word-with-uses", RESERVED_EXPORT, "delete =", "Rename to 'remove' and update 1 use", "no-reserved-word-export"),
    ActionCase("duplicate-export", DUPLICATE_EXPORT, "list", "Rename this export to 'list2'", "no-duplicate-function-name", nth=1),
    # the table keeps its reserved name here: that rule's reports are unchanged
    ActionCase("pass-identity-from-caller", SCHEDULED, "getUserIdentity", "Pass `tokenIdentifier` from the caller", "scheduled-function-uses-auth", path="convex/jobs.ts"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fix(case: ActionCase, snapshot):
    host, snap, _path, diag, fixes = find_fixes(case)
    fix = pick(fixes, case.title)
    changes = check_after(host, snap, fix, diag, case.allow_new)
    snapshot(f"rules2/{case.name}.diff", render(snap, fix, changes))


def test_caller_with_identity_makes_it_unsafe():
    _h, _s, _p, _d, fixes = find_fixes(CASES[-1])
    assert pick(fixes, "Pass `tokenIdentifier`").applicability == "unsafe"


def test_no_pass_identity_fix_for_cron_targets():
    code = SCHEMA + """//- convex/jobs.ts
import { internalMutation } from "./_generated/server";

export const tick = internalMutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
  },
});
//- convex/crons.ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("tick", { minutes: 5 }, internal.jobs.tick, {});
export default crons;
"""
    _h, _s, _p, _d, fixes = find_fixes(ActionCase("cron", code, "getUserIdentity", "", "scheduled-function-uses-auth", path="convex/jobs.ts"))
    assert not [f for f in fixes if not f.title.startswith("Disable ")]


def test_no_pass_identity_fix_for_a_public_target():
    """A public function taking the identity as an argument would believe any client: the fix is
    offered only for internal targets."""
    code = SCHEDULED.replace("import { internalMutation } from", "import { mutation } from").replace("export const record = internalMutation(", "export const record = mutation(")
    code = code.replace("internal.jobs.record", "api.jobs.record").replace('import { internal } from "./_generated/api";', 'import { api } from "./_generated/api";')
    _h, _s, _p, _d, fixes = find_fixes(ActionCase("public", code, "getUserIdentity", "", "scheduled-function-uses-auth", path="convex/jobs.ts"))
    assert not [f for f in fixes if not f.title.startswith("Disable ")]
    _h, _s, _p, _d, fixes = find_fixes(ActionCase("internal", SCHEDULED, "getUserIdentity", "", "scheduled-function-uses-auth", path="convex/jobs.ts"))
    assert [f.title for f in fixes if f.title.startswith("Pass ")] == ["Pass `tokenIdentifier` from the caller"]
