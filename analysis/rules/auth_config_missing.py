"""## What it does
Flags `ctx.auth.getUserIdentity()` (and `getAuthUserId`) when the project has no
`convex/auth.config.ts`.

## Why is this bad?
Without an auth config the deployment trusts no identity provider: `getUserIdentity()` always
returns `null` and every authenticated call fails.

## Example
```ts
import { query } from "./_generated/server";

export const me = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.auth.getUserIdentity();
  },
});
```

## Use instead
Add `convex/auth.config.ts`:
```ts
export default {
  providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN!, applicationID: "convex" }],
};
```

## When not to use it
In a component (components get auth from the app that mounts them).

## Fix safety
Unsafe: creates `convex/auth.config.ts` with an empty provider list and a commented example of
the Clerk/Auth0 shape; the diagnostic goes away, but authentication works only once a provider
is filled in (and the config pushed).
"""

from __future__ import annotations

from typing import Iterator

from ..actions.auth_config import create_auth_config_fix
from ..diagnostics import Diagnostic
from ..syntax import node_text
from .base import Rule, RuleContext

RULE = Rule(
    id="auth-config-missing",
    category="correctness",
    default_severity="warning",
    summary="ctx.auth used but the project has no convex/auth.config.ts",
    fix="always",
    applicability="unsafe",
    messages={"missing": "This project has no convex/auth.config.ts: ctx.auth.getUserIdentity() always returns null"},
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if ctx.module is None or ctx.project.root.kind == "component" or b"getUserIdentity" not in ctx.data:
        return
    if any(m.special == "auth.config" for m in ctx.project.modules.values()):
        return
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is not None and node_text(f, ctx.data).replace(" ", "").endswith("auth.getUserIdentity"):
            fix = create_auth_config_fix(ctx)
            yield ctx.diagnostic(call, RULE.message("missing"), [fix] if fix is not None else [])
            return
