"""no-db-in-action's extract fix: writes become an internal mutation, locals become arguments."""

from ca_harness import check_after
from convex_lsp.analysis.lint import lint_file
from tester import Case, build

CODE = '''import { action } from "./_generated/server";
import { v } from "convex/values";

export const record = action({
  args: { body: v.string() },
  handler: async (ctx, args) => {
    const stamp = 42;
    const id = await ctx.db.insert("messages", { body: args.body, likes: stamp, author: "é😀", channel: "c" });
    return id;
  },
});
'''


def test_write_becomes_internal_mutation_with_arguments():
    host, path = build(Case(CODE))
    snap = host.snapshot()
    diag = next(d for d in lint_file(snap, path) if d.rule == "no-db-in-action")
    fix = diag.fixes[0]
    assert fix.title == "Move this database access into internal mutation 'recordWrite'"
    changes = check_after(host, snap, fix, diag, ("require-access-control", "no-spoofable-auth-arg"))
    text = changes[path].decode()
    assert "await ctx.runMutation(internal.messages.recordWrite, { body: args.body, stamp })" in text
    assert "args: { body: v.string(), stamp: v.any() }" in text
    assert 'return ctx.db.insert("messages", { body: args.body, likes: args.stamp, author: "é😀", channel: "c" });' in text
    assert "import { action, internalMutation }" in text
