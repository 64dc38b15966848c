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


NODE = '''"use node";
import { internalAction } from "./_generated/server";

export const work = internalAction({
  args: {},
  handler: async (ctx) => {
    const tasks = await ctx.db.query("messages").take(5);
    return tasks.length;
  },
});
'''


def test_in_a_use_node_file_the_query_goes_to_a_file_of_its_own():
    """Queries and mutations cannot be defined in a "use node" file: the new one is created in
    `<module>Db.ts` (a fresh name when that is taken) and the action calls it there."""
    host, path = build(Case("//- convex/workDb.ts\nexport const x = 1;\n//- convex/work.ts\n" + NODE, path="convex/work.ts"))
    snap = host.snapshot()
    diag = next(d for d in lint_file(snap, path) if d.rule == "no-db-in-action")
    fix = diag.fixes[0]
    assert fix.title == "Move this database access into internal query 'workData' in workDb2.ts"
    changes = check_after(host, snap, fix, diag)
    text = changes[path].decode()
    assert 'await ctx.runQuery(internal.workDb2.workData, {})' in text
    assert 'import { internal } from "./_generated/api";' in text and "internalQuery" not in text
    created = next(data.decode() for p, data in changes.items() if p.endswith("/convex/workDb2.ts"))
    assert created.startswith('import { v } from "convex/values";\nimport { internalQuery } from "./_generated/server";\n\nexport const workData = internalQuery({\n')
    assert 'return ctx.db.query("messages").take(5);' in created
