"""Code actions too big for one rule module: computed on a `RuleContext`, returned as plain `Fix`es.

Rules attach them to their diagnostics (`fixes=`); `convex_lsp.analysis.code_actions` also offers
them as refactors on a selection. Placeholders are written with `_edit.ph(...)` and become snippet
tab stops only when the context asks for snippets (`_edit.wants_snippets(ctx)`), so the fixes that
travel in diagnostics and that `convex-lsp check --fix` applies are always plain text.
"""

# Rules attach actions as their fixes and actions use the rules' syntax helpers: load the rules
# first, whichever of the two is imported first (otherwise importing an action module directly
# would meet a half-initialised rule module).
from .. import rules as _rules  # noqa: E402,F401
