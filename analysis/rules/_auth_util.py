"""Helpers for security rules: does a handler check authentication?"""

from __future__ import annotations

import re

from tree_sitter import Node

from ..syntax import node_text
from .base import Registration, RuleContext

EP_PATTERN = re.compile(r"^(require|assert|check|ensure|can)([A-Z_]|$)|^has[A-Z_]")
AUTH_CALLS = {"getUserIdentity", "getAuthUserId", "getAuthSessionId"}


def auth_calls(ctx: RuleContext, node: Node) -> list[Node]:
    """Calls in `node` that perform an auth check: ctx.auth.getUserIdentity(), getAuthUserId(ctx),
    a project helper that does (one call deep), a configured helper, or one named like requireUser."""
    out = []
    helpers = ctx.project.auth_helpers | set(ctx.settings.auth_helpers) | set(ctx.options.get("authHelpers", ()) or ())
    for call in ctx.walk(node, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None:
            continue
        name = node_text(f, ctx.data).rsplit(".", 1)[-1]
        if name in AUTH_CALLS or name in helpers or EP_PATTERN.match(name):
            out.append(call)
    return out


def performs_auth(ctx: RuleContext, reg: Registration) -> bool:
    if reg.builder.auth:
        return True
    return reg.handler is not None and bool(auth_calls(ctx, reg.handler))
