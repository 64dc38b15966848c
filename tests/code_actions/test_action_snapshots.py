"""The code actions on realistic code: each case picks one fix (of a diagnostic, or a refactor on a
selection), shows it as a diff (snapshots/<case>.diff) and checks the result: every changed file
reparses, the diagnostic is gone and no rule reports anything new."""

from __future__ import annotations

import pytest
from ca_harness import ActionCase, check_after, find_fixes, pick, render

SCHEMA = """//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({
    name: v.string(),
    email: v.string(),
    tokenIdentifier: v.string(),
  }).index("by_token", ["tokenIdentifier"]),
  channels: defineTable({ name: v.string(), private: v.boolean() }),
  messages: defineTable({
    body: v.string(),
    author: v.id("users"),
    channel: v.id("channels"),
    status: v.union(v.literal("sent"), v.literal("edited")),
    pinned: v.optional(v.boolean()),
  })
    .index("by_channel", ["channel"])
    .index("by_author", ["author"]),
});
//- convex/auth.config.ts
export default { providers: [{ domain: "https://example.clerk.accounts.dev", applicationID: "convex" }] };
"""

HELPERS = """//- convex/lib/auth.ts
import { ConvexError } from "convex/values";
import { QueryCtx } from "../_generated/server";

export async function requireUser(ctx: QueryCtx) {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) {
    throw new ConvexError("Not authenticated");
  }
  const user = await ctx.db
    .query("users")
    .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
    .unique();
  if (user === null) {
    throw new ConvexError("Unknown user");
  }
  return user;
}
//- convex/users.ts
import { query } from "./_generated/server";
import { requireUser } from "./lib/auth";

export const me = query({
  args: {},
  handler: async (ctx) => {
    return await requireUser(ctx);
  },
});
"""

GUARD = """    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new ConvexError("Not authenticated");
    }
"""

MESSAGES = SCHEMA + """//- convex/messages.ts
import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { Id } from "./_generated/dataModel";

export const send = mutation({
  handler: async (ctx, { channel, body, pinned = false }) => {
""" + GUARD + """    const target = await ctx.db.get("channels", channel);
    if (target === null) {
      throw new ConvexError("No such channel");
    }
    const author = (await ctx.db.query("users").first())!._id;
    await ctx.db.insert("messages", { body, author, channel, status: "sent", pinned });
  },
});

export const edit = mutation({
  handler: async (ctx, args: { id: Id<"messages">; body: string; status?: "sent" | "edited" }) => {
""" + GUARD + """    await ctx.db.patch("messages", args.id, { body: args.body, status: args.status ?? "edited" });
  },
});

export const get = query({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
""" + GUARD + """    const message = await ctx.db.get("messages", id);
    if (!message) {
      throw new ConvexError("Not found");
    }
    return message;
  },
});

export const byChannel = query({
  args: { channel: v.id("channels") },
  returns: v.array(v.object({ body: v.string() })),
  handler: async (ctx, { channel }) => {
""" + GUARD + """    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .collect();
    return messages.map((m) => ({ body: m.body }));
  },
});
"""

FEED = SCHEMA + """//- convex/feed.ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const recent = query({
  args: {},
  returns: v.array(v.object({ _id: v.id("messages"), _creationTime: v.number(), body: v.string() })),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    return await ctx.db.query("messages").order("desc").collect();
  },
});

export const pinned = query({
  args: { channel: v.id("channels") },
  handler: async (ctx, { channel }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    return await ctx.db
      .query("messages")
      .filter((q) => q.eq(q.field("pinned"), true))
      .take(20);
  },
});

export const byStatus = query({
  args: { status: v.union(v.literal("sent"), v.literal("edited")), author: v.id("users") },
  handler: async (ctx, args) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    return await ctx.db
      .query("messages")
      .filter((q) => q.and(q.eq(q.field("status"), args.status), q.eq(q.field("author"), args.author)))
      .take(20);
  },
});
"""

PUBLIC = SCHEMA + HELPERS + """//- convex/channels/admin.ts
import { v } from "convex/values";
import { mutation } from "../_generated/server";

export const rename = mutation({
  args: { id: v.id("channels"), name: v.string() },
  handler: async (ctx, { id, name }) => {
    await ctx.db.patch("channels", id, { name });
  },
});
"""

PUBLIC_ACTION = SCHEMA + HELPERS + """//- convex/channels/fetcher.ts
import { v } from "convex/values";
import { action } from "../_generated/server";

export const fetchTitle = action({
  args: { url: v.string() },
  handler: async (ctx, { url }) => {
    const res = await fetch(url);
    return await res.text();
  },
});
"""

CONVEX_AUTH = SCHEMA + """//- convex/auth.ts
import { convexAuth } from "@convex-dev/auth/server";
import { Password } from "@convex-dev/auth/providers/Password";

export const { auth, signIn, signOut, store } = convexAuth({ providers: [Password] });
//- convex/channels.ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const create = mutation({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    return await ctx.db.insert("channels", { name, private: false });
  },
});
"""

SCHEDULED = SCHEMA + """//- convex/digest.ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const send = mutation({
  args: { channel: v.id("channels") },
  handler: async (ctx, { channel }) => {
    await ctx.db.patch("channels", channel, { private: true });
    return null;
  },
});
//- convex/messages.ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";
import { api } from "./_generated/api";

export const post = mutation({
  args: { channel: v.id("channels") },
  handler: async (ctx, { channel }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    await ctx.scheduler.runAfter(0, api.digest.send, { channel });
    return null;
  },
});
//- convex/crons.ts
import { cronJobs } from "convex/server";
import { api } from "./_generated/api";

const crons = cronJobs();
crons.interval("digest", { hours: 1 }, api.digest.send, { channel: "c" as any });
export default crons;
"""

LEGACY = SCHEMA + """//- convex/messages.ts
import { internalMutation } from "./_generated/server";

export const archive = internalMutation(async (ctx, { id, status }) => {
  await ctx.db.patch("messages", id, { status });
});
"""

SCHEMA_DOC = SCHEMA.replace("export default defineSchema({", "const schema = defineSchema({").replace(
    "});\n//- convex/auth.config.ts", "});\nexport default schema;\n//- convex/auth.config.ts"
) + """//- convex/users.ts
import { v } from "convex/values";
import { query } from "./_generated/server";
import schema from "./schema";

export const byToken = query({
  args: { token: v.string() },
  returns: v.union(schema.doc("users"), v.null()),
  handler: async (ctx, { token }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    return await ctx.db.query("users").withIndex("by_token", (q) => q.eq("tokenIdentifier", token)).unique();
  },
});
//- convex/messages.ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const page = query({
  args: { channel: v.id("channels"), paginationOpts: v.any() },
  handler: async (ctx, args) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new Error("Not authenticated");
    }
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", args.channel))
      .paginate(args.paginationOpts);
  },
});
"""

EXPLICIT = SCHEMA + """//- convex/messages.ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const remove = mutation({
  args: { id: v.string() },
  handler: async (ctx, { id }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return;
    }
    const doc = await ctx.db.get(id as any);
    return doc;
  },
});
"""

INDEX_RENAME = SCHEMA.replace('.index("by_author", ["author"])', '.index("authorIdx", ["author"])') + """//- convex/messages.ts
import { v } from "convex/values";
import { query } from "./_generated/server";

export const byAuthor = query({
  args: { author: v.id("users") },
  handler: async (ctx, { author }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    return await ctx.db.query("messages").withIndex("authorIdx", (q) => q.eq("author", author)).take(10);
  },
});
"""

ENV = """//- convex/convex.config.ts
import { defineApp } from "convex/server";
import { v } from "convex/values";

const app = defineApp({
  env: {
    OPENAI_KEY: v.string(),
  },
});
export default app;
//- convex/ai.ts
"use node";
import { v } from "convex/values";
import { internalAction } from "./_generated/server";

export type Summary = { text: string };

export const summarize = internalAction({
  args: { text: v.string() },
  handler: async (_ctx, { text }): Promise<Summary> => {
    const res = await fetch("https://api.example.com/v1/summarize", {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.OPENAI_KEY}` },
      body: text,
    });
    return { text: await res.text() };
  },
});
//- convex/messages.ts
import { v } from "convex/values";
import { action, internalMutation, mutation } from "./_generated/server";
import { internal, api } from "./_generated/api";
import { Summary } from "./ai";

export const record = internalMutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    await ctx.db.insert("channels", { name: text, private: true });
  },
});

export const publish = action({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    const summary: Summary = await ctx.runAction(internal.ai.summarize, { text });
    await ctx.runMutation(api.messages.save, { text: summary.text });
    await ctx.runMutation(internal.messages.record, { text });
    return null;
  },
});

export const save = mutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    await ctx.db.insert("channels", { name: text, private: false });
  },
});
"""

OPTIONAL_READS = SCHEMA + """//- convex/cleanup.ts
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";

export const sweep = internalMutation({
  handler: async (ctx, args) => {
    const before = args.before ?? Date.now() - (args.olderThan || 1000);
    const limit = args.limit ? args.limit : 100;
    if (args.channel) {
      await ctx.db.get("channels", args.channel);
    }
    const tag = args.tag?.trim();
    const dry = args.dry === undefined ? false : !args.dry;
    const old = await ctx.db.query("messages").take(limit);
    for (const m of old) {
      if (!dry && m._creationTime < before && tag !== "keep") {
        await ctx.db.delete("messages", m._id);
      }
    }
    await ctx.scheduler.runAfter(0, internal.cleanup.sweep, { before });
    return args.reason;
  },
});
"""

CASES = [
    # 1. validators
    # arguments read as possibly missing (`??`, `||`, `?:`, `if`, `?.`, `=== undefined`) are optional:
    # the scheduler call passes only `before`
    ActionCase("args-optional-reads", OPTIONAL_READS, "internalMutation({", "Add args validator", "require-args-validator", path="convex/cleanup.ts"),
    ActionCase("args-inferred-from-use", MESSAGES, "mutation({\n  handler: async (ctx, { channel", "Add args validator", "require-args-validator"),
    ActionCase("args-from-annotation", MESSAGES, "mutation({\n  handler: async (ctx, args", "Add args validator", "require-args-validator"),
    ActionCase("args-refactor", MESSAGES, "export const send", "Add args validator"),
    ActionCase("returns-document", MESSAGES, "export const get", "Add returns validator"),
    ActionCase("returns-null", MESSAGES, "export const send", "Add returns validator",
               allow_new=("require-args-validator",)),  # the function still lacks args (its own diagnostic)
    ActionCase("returns-schema-doc", SCHEMA_DOC, "export const page", "Add returns validator"),
    ActionCase("declare-missing-arg", SCHEMA + """//- convex/messages.ts
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const rename = mutation({
  args: { id: v.id("channels") },
  handler: async (ctx, { id, name }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return;
    }
    await ctx.db.patch("channels", id, { name });
  },
});
""", "name }", "Declare 'name'", "args-destructure-mismatch"),
    ActionCase("legacy-to-object-syntax-with-args", LEGACY, "internalMutation(async", "Convert to the object syntax and declare", "no-old-function-syntax"),
    # 2. auth guards and making functions internal
    ActionCase("guard-project-helper", PUBLIC, "mutation({", "Insert `requireUser(ctx)`", "require-access-control", path="convex/channels/admin.ts"),
    # the project's helper takes a QueryCtx (and reads ctx.db): an action gets the identity check instead
    ActionCase("guard-action-without-the-query-helper", PUBLIC_ACTION, "action({", "Insert an authentication guard", "require-access-control", path="convex/channels/fetcher.ts"),
    ActionCase("guard-get-auth-user-id", CONVEX_AUTH, "mutation({", "Insert a `getAuthUserId` check", "require-access-control", path="convex/channels.ts"),
    ActionCase("guard-identity", PUBLIC.replace(HELPERS, ""), "mutation({", "Insert an authentication guard", "require-access-control", path="convex/channels/admin.ts"),
    ActionCase("make-internal-from-access-control", PUBLIC, "mutation({", "Make 'channels/admin:rename' internal", "require-access-control", path="convex/channels/admin.ts"),
    ActionCase("make-internal-from-scheduler", SCHEDULED, "api.digest.send", "Make 'digest:send' internal", "schedule-internal-only"),
    ActionCase("make-internal-from-cron", SCHEDULED, "api.digest.send", "Make 'digest:send' internal", "cron-internal-only", path="convex/crons.ts"),
    ActionCase("make-internal-refactor", SCHEDULED, "export const send", "Make 'digest:send' internal", path="convex/digest.ts"),
    # 3. pagination
    ActionCase("paginate-with-returns", FEED, "collect", "Convert to pagination", "no-unbounded-collect", path="convex/feed.ts"),
    ActionCase("take-n", FEED, "collect", "Replace with .take", "no-unbounded-collect", path="convex/feed.ts"),
    ActionCase("paginate-refactor-on-bounded-collect", MESSAGES, "collect", "Replace with .take"),
    # indexes
    ActionCase("filter-create-index", FEED, "filter((q) => q.eq(q.field(\"pinned\")", "Create index 'by_pinned'", "no-filter-in-query", path="convex/feed.ts"),
    ActionCase("filter-create-compound-index", FEED, "filter((q) => q.and", "Create index 'by_status_and_author'", "no-filter-in-query", path="convex/feed.ts"),
    ActionCase("rename-index-with-uses", INDEX_RENAME, "authorIdx", "Rename index to 'by_author' and update 1 use", "index-name-convention", path="convex/schema.ts"),
    ActionCase("make-internal-from-run", SCHEMA + ENV, "api.messages.save", "Make 'messages:save' internal", "run-internal-only"),
    # smaller fixes
    ActionCase("import-type-for-node-module", SCHEMA + ENV, '"./ai"', "Change to `import type`", "import-wrong-runtime"),
    ActionCase("process-env-to-env", SCHEMA + ENV, "process.env.OPENAI_KEY", "Use `env.OPENAI_KEY`", "no-process-env", path="convex/ai.ts"),
    ActionCase("explicit-table-choice", EXPLICIT, "get(id", "Add a table name", "explicit-table-ids"),
    ActionCase("paginate-validator", SCHEMA_DOC, "args.paginationOpts)", "Validate 'paginationOpts'", "paginate-validator"),
    ActionCase("disable-for-line", FEED, "filter((q) => q.eq(q.field(\"pinned\")", "Disable no-filter-in-query for this line", "no-filter-in-query", path="convex/feed.ts"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_action(case: ActionCase, snapshot):
    host, snap, _path, diag, fixes = find_fixes(case)
    fix = pick(fixes, case.title)
    changes = check_after(host, snap, fix, diag, case.allow_new)
    snapshot(f"{case.name}.diff", render(snap, fix, changes))


def test_every_fixable_rule_shows_a_fix():
    """Each rule that declares a fix has it shown: on its docs example or by a case here."""
    from convex_lsp.analysis.rules import RULE_MODULES
    from test_rule_fix_snapshots import _fixes

    covered = {c.rule for c in CASES if c.rule}
    missing = [m.RULE.id for m in RULE_MODULES if m.RULE.fix != "none" and m.RULE.id not in covered and not _fixes(m)]
    assert missing == []
