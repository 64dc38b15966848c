import { v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";
import { requireUser } from "./lib/auth";

const IDLE_AFTER_MS = 15 * 60 * 1000;

/** The caller's profile, or null when signed out. */
export const current = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    return await ctx.db
      .query("users")
      .withIndex("by_tokenIdentifier", (q) =>
        q.eq("tokenIdentifier", identity.tokenIdentifier),
      )
      .unique();
  },
});

/** Creates or refreshes the caller's user document from the JWT claims. */
export const store = mutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new Error("Called users.store without authentication");
    }
    const existing = await ctx.db
      .query("users")
      .withIndex("by_tokenIdentifier", (q) =>
        q.eq("tokenIdentifier", identity.tokenIdentifier),
      )
      .unique();
    const name = identity.name ?? identity.nickname ?? "Anonymous";
    if (existing !== null) {
      if (existing.name !== name || existing.avatarUrl !== identity.pictureUrl) {
        await ctx.db.patch("users", existing._id, {
          name,
          avatarUrl: identity.pictureUrl,
        });
      }
      return existing._id;
    }
    return await ctx.db.insert("users", {
      name,
      email: identity.email,
      tokenIdentifier: identity.tokenIdentifier,
      avatarUrl: identity.pictureUrl,
      role: "member",
      status: "online",
      statusUpdatedAt: Date.now(),
    });
  },
});

export const setStatus = mutation({
  args: {
    status: v.union(v.literal("online"), v.literal("away"), v.literal("offline")),
  },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await ctx.db.patch("users", user._id, {
      status: args.status,
      statusUpdatedAt: Date.now(),
    });
  },
});

export const updatePreferences = mutation({
  args: {
    preferences: v.object({
      theme: v.union(v.literal("light"), v.literal("dark")),
      notifications: v.boolean(),
      language: v.optional(v.string()),
    }),
  },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    await ctx.db.patch("users", user._id, { preferences: args.preferences });
  },
});

/** Cron target: users online but silent for 15 minutes become "away". */
export const markIdleUsersAway = internalMutation({
  args: {},
  handler: async (ctx) => {
    const cutoff = Date.now() - IDLE_AFTER_MS;
    const online = await ctx.db
      .query("users")
      .withIndex("by_status", (q) => q.eq("status", "online"))
      .take(500);
    for (const user of online) {
      if (user.statusUpdatedAt < cutoff) {
        await ctx.db.patch("users", user._id, {
          status: "away",
          statusUpdatedAt: Date.now(),
        });
      }
    }
  },
});
