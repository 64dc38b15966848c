"""A shared multi-file fixture for the function-reference rules."""

MODULES = """//- convex/messages.ts
import { query, mutation, internalMutation } from "./_generated/server";
import { v } from "convex/values";
export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
export const send = mutation({ args: { body: v.string() }, handler: async (ctx, args) => { await ctx.db.insert("messages", { body: args.body }); } });
export const purge = internalMutation({ args: {}, handler: async () => {} });
//- convex/jobs/cleanup.ts
import { internalMutation, mutation } from "../_generated/server";
export const run = internalMutation({ args: {}, handler: async () => {} });
export const both = mutation({ args: {}, handler: async () => {} });
export const bothInternal = internalMutation({ args: {}, handler: async () => {} });
"""
