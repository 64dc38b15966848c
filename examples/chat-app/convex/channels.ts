import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, mutation, query } from "./_generated/server";
import { requireMember, requireUser } from "./lib/auth";

const channelKind = v.union(v.literal("public"), v.literal("private"));

/** Channels the caller belongs to. */
export const mine = query({
  args: {},
  handler: async (ctx) => {
    const user = await requireUser(ctx);
    const memberships = await ctx.db
      .query("memberships")
      .withIndex("by_userId", (q) => q.eq("userId", user._id))
      .take(100);
    const channels = await Promise.all(
      memberships.map((m) => ctx.db.get("channels", m.channelId)),
    );
    return channels.filter((c) => c !== null && !c.archived);
  },
});

/** Public channels anyone signed in can join. */
export const browse = query({
  args: {},
  handler: async (ctx) => {
    await requireUser(ctx);
    return await ctx.db
      .query("channels")
      // finding: no-filter-in-query
      .filter((q) => q.eq(q.field("kind"), "public"))
      .take(50);
  },
});

export const create = mutation({
  args: {
    name: v.string(),
    kind: channelKind,
    description: v.optional(v.string()),
  },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const name = args.name.trim().toLowerCase();
    const taken = await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", name))
      .unique();
    if (taken !== null) {
      throw new ConvexError({ code: "NAME_TAKEN", message: `#${name} already exists` });
    }
    const channelId = await ctx.db.insert("channels", {
      name,
      kind: args.kind,
      description: args.description,
      createdBy: user._id,
      archived: false,
    });
    await ctx.db.insert("memberships", {
      channelId,
      userId: user._id,
      role: "owner",
    });
    return channelId;
  },
});

export const join = mutation({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const channel = await ctx.db.get("channels", args.channelId);
    if (channel === null || channel.kind !== "public" || channel.archived) {
      throw new ConvexError({ code: "NOT_FOUND", message: "No such public channel" });
    }
    const existing = await ctx.db
      .query("memberships")
      .withIndex("by_channelId_and_userId", (q) =>
        q.eq("channelId", channel._id).eq("userId", user._id),
      )
      .unique();
    if (existing === null) {
      await ctx.db.insert("memberships", {
        channelId: channel._id,
        userId: user._id,
        role: "member",
      });
    }
  },
});

export const archive = mutation({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const membership = await requireMember(ctx, args.channelId, user._id);
    if (membership.role !== "owner") {
      throw new ConvexError({ code: "FORBIDDEN", message: "Only the owner can archive" });
    }
    await ctx.db.patch("channels", args.channelId, { archived: true });
  },
});

// ---------------------------------------------------------------- internal API

/** Cron target: one summary job per public channel, spread over a few minutes. */
export const scheduleDigests = internalMutation({
  args: {},
  handler: async (ctx) => {
    const channels = await ctx.db
      .query("channels")
      .withIndex("by_kind", (q) => q.eq("kind", "public"))
      .take(100);
    let delayMs = 0;
    for (const channel of channels) {
      if (channel.archived) {
        continue;
      }
      await ctx.scheduler.runAfter(delayMs, internal.ai.summarizeChannel, {
        channelId: channel._id,
      });
      delayMs += 2_000;
    }
  },
});

export const saveSummary = internalMutation({
  args: { channelId: v.id("channels"), text: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.patch("channels", args.channelId, {
      summary: { text: args.text, generatedAt: Date.now() },
    });
  },
});
