"""Code actions as plain data: quick fixes for diagnostics and refactors on a selection.

Two entry points for the server (both run on a snapshot, never raise):

- `diagnostic_fixes(snap, path, range, rule, message)`: the fixes of one diagnostic, recomputed
  with snippet placeholders (tab stops) where a fix has them, plus "Disable <rule> for this line".
  None when the diagnostic is no longer produced (the caller keeps the fixes it carried).
- `code_actions(snap, path, range, diagnostics_data, only)`: refactors offered on the selection
  without a diagnostic: add an args / returns validator, insert an auth guard, make a function
  internal (with its `api.` references), convert a `.collect()` to pagination or `.take(n)`.

Edits whose `snippet` flag is set hold `${1:…}` tab stops; the server sends them as snippet edits
to clients that support them and as plain text (`actions._edit.snippet_to_plain`) otherwise.
The fixes attached to diagnostics by `lint_file` never hold snippets (they are applied as they
are by `convex-lsp check --fix`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Iterable

from .diagnostics import Diagnostic, Edit, Fix, with_file_line_ends
from .text import TextRange

if TYPE_CHECKING:  # pragma: no cover
    from .host import Analysis
    from .rules.base import RuleContext

REFACTOR = "refactor.rewrite"


def _context(snap: "Analysis", path: str, module: Any = None) -> "RuleContext | None":
    from .rules.base import RuleContext

    project = snap.project_for(path)
    st = snap.state(path)
    if project is None or st is None or st.skipped:
        return None
    ctx = RuleContext(snap, path, project)
    ctx.snippets = True  # type: ignore[attr-defined]
    if module is not None:
        ctx._rule = module.RULE
        opts = dict(module.RULE.options)
        opts.update(snap.settings.options_for(module.RULE.id))
        ctx.options = opts
    return ctx


def _wanted(kind: str, only: Iterable[Any] | None) -> bool:
    if not only:
        return not kind.startswith("source")
    values = [getattr(o, "value", o) for o in only]
    return any(kind == o or kind.startswith(o + ".") for o in values)


def _overlaps(a: TextRange, b: TextRange) -> bool:
    return a.start <= b.end and b.start <= a.end


# ----------------------------------------------------------------------------- quick fixes
def diagnostic_fixes(snap: "Analysis", path: str, rng: TextRange, rule: str, message: str | None = None) -> list[Fix] | None:
    """The fixes of the diagnostic of `rule` at `rng` (snippet-aware), and the suppression fix."""
    from .actions.suppress import disable_fix
    from .rules import RULES

    try:
        found: Diagnostic | None = None
        mod = RULES.get(rule)
        ctx = _context(snap, path, mod) if mod is not None else None
        if ctx is not None:
            diags = [d for d in mod.check(ctx) if d.range == rng]
            found = next((d for d in diags if d.message == message), diags[0] if diags else None)
        if found is None:
            return None
        dis = disable_fix(snap, path, rule, rng.start)
        crlf: dict[str, bool] = {}
        return [with_file_line_ends(f, snap.text, crlf) for f in (*found.fixes, *([dis] if dis is not None else []))]
    except Exception as exc:  # noqa: BLE001 - a broken action must not break the request
        print(f"convex-lsp: code actions for {rule} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None


def suppression_fix(snap: "Analysis", path: str, rng: TextRange, rule: str) -> Fix | None:
    from .actions.suppress import disable_fix

    fix = disable_fix(snap, path, rule, rng.start)
    return with_file_line_ends(fix, snap.text, {}) if fix is not None else None


# ----------------------------------------------------------------------------- fix all
def _conflict(a: Edit, b: Edit) -> bool:
    if a.path != b.path:
        return False
    ra, rb = a.range, b.range
    return (ra.start < rb.end and rb.start < ra.end) or ra.start == rb.start


def combine_fixes(fixes: Iterable[Fix]) -> tuple[Edit, ...]:
    """The edits of as many `fixes` as can be applied together, each fix whole or not at all (in
    order; an edit identical to one already chosen is shared, e.g. the same import)."""
    chosen: list[Edit] = []
    for fix in fixes:
        edits = [e for e in fix.edits if e not in chosen]
        if any(_conflict(e, c) for e in edits for c in chosen) or any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue
        chosen.extend(edits)
    return tuple(sorted(chosen, key=lambda e: (e.path, e.range.start, e.range.end)))


def fix_all(fixes: Iterable[Fix]) -> Fix | None:
    """`source.fixAll.convex`: every Safe fix (without placeholders) that fits, as one fix."""
    safe = [f for f in fixes if f.applicability == "safe" and f.kind == "quickfix" and not any(e.snippet for e in f.edits)]
    edits = combine_fixes(safe)
    return Fix("Fix all auto-fixable Convex problems", "safe", edits, "source.fixAll") if edits else None


# ----------------------------------------------------------------------------- refactors
def code_actions(snap: "Analysis", path: str, rng: TextRange, diagnostics_data: list[Any] | None = None, only: Iterable[Any] | None = None) -> list[Fix]:
    """Refactors available at `rng` (without a diagnostic)."""
    if not _wanted(REFACTOR, only):
        return []
    try:
        ctx = _context(snap, path)
        if ctx is None or ctx.module is None:
            return []
        out: list[Fix] = []
        out.extend(_registration_refactors(ctx, rng))
        out.extend(_collect_refactors(ctx, rng))
        out.extend(_reference_refactors(ctx, rng))
        crlf: dict[str, bool] = {}
        return [with_file_line_ends(f, snap.text, crlf) for f in out]
    except Exception as exc:  # noqa: BLE001
        print(f"convex-lsp: refactors failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return []


def _registration_refactors(ctx: "RuleContext", rng: TextRange) -> list[Fix]:
    from .actions.auth import guard_fix
    from .actions.internal import function_of, make_internal_fix
    from .actions.validators import args_fix, returns_fix
    from .rules._auth_util import performs_auth
    from .rules._fn_util import function_registrations, resolved_handler
    from .rules.common import unwrap

    out: list[Fix | None] = []
    for reg in function_registrations(ctx):
        first = reg.config if reg.config is not None else reg.handler
        head = TextRange(reg.statement.start_byte, (first.start_byte + 1) if first is not None else reg.call.end_byte)
        if not _overlaps(rng, head) and not (rng.start <= reg.call.start_byte and reg.call.end_byte <= rng.end):
            continue
        fn = resolved_handler(ctx, reg)
        if reg.syntax == "object":
            out.append(args_fix(ctx, reg, fn, REFACTOR))
            out.append(returns_fix(ctx, reg, fn, REFACTOR))
        if reg.visibility == "public" and reg.exported:
            component = ctx.project.root.kind == "component"  # only the app that mounts it can call it
            if not component and fn is not None and reg.handler is not None and fn is unwrap(reg.handler) and not performs_auth(ctx, reg):
                out.append(guard_fix(ctx, reg, fn, REFACTOR))
            fd = function_of(ctx, reg)
            if fd is not None:
                out.append(make_internal_fix(ctx, fd, REFACTOR))
    return [f for f in out if f is not None]


def _collect_refactors(ctx: "RuleContext", rng: TextRange) -> list[Fix]:
    from .actions.pagination import pagination_fix, take_fix
    from .rules._db_util import member_call, query_chain

    node = ctx.root.descendant_for_byte_range(rng.start, rng.end)
    for _ in range(5):
        if node is None:
            return []
        if node.type == "call_expression":
            mc = member_call(node, ctx.data)
            if mc is not None and mc[0] == "collect":
                break
        node = node.parent
    else:
        return []
    if node is None or query_chain(ctx, mc[1]) is None:  # type: ignore[union-attr]
        return []
    out = [pagination_fix(ctx, node, REFACTOR), take_fix(ctx, node)]
    return [Fix(f.title, f.applicability, f.edits, REFACTOR) for f in out if f is not None]


def _reference_refactors(ctx: "RuleContext", rng: TextRange) -> list[Fix]:
    """On an `api.x.f` reference in server code: make `f` internal."""
    from .actions.internal import make_internal_fix

    for u in ctx.summary.uses:
        if u.kind == "function" and u.name.startswith("api.") and _overlaps(u.range, rng):
            fd = ctx.project.function(u.name)
            fix = make_internal_fix(ctx, fd, REFACTOR) if fd is not None else None
            return [fix] if fix is not None else []
    return []
