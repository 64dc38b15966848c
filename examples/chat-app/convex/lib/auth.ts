import { ConvexError } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

type Ctx = QueryCtx | MutationCtx;

async function loadUser(ctx: Ctx, tokenIdentifier: string): Promise<Doc<"users">> {
  const user = await ctx.db
    .query("users")
    .withIndex("by_tokenIdentifier", (q) => q.eq("tokenIdentifier", tokenIdentifier))
    .unique();
  if (user === null) {
    throw new ConvexError({ code: "UNKNOWN_USER", message: "Call users.store first" });
  }
  return user;
}

/** The signed-in user's document; throws when the caller is not authenticated. */
export async function requireUser(ctx: Ctx): Promise<Doc<"users">> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) {
    throw new ConvexError({ code: "UNAUTHENTICATED", message: "Sign in first" });
  }
  return await loadUser(ctx, identity.tokenIdentifier);
}

/** Like requireUser, but only for admins. */
export async function requireAdmin(ctx: Ctx): Promise<Doc<"users">> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) {
    throw new ConvexError({ code: "UNAUTHENTICATED", message: "Sign in first" });
  }
  const user = await loadUser(ctx, identity.tokenIdentifier);
  if (user.role !== "admin") {
    throw new ConvexError({ code: "FORBIDDEN", message: "Admins only" });
  }
  return user;
}

/** The membership of `userId` in `channelId`; throws when there is none. */
export async function requireMember(
  ctx: Ctx,
  channelId: Id<"channels">,
  userId: Id<"users">,
): Promise<Doc<"memberships">> {
  const membership = await ctx.db
    .query("memberships")
    .withIndex("by_channelId_and_userId", (q) =>
      q.eq("channelId", channelId).eq("userId", userId),
    )
    .unique();
  if (membership === null) {
    throw new ConvexError({ code: "NOT_A_MEMBER", message: "Join the channel first" });
  }
  return membership;
}
