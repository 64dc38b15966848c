import { Workpool } from "@convex-dev/workpool";
import { components } from "../_generated/api";

// Embedding and translation calls go through a small pool so a burst of
// messages does not fan out into hundreds of concurrent OpenAI requests.
export const aiPool = new Workpool(components.aiWorkpool, {
  maxParallelism: 4,
});
