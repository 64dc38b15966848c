import { ConvexError, v } from "convex/values";
import { internal } from "../_generated/api";
import {
  env,
  internalAction,
  internalQuery,
  mutation,
  query,
} from "../_generated/server";
import { requireAdmin, requireUser } from "../lib/auth";

// Moderation: any member can report a message, admins review the queue.

export const file = mutation({
  args: {
    messageId: v.id("messages"),
    reason: v.union(v.literal("spam"), v.literal("abuse"), v.literal("other")),
    note: v.optional(v.string()),
  },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    return await ctx.db.insert("reports", {
      messageId: args.messageId,
      reporterId: user._id,
      reason: args.reason,
      status: "open",
      note: args.note,
    });
  },
});

export const listOpen = query({
  args: {},
  handler: async (ctx) => {
    await requireAdmin(ctx);
    return await ctx.db
      .query("reports")
      .withIndex("by_status", (q) => q.eq("status", "open"))
      .order("desc")
      .take(50);
  },
});

export const resolve = mutation({
  args: { reportId: v.id("reports"), hideMessage: v.boolean() },
  handler: async (ctx, args) => {
    await requireAdmin(ctx);
    // finding: explicit-table-ids
    const report = await ctx.db.get(args.reportId);
    if (report === null) {
      throw new ConvexError({ code: "NOT_FOUND", message: "Report not found" });
    }
    await ctx.db.patch("reports", report._id, { status: "resolved" });
    if (args.hideMessage) {
      // finding: await-convex-calls
      ctx.db.patch("messages", report.messageId, { hidden: true });
    }
  },
});

export const stats = query({
  args: {},
  handler: async (ctx) => {
    await requireAdmin(ctx);
    // finding: no-unbounded-collect
    const all = await ctx.db.query("reports").collect();
    const counts = { open: 0, resolved: 0 };
    for (const report of all) {
      counts[report.status] += 1;
    }
    return counts;
  },
});

// finding: require-args-validator
export const clearResolved = mutation({
  handler: async (ctx) => {
    await requireAdmin(ctx);
    const resolved = await ctx.db
      .query("reports")
      .withIndex("by_status", (q) => q.eq("status", "resolved"))
      .take(200);
    for (const report of resolved) {
      await ctx.db.delete("reports", report._id);
    }
    return resolved.length;
  },
});

// ---------------------------------------------------------------- internal API

export const openCount = internalQuery({
  args: {},
  handler: async (ctx) => {
    const open = await ctx.db
      .query("reports")
      .withIndex("by_status", (q) => q.eq("status", "open"))
      .take(1000);
    return open.length;
  },
});

/** Cron target: posts the size of the moderation queue to the team's webhook. */
export const sendDigest = internalAction({
  args: {},
  handler: async (ctx) => {
    const webhookUrl = env.REPORTS_WEBHOOK_URL;
    if (webhookUrl === undefined) {
      return;
    }
    const open = await ctx.runQuery(internal.admin.reports.openCount, {});
    if (open === 0) {
      return;
    }
    await fetch(webhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: `${open} open report(s) waiting for review` }),
    });
  },
});
