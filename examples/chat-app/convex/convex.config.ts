import workpool from "@convex-dev/workpool/convex.config";
import { defineApp } from "convex/server";
import { v } from "convex/values";

const app = defineApp({
  env: {
    OPENAI_API_KEY: v.string(),
    WEBHOOK_SECRET: v.string(),
    REPORTS_WEBHOOK_URL: v.optional(v.string()),
  },
});

app.use(workpool, { name: "aiWorkpool" });

export default app;
