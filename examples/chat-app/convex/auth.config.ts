import type { AuthConfig } from "convex/server";

// Clerk issues the JWTs; set CLERK_JWT_ISSUER_DOMAIN in the deployment's
// environment variables (Convex dashboard → Settings).
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN!,
      applicationID: "convex",
    },
  ],
} satisfies AuthConfig;
