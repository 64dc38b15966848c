import { httpRouter } from "convex/server";
import { internal } from "./_generated/api";
import { env, httpAction } from "./_generated/server";

const http = httpRouter();

http.route({
  path: "/health",
  method: "GET",
  handler: httpAction(async () => {
    return new Response(JSON.stringify({ ok: true }), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
  }),
});

const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, X-Webhook-Secret",
};

// Incoming webhooks: POST /hooks/<channelId> with {"text": "..."}.
http.route({
  pathPrefix: "/hooks/",
  method: "POST",
  handler: httpAction(async (ctx, request) => {
    if (request.headers.get("X-Webhook-Secret") !== env.WEBHOOK_SECRET) {
      return new Response("Forbidden", { status: 403, headers: corsHeaders });
    }
    const channel = new URL(request.url).pathname.slice("/hooks/".length);
    const payload: unknown = await request.json();
    if (
      typeof payload !== "object" ||
      payload === null ||
      !("text" in payload) ||
      typeof payload.text !== "string"
    ) {
      return new Response("Expected {\"text\": string}", {
        status: 400,
        headers: corsHeaders,
      });
    }
    const messageId = await ctx.runMutation(internal.messages.postFromWebhook, {
      channel,
      body: payload.text,
    });
    if (messageId === null) {
      return new Response("Unknown channel", { status: 404, headers: corsHeaders });
    }
    return new Response(null, { status: 204, headers: corsHeaders });
  }),
});

http.route({
  pathPrefix: "/hooks/",
  method: "OPTIONS",
  handler: httpAction(async () => {
    return new Response(null, { status: 204, headers: corsHeaders });
  }),
});

export default http;
