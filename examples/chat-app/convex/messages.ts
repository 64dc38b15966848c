import { paginationOptsValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { api, internal } from "./_generated/api";
import {
  internalMutation,
  internalQuery,
  mutation,
  query,
} from "./_generated/server";
import { requireMember, requireUser } from "./lib/auth";
import { aiPool } from "./lib/pool";

// Messages: sending, listing, editing and searching.
// Bodies are stored as typed by the user — accents (é, ü, ñ) and emoji 😀 included.

const MAX_BODY_LENGTH = 4000;
const ONE_DAY_MS = 24 * 60 * 60 * 1000;

const format = v.union(v.literal("text"), v.literal("markdown"));

export const list = query({
  args: {
    channelId: v.id("channels"),
    paginationOpts: paginationOptsValidator,
  },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await requireMember(ctx, args.channelId, user._id);
    return await ctx.db
      .query("messages")
      .withIndex("by_channelId", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .paginate(args.paginationOpts);
  },
});

/** Messages of the last 24 hours, for the "today" strip. */
export const recent = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await requireMember(ctx, args.channelId, user._id);
    // finding: no-date-now-in-query
    const since = Date.now() - ONE_DAY_MS;
    return await ctx.db
      .query("messages")
      .withIndex("by_channelId", (q) =>
        q.eq("channelId", args.channelId).gte("_creationTime", since),
      )
      .take(200);
  },
});

/** The newest message of a channel, for the sidebar preview. */
export const latest = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await requireMember(ctx, args.channelId, user._id);
    return await ctx.db
      .query("messages")
      // finding: unknown-index
      .withIndex("by_channel", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .first();
  },
});

export const pinned = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await requireMember(ctx, args.channelId, user._id);
    const page = await ctx.db
      // finding: unknown-table
      .query("mesages")
      .withIndex("by_channelId", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .take(200);
    return page.filter((message) => message.meta.pinned);
  },
});

export const search = query({
  args: { channelId: v.id("channels"), text: v.string() },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await requireMember(ctx, args.channelId, user._id);
    return await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) =>
        q.search("body", args.text).eq("channelId", args.channelId),
      )
      .take(20);
  },
});

export const send = mutation({
  args: {
    channelId: v.id("channels"),
    body: v.string(),
    format: v.optional(format),
    translateTo: v.optional(v.string()),
  },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await requireMember(ctx, args.channelId, user._id);
    const body = args.body.trim();
    if (body.length === 0 || body.length > MAX_BODY_LENGTH) {
      throw new ConvexError({
        code: "INVALID_BODY",
        message: "Le message est vide ou trop long ✋",
      });
    }
    const messageId = await ctx.db.insert("messages", {
      channelId: args.channelId,
      authorId: user._id,
      body,
      format: args.format ?? "text",
      meta: { reactions: 0, pinned: false },
    });
    await aiPool.enqueueAction(ctx, internal.ai.embedMessage, { messageId });
    if (args.translateTo !== undefined) {
      // finding: schedule-internal-only
      await ctx.scheduler.runAfter(0, api.ai.translate, {
        messageId,
        language: args.translateTo,
      });
    }
    return messageId;
  },
});

export const edit = mutation({
  args: { messageId: v.id("messages"), body: v.string() },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const message = await ctx.db.get("messages", args.messageId);
    if (message === null || message.authorId !== user._id) {
      throw new ConvexError({ code: "NOT_FOUND", message: "Message introuvable 🤷" });
    }
    await ctx.db.patch("messages", message._id, {
      body: args.body.trim(),
      editedAt: Date.now(),
    });
    await aiPool.enqueueAction(ctx, internal.ai.embedMessage, {
      messageId: message._id,
    });
  },
});

export const markRead = mutation({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const membership = await requireMember(ctx, args.channelId, user._id);
    await ctx.db.patch("memberships", membership._id, { lastReadAt: Date.now() });
  },
});

// ---------------------------------------------------------------- internal API

export const getForAi = internalQuery({
  args: { messageId: v.id("messages") },
  handler: async (ctx, args) => {
    const message = await ctx.db.get("messages", args.messageId);
    if (message === null) {
      return null;
    }
    const existing = await ctx.db
      .query("embeddings")
      .withIndex("by_messageId", (q) => q.eq("messageId", message._id))
      .unique();
    return {
      body: message.body,
      channelId: message.channelId,
      contentHash: existing?.contentHash ?? null,
    };
  },
});

export const saveEmbedding = internalMutation({
  args: {
    messageId: v.id("messages"),
    channelId: v.id("channels"),
    contentHash: v.string(),
    embedding: v.array(v.float64()),
  },
  handler: async (ctx, args) => {
    const existing = await ctx.db
      .query("embeddings")
      .withIndex("by_messageId", (q) => q.eq("messageId", args.messageId))
      .unique();
    if (existing !== null) {
      await ctx.db.patch("embeddings", existing._id, {
        contentHash: args.contentHash,
        embedding: args.embedding,
      });
      return;
    }
    await ctx.db.insert("embeddings", {
      messageId: args.messageId,
      channelId: args.channelId,
      contentHash: args.contentHash,
      embedding: args.embedding,
    });
  },
});

export const saveTranslation = internalMutation({
  args: {
    messageId: v.id("messages"),
    language: v.string(),
    text: v.string(),
  },
  handler: async (ctx, args) => {
    const message = await ctx.db.get("messages", args.messageId);
    if (message === null) {
      return;
    }
    await ctx.db.patch("messages", message._id, {
      translations: { ...message.translations, [args.language]: args.text },
    });
  },
});

/** Turns vector-search hits into messages, keeping only channels the caller belongs to. */
export const hydrateSearchResults = internalQuery({
  args: {
    channelId: v.id("channels"),
    tokenIdentifier: v.string(),
    embeddingIds: v.array(v.id("embeddings")),
  },
  handler: async (ctx, args) => {
    const user = await ctx.db
      .query("users")
      .withIndex("by_tokenIdentifier", (q) =>
        q.eq("tokenIdentifier", args.tokenIdentifier),
      )
      .unique();
    if (user === null) {
      return [];
    }
    await requireMember(ctx, args.channelId, user._id);
    const results = [];
    for (const embeddingId of args.embeddingIds) {
      const embedding = await ctx.db.get("embeddings", embeddingId);
      if (embedding === null || embedding.channelId !== args.channelId) {
        continue;
      }
      const message = await ctx.db.get("messages", embedding.messageId);
      if (message !== null && message.hidden !== true) {
        results.push(message);
      }
    }
    return results;
  },
});

export const recentForSummary = internalQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channelId", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .take(100);
    return messages.reverse().map((message) => message.body);
  },
});

/** Called by the `/hooks/` HTTP route: posts a bot message on behalf of the channel's creator. */
export const postFromWebhook = internalMutation({
  args: { channel: v.string(), body: v.string() },
  handler: async (ctx, args) => {
    const channelId = ctx.db.normalizeId("channels", args.channel);
    if (channelId === null) {
      return null;
    }
    const channel = await ctx.db.get("channels", channelId);
    if (channel === null || channel.archived) {
      return null;
    }
    return await ctx.db.insert("messages", {
      channelId,
      authorId: channel.createdBy,
      body: `🤖 ${args.body.slice(0, MAX_BODY_LENGTH)}`,
      format: "text",
      meta: { reactions: 0, pinned: false },
    });
  },
});
