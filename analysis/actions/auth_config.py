"""Create `convex/auth.config.ts` with a commented template (for auth-config-missing).

A file creation is an edit at (0, 0) of a path the snapshot does not hold: the server turns it
into a `CreateFile` operation followed by the text edit, `convex-lsp check --fix` writes the file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..diagnostics import Edit, Fix
from ..text import TextRange
from ._edit import make_fix

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import RuleContext

TEMPLATE = """\
// The identity providers whose tokens this deployment accepts (https://docs.convex.dev/auth).
// Clerk or Auth0, for example (set the variable with `npx convex env set`):
//   { domain: process.env.CLERK_JWT_ISSUER_DOMAIN!, applicationID: "convex" },
export default {
  providers: [],
};
"""


def auth_config_path(ctx: "RuleContext") -> str:
    return ctx.project.root.functions_dir.rstrip("/") + "/auth.config.ts"


def create_auth_config_fix(ctx: "RuleContext") -> Fix | None:
    path = auth_config_path(ctx)
    if ctx.snap.text(path) is not None or os.path.exists(path):
        return None
    return make_fix(ctx, "Create convex/auth.config.ts", [Edit(path, TextRange(0, 0), TEMPLATE)], "unsafe")
