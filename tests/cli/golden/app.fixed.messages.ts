import { v } from "convex/values";
import { mutation, query } from "./_generated/server";

export const list = query({
  args: { author: v.string() },
  handler: async (ctx, args) => {
    // Grüße 👋 an alle: the filter scans the whole table
    return await ctx.db.query("messages").withIndex("author", (q) => q.eq("author", args.author)).take(20);
  },
});

export const like = query({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    /* 👋 Grüße */ await ctx.db.patch("messages", args.id, { likes: 1n });
  },
});

export const send = mutation({ handler: async (ctx, { author, body }: { author: string; body: string }) => {
  await ctx.db.insert("messages", { author, body, likes: 0n });
} });

export const count = query({
  args: {},
  handler: async (ctx) => {
    const all = await ctx.db.query("messages").take(100);
    return all.length;
  },
});
