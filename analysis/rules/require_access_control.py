"""## What it does
Flags a public query, mutation or action whose handler uses `ctx` (or calls `fetch`) without any
access-control check. These count as a check anywhere in the handler:
- any use of `ctx.auth` (e.g. `await ctx.auth.getUserIdentity()` followed by a null check);
- `getAuthUserId(ctx)` / `getAuthSessionId(ctx)` from `@convex-dev/auth`, `getAuthUser(ctx)`;
- a call to a project function whose body calls `getUserIdentity`/`getAuthUserId` (helpers one
  call deep, in any file), or to a name listed in the `authHelpers` setting or option;
- a call whose name matches the `pattern` option (default, as in @convex-dev/eslint-plugin:
  `^(require|assert|check|ensure|can)([A-Z_]|$)|^has[A-Z_]`, e.g. `requireUser`, `assertAdmin`),
  or whose name speaks of the caller (`getCurrentUserOrThrow`, `getViewer`, `isAuthenticated`);
- a credential among the declared `args` (`secret`, `…Secret`, `apiKey`, `adminKey`,
  `sessionId`);
- `ctx.runQuery` / `runMutation` / `runAction` of a project function that itself passes one of
  these checks (one call deep: an action reading the current user through a query);
- with a custom builder, a handler reading what the builder put on `ctx` about the caller
  (`ctx.user`, `ctx.userId`, `ctx.identity`, `ctx.session`, `ctx.sessionId`, `ctx.viewer`,
  `ctx.currentUser`, `ctx.me`), as session builders do.

Functions made with a custom builder that performs the check (`authQuery = customQuery(query,
customCtx(async (ctx) => { await ctx.auth.getUserIdentity() … }))`) are not reported, nor are
internal functions, HTTP actions, or the functions of a component (only its parent app can call
them).

## Why is this bad?
Every public function can be called by anyone who knows the deployment URL. The Convex best
practices ask for some form of access control on all public functions.

## Example
```ts
import { mutation } from "./_generated/server";
import { v } from "convex/values";

export const remove = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
    await ctx.db.delete("messages", id);
  },
});
```

## Use instead
```ts
import { mutation } from "./_generated/server";
import { ConvexError, v } from "convex/values";

export const remove = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new ConvexError("Not authenticated");
    }
    await ctx.db.delete("messages", id);
  },
});
```

## When not to use it
For functions that are public on purpose (a landing page feed, data guarded by unguessable ids):
suppress the line. Name your project's own checks in `authHelpers` when the rule does not find
them.

## Fix safety
The guard inserted at the top of the handler is the one the project already uses: its own helper
(e.g. "Insert `requireUser(ctx)`", imported from where it is defined) when its `ctx` parameter
accepts this function's ctx (a helper taking `QueryCtx | MutationCtx` does not guard an action), else a `getAuthUserId` null
check when the project uses @convex-dev/auth, else "Insert an authentication guard": the
`getUserIdentity()` null check throwing `ConvexError` (imported). "Make '…' internal" swaps the
builder (`query` → `internalQuery`) and rewrites every `api.` reference to the function into
`internal.` (not offered when client code calls it; offered first when server code calls it
through `api.`, e.g. the scheduler). Both are unsafe: unauthenticated callers
start getting errors, and internal functions cannot be called from clients at all.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from typing import Iterator

from tree_sitter import Node

from ..actions.auth import guard_fix
from ..actions.internal import function_of, make_internal_fix, referenced_by_server_code
from ..diagnostics import Diagnostic
from ._ctx_util import ctx_calls, ctx_member_uses, ctx_names
from ._fn_util import callee_last_name, ctx_members, function_registrations, is_referenced, resolved_handler
from .base import Registration, Rule, RuleContext
from .common import object_keys, unwrap

DEFAULT_PATTERN = r"^(require|assert|check|ensure|can)([A-Z_]|$)|^has[A-Z_]"
IDENTITY_MEMBERS = frozenset({"user", "userId", "identity", "session", "sessionId", "viewer", "currentUser", "me"})
IDENTITY_CALL = re.compile(r"[Cc]urrentUser|[Aa]uthUser|[Vv]iewer|[Ll]oggedIn|[Ss]ignedIn|[Aa]uthenticated")
CREDENTIAL_ARG = re.compile(r"^(secret|apiKey|adminKey|sessionId)$|Secret$")
BASE_ORIGINS = ("_generated/server:", "convex/server:", "setting:")
AUTH_CALLS = frozenset({"getUserIdentity", "getAuthUserId", "getAuthSessionId", "getAuthUser", "safeGetAuthUser", "getUserId"})

RULE = Rule(
    id="require-access-control",
    category="security",
    default_severity="warning",
    summary="A public function without an authentication or authorization check",
    fix="sometimes",
    applicability="unsafe",
    ep_alias="require-access-control",
    options={"pattern": DEFAULT_PATTERN, "authHelpers": []},
    messages={
        "missing": "Public {kind} '{name}' has no access control: check `ctx.auth.getUserIdentity()` "
        "or call an auth helper, or make it internal",
    },
    files="functions",
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    if ctx.project.root.kind == "component":
        return
    try:
        pattern = re.compile(ctx.options.get("pattern") or DEFAULT_PATTERN)
    except re.error:
        pattern = re.compile(DEFAULT_PATTERN)
    helpers = set(ctx.project.auth_helpers) | set(ctx.options.get("authHelpers") or ()) | AUTH_CALLS
    for reg in function_registrations(ctx):
        if reg.visibility != "public" or reg.builder.auth or not reg.exported:
            continue
        fn = resolved_handler(ctx, reg)
        if fn is None:
            continue
        inline = fn is reg.handler
        reg = replace(reg, handler=fn)
        if not _acts(ctx, reg, fn) or _has_check(ctx, reg, fn, helpers, pattern):
            continue
        yield ctx.diagnostic(reg.callee, RULE.message("missing", kind=reg.kind, name=reg.name), lambda reg=reg, fn=fn, inline=inline: _fixes(ctx, reg, fn, inline))


def _acts(ctx: RuleContext, reg: Registration, fn: Node) -> bool:
    """The handler touches `ctx` or the network (a handler that does neither exposes nothing)."""
    name, members = ctx_names(reg, ctx.data)
    body = fn.child_by_field_name("body")
    if members or (name is not None and is_referenced(body, name, ctx.data)):
        return True
    return any(callee_last_name(c, ctx.data) == "fetch" for c in ctx.walk(fn, {"call_expression"}))


def _has_check(ctx: RuleContext, reg: Registration, fn: Node, helpers: set[str], pattern: re.Pattern, depth: int = 0) -> bool:
    if next(ctx_member_uses(ctx, reg, "auth"), None) is not None:
        return True
    args = unwrap(reg.args) if reg.args is not None else None
    # A credential argument checks the caller of this function; one call deep it does not (the
    # public function supplies it itself: `runMutation(internal.admin.x, { adminKey: … })`).
    if depth == 0 and args is not None and args.type == "object" and any(CREDENTIAL_ARG.search(k) for k in object_keys(args, ctx.data)):
        return True
    if not reg.builder.origin.startswith(BASE_ORIGINS) and ctx_members(ctx, reg) & IDENTITY_MEMBERS:
        return True  # a custom builder that put the caller's identity on ctx (sessions, user lookups)
    for call in ctx.walk(fn, {"call_expression"}):
        name = callee_last_name(call, ctx.data)
        if name and (name in helpers or pattern.search(name) or IDENTITY_CALL.search(name)):
            return True
    return depth == 0 and _runs_checked_function(ctx, reg, helpers, pattern)


def _runs_checked_function(ctx: RuleContext, reg: Registration, helpers: set[str], pattern: re.Pattern) -> bool:
    """`await ctx.runQuery(api.users.current)` where that function checks the caller itself (one
    call deep, like helpers): an action that reads the current user through a query."""
    from ..actions._edit import ctx_for

    for call, chain in ctx_calls(ctx, reg):
        if chain not in (["runQuery"], ["runMutation"], ["runAction"]):
            continue
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if first is None:
            continue
        use = next((u for u in ctx.summary.function_uses if u.range.start == first.start_byte and u.range.end == first.end_byte), None)
        fd = ctx.project.function(use.name) if use is not None else None
        if fd is None:
            continue
        if fd.auth_builder:
            return True

        def checks(fd=fd) -> bool:
            other = ctx_for(ctx, fd.file)
            target = next((r for r in other.registrations if r.name == fd.name and r.exported), None) if other is not None else None
            handler = resolved_handler(other, target) if target is not None else None
            return handler is not None and _has_check(other, replace(target, handler=handler), handler, helpers, pattern, depth=1)

        if _callee_checks(ctx, fd, frozenset(helpers), pattern.pattern, checks):
            return True
    return False


# (file, function, helpers, pattern) → (file text, weak ref to the project model, result). The answer
# is a function of the target file's text and the project model: both are immutable objects that
# survive from one snapshot to the next while they do not change, so keystrokes in another file
# reuse it (without this, every keystroke in a file of actions re-walked the files of the queries
# they run). The model is held weakly: an entry never keeps an old model alive.
_CALLEE_CHECKS: dict[tuple, tuple[object, "weakref.ref", bool]] = {}


def _callee_checks(ctx: RuleContext, fd, helpers: frozenset[str], pattern: str, compute) -> bool:
    data = ctx.snap.text(fd.file)
    key = (fd.file, fd.name, helpers, pattern)
    hit = _CALLEE_CHECKS.get(key)
    if hit is not None and hit[0] is data and hit[1]() is ctx.project:
        return hit[2]
    result = bool(compute())
    if len(_CALLEE_CHECKS) > 4096:
        _CALLEE_CHECKS.clear()
    _CALLEE_CHECKS[key] = (data, weakref.ref(ctx.project), result)
    return result


def _fixes(ctx: RuleContext, reg: Registration, fn: Node, inline: bool) -> Iterator:
    """The guard, and "make internal"; internal first when only server code calls the function.
    A generator: `convex-lsp check` wants only the first, and each is costly to build."""
    fd = function_of(ctx, reg)
    internal_first = fd is not None and referenced_by_server_code(ctx, fd)
    if internal_first:
        yield make_internal_fix(ctx, fd)
    yield guard_fix(ctx, reg, fn) if inline else None
    if fd is not None and not internal_first:
        yield make_internal_fix(ctx, fd)
