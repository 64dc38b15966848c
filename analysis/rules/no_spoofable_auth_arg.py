"""## What it does
Reports public functions that take an identity-like argument (`userId`, `ownerId`, `authorId`,
`email`, `role`, `isAdmin`) and use it as the owner of written data or in a comparison, without any
authentication check.

## Why is this bad?
Arguments come from the client: anyone can call the function with someone else's `userId`. Derive
the user from `ctx.auth.getUserIdentity()` instead (Convex best practices: "never use a spoofable
argument for access control").

## Example
```ts
//- convex/messages.ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const send = mutation({
  args: { body: v.string(), author: v.id("users") },
  handler: async (ctx, args) => {
    await ctx.db.insert("messages", { body: args.body, author: args.author, channel: "general", likes: 0 });
  },
});
//- convex/auth.config.ts
export default { providers: [{ domain: "https://issuer.example.com", applicationID: "convex" }] };
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, args) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("Not authenticated");
    const user = await ctx.db.query("users").withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier)).unique();
    if (user === null) throw new Error("Unknown user");
    await ctx.db.insert("messages", { body: args.body, author: user._id, channel: "general", likes: 0 });
  },
});
```

## When not to use it
When the function is only called by trusted code (make it internal instead). The option
`names` sets the argument names that are checked. The rule stays quiet in projects that
authenticate nowhere (no auth config, no auth check): there `auth-config-missing` and
`require-access-control` say what is missing.

## Fix safety
Display-only: removes the argument from `args`, checks `ctx.auth.getUserIdentity()` at the top of
the handler and reads the identity where the argument was read (`identity.email` for `email`,
otherwise a `identity.tokenIdentifier` placeholder: a document id needs a lookup in the users
table). Clients that pass the argument must stop sending it.
"""

from __future__ import annotations

from typing import Iterator

from ..actions.spoofable import identity_lookup_fix
from ..diagnostics import Diagnostic
from ..syntax import node_text
from ._auth_util import performs_auth
from .base import Rule, RuleContext
from .common import pair_of, unwrap

RULE = Rule(
    id="no-spoofable-auth-arg",
    category="security",
    default_severity="warning",
    summary="A public function trusts a client-supplied user id, email or role without checking auth",
    fix="sometimes",
    applicability="display-only",
    options={"names": ["userId", "ownerId", "authorId", "author", "owner", "user", "email", "role", "isAdmin"]},
    messages={"spoof": "'{name}' comes from the client and can be anyone's: derive the user from ctx.auth.getUserIdentity() instead"},
)


def _used_as_owner(ctx: RuleContext, handler, name: str) -> bool:
    """`args.name` / `name` appears as a value in an object literal, or in ===/!== or q.eq(...)."""
    for n in ctx.walk(handler, {"member_expression", "identifier", "shorthand_property_identifier"}):
        text = node_text(n, ctx.data)
        if n.type == "member_expression":
            prop = n.child_by_field_name("property")
            if prop is None or node_text(prop, ctx.data) != name:
                continue
        elif text != name:
            continue
        if n.type == "shorthand_property_identifier":
            return True
        p = n.parent
        if p is None:
            continue
        if p.type == "pair" and p.child_by_field_name("value") == n:
            return True
        if p.type == "binary_expression" and any(c.type in ("===", "!==", "==", "!=") for c in p.children):
            return True
        if p.type == "arguments" and p.parent is not None and node_text(p.parent.child_by_field_name("function"), ctx.data).endswith(".eq"):
            return True
    return False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    names = set(ctx.options.get("names", ()))
    if ctx.project.root.kind == "component":
        return  # component functions are called by the app, which authenticates
    if ctx.project.auth_providers is None and not ctx.project.auth_helpers and not any(
        b.auth for b in ctx.project.builders.values()
    ):
        return  # no authentication anywhere in the project: auth-config-missing / require-access-control speak there
    for reg in ctx.registrations:
        if reg.visibility != "public" or reg.kind not in ("query", "mutation", "action") or reg.args is None or reg.handler is None:
            continue
        args = unwrap(reg.args)
        if args.type == "call_expression":  # v.object({...})
            inner = args.child_by_field_name("arguments")
            args = inner.named_children[0] if inner is not None and inner.named_children else args
        if args.type != "object" or performs_auth(ctx, reg):
            continue
        for name in sorted(names):
            pair = pair_of(args, name, ctx.data)
            if pair is None:
                continue
            if _used_as_owner(ctx, reg.handler, name):
                key = pair.child_by_field_name("key") if pair.type == "pair" else pair
                yield ctx.diagnostic(key, RULE.message("spoof", name=name), lambda pair=pair, name=name: [identity_lookup_fix(ctx, reg, pair, name)])
