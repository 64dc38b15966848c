import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

const presence = v.union(
  v.literal("online"),
  v.literal("away"),
  v.literal("offline"),
);

export default defineSchema({
  users: defineTable({
    name: v.string(),
    email: v.optional(v.string()),
    tokenIdentifier: v.string(),
    avatarUrl: v.optional(v.string()),
    role: v.union(v.literal("member"), v.literal("admin")),
    status: presence,
    statusUpdatedAt: v.number(),
    preferences: v.optional(
      v.object({
        theme: v.union(v.literal("light"), v.literal("dark")),
        notifications: v.boolean(),
        language: v.optional(v.string()),
      }),
    ),
  })
    .index("by_tokenIdentifier", ["tokenIdentifier"])
    .index("by_email", ["email"])
    .index("by_status", ["status"]),

  channels: defineTable({
    name: v.string(),
    description: v.optional(v.string()),
    kind: v.union(v.literal("public"), v.literal("private")),
    createdBy: v.id("users"),
    archived: v.boolean(),
    summary: v.optional(
      v.object({
        text: v.string(),
        generatedAt: v.number(),
      }),
    ),
  })
    .index("by_name", ["name"])
    .index("by_kind", ["kind"]),

  memberships: defineTable({
    channelId: v.id("channels"),
    userId: v.id("users"),
    role: v.union(v.literal("owner"), v.literal("member")),
    lastReadAt: v.optional(v.number()),
  })
    .index("by_channelId_and_userId", ["channelId", "userId"])
    .index("by_userId", ["userId"]),

  messages: defineTable({
    channelId: v.id("channels"),
    authorId: v.id("users"),
    body: v.string(),
    format: v.union(v.literal("text"), v.literal("markdown")),
    editedAt: v.optional(v.number()),
    hidden: v.optional(v.boolean()),
    attachment: v.optional(
      v.object({
        storageId: v.id("_storage"),
        fileName: v.string(),
        size: v.number(),
      }),
    ),
    meta: v.object({
      reactions: v.number(),
      pinned: v.boolean(),
    }),
    translations: v.optional(v.record(v.string(), v.string())),
  })
    .index("by_channelId", ["channelId"])
    // Backfilling in the background; not queryable until `staged` is removed.
    .index("by_authorId", { fields: ["authorId"], staged: true })
    .searchIndex("search_body", {
      searchField: "body",
      filterFields: ["channelId"],
    }),

  embeddings: defineTable({
    messageId: v.id("messages"),
    channelId: v.id("channels"),
    contentHash: v.string(),
    embedding: v.array(v.float64()),
  })
    .index("by_messageId", ["messageId"])
    .vectorIndex("by_embedding", {
      vectorField: "embedding",
      dimensions: 1536,
      filterFields: ["channelId"],
    }),

  reports: defineTable({
    messageId: v.id("messages"),
    reporterId: v.id("users"),
    reason: v.union(v.literal("spam"), v.literal("abuse"), v.literal("other")),
    status: v.union(v.literal("open"), v.literal("resolved")),
    note: v.optional(v.string()),
  }).index("by_status", ["status"]),
});
