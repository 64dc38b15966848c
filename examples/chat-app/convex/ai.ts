"use node";

import { createHash } from "node:crypto";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { action, env, internalAction } from "./_generated/server";

const OPENAI_URL = "https://api.openai.com/v1";
const EMBEDDING_MODEL = "text-embedding-3-small"; // 1536 dimensions
const CHAT_MODEL = "gpt-4o-mini";

async function openai<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${OPENAI_URL}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${env.OPENAI_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`OpenAI ${path} failed: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

async function embed(text: string): Promise<number[]> {
  const result = await openai<{ data: { embedding: number[] }[] }>("/embeddings", {
    model: EMBEDDING_MODEL,
    input: text,
  });
  return result.data[0].embedding;
}

async function complete(system: string, user: string): Promise<string> {
  const result = await openai<{ choices: { message: { content: string } }[] }>(
    "/chat/completions",
    {
      model: CHAT_MODEL,
      messages: [
        { role: "system", content: system },
        { role: "user", content: user },
      ],
    },
  );
  return result.choices[0].message.content.trim();
}

/** Workpool job: (re)computes a message's embedding unless its text is unchanged. */
export const embedMessage = internalAction({
  args: { messageId: v.id("messages") },
  handler: async (ctx, args) => {
    const message = await ctx.runQuery(internal.messages.getForAi, {
      messageId: args.messageId,
    });
    if (message === null) {
      return;
    }
    const contentHash = createHash("sha256").update(message.body).digest("hex");
    if (contentHash === message.contentHash) {
      return;
    }
    const embedding = await embed(message.body);
    await ctx.runMutation(internal.messages.saveEmbedding, {
      messageId: args.messageId,
      channelId: message.channelId,
      contentHash,
      embedding,
    });
  },
});

/** Translates one message on demand and caches the result on the message. */
export const translate = action({
  args: { messageId: v.id("messages"), language: v.string() },
  handler: async (ctx, args) => {
    // finding: scheduled-function-uses-auth
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new Error("Sign in to translate messages");
    }
    const message = await ctx.runQuery(internal.messages.getForAi, {
      messageId: args.messageId,
    });
    if (message === null) {
      return null;
    }
    const text = await complete(
      `Translate the user's chat message into ${args.language}. Keep emoji as they are.`,
      message.body,
    );
    await ctx.runMutation(internal.messages.saveTranslation, {
      messageId: args.messageId,
      language: args.language,
      text,
    });
    return text;
  },
});

/** Semantic search: messages of one channel that are close to `text`. */
export const similar = action({
  args: { channelId: v.id("channels"), text: v.string() },
  // Annotated: the result comes from ctx.runQuery, which TypeScript cannot infer here.
  handler: async (ctx, args): Promise<Doc<"messages">[]> => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new Error("Sign in to search");
    }
    const vector = await embed(args.text);
    const hits = await ctx.vectorSearch("embeddings", "by_embedding", {
      vector,
      limit: 16,
      filter: (q) => q.eq("channelId", args.channelId),
    });
    return await ctx.runQuery(internal.messages.hydrateSearchResults, {
      channelId: args.channelId,
      tokenIdentifier: identity.tokenIdentifier,
      embeddingIds: hits.map((hit) => hit._id),
    });
  },
});

/** Scheduled by channels.scheduleDigests once a day per public channel. */
export const summarizeChannel = internalAction({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const bodies = await ctx.runQuery(internal.messages.recentForSummary, {
      channelId: args.channelId,
    });
    if (bodies.length < 5) {
      return;
    }
    const text = await complete(
      "Summarise this chat channel in three short bullet points.",
      bodies.join("\n"),
    );
    await ctx.runMutation(internal.channels.saveSummary, {
      channelId: args.channelId,
      text,
    });
  },
});
