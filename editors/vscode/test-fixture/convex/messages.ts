import { query } from "./_generated/server";
import { v } from "convex/values";

export const list = query({
  args: { limit: v.number() },
  handler: async (ctx, args) => {
    const title = "📨📨 inbox"; const people = await ctx.db.query("userz").collect();
    // e2e: completion line
    const recent = await ctx.db.query("messages").order("desc").take(args.limit);
    return { title, people, recent };
  },
});
