"""Every fixable rule, on the example of its own docs: each fix of each diagnostic, applied alone,
as a snapshot diff (snapshots/rules/<rule>.diff); after it the file reparses, the diagnostic is
gone and no rule reports anything new."""

from __future__ import annotations

import re

import pytest
from ca_harness import check_after, render
from convex_lsp.analysis.code_actions import diagnostic_fixes
from convex_lsp.analysis.lint import lint_file
from convex_lsp.analysis.rules import RULE_MODULES
from tester import Case, build

FIXABLE = [m for m in RULE_MODULES if m.RULE.fix != "none"]

# Fixes whose result legitimately shows another rule's report (the reason is the value).
ALLOW_NEW: dict[str, tuple[str, ...]] = {
    # once `query` comes from the generated server, the model sees a public query without auth
    "registrar-import-source": ("require-access-control",),
    # the example project has no auth.config.ts: the inserted guard is what reveals it
    "require-access-control": ("auth-config-missing",),
    # the closest existing name is a public function called with ctx.runQuery
    "unknown-function-reference": ("run-internal-only",),
    # the renamed export is a function the model now sees (a public one without auth)
    "no-reserved-word-export": ("require-access-control",),
    "no-duplicate-function-name": ("require-access-control",),
    # the example project has no auth.config.ts: the inserted identity lookup reveals it
    "no-spoofable-auth-arg": ("auth-config-missing",),
}


def _example(module) -> tuple[str, str]:
    doc = module.__doc__ or ""
    part = doc.split("## Example", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```ts\n(.*?)```", part, re.S)[0]
    path = "convex/messages.ts"
    m = re.match(r"// (convex/\S+)\n", code)
    if m:
        path = m.group(1)
    elif code.lstrip().startswith("//- "):
        pass
    elif "defineSchema(" in code:
        path = "convex/schema.ts"
    elif "cronJobs()" in code:
        path = "convex/crons.ts"
    elif "httpRouter()" in code:
        path = "convex/http.ts"
    return code, path


def _fixes(module):
    code, path = _example(module)
    case = Case(code, path=path)
    host, p = build(case)
    snap = host.snapshot()
    out = []
    for d in lint_file(snap, p):
        if d.rule != module.RULE.id:
            continue
        for fix in diagnostic_fixes(snap, p, d.range, d.rule, d.message) or []:
            if not fix.title.startswith("Disable "):
                out.append((case, d, fix))
    return out


# Rules whose docs example gets a fix (the others' fixes need a richer project: covered by
# test_action_snapshots.py); computed at collection so that no case is skipped.
WITH_EXAMPLE_FIX = [m for m in FIXABLE if _fixes(m)]


def test_most_fixable_rules_fix_their_docs_example():
    assert len(WITH_EXAMPLE_FIX) >= len(FIXABLE) - 8, sorted(m.RULE.id for m in FIXABLE if m not in WITH_EXAMPLE_FIX)


@pytest.mark.parametrize("module", WITH_EXAMPLE_FIX, ids=lambda m: m.RULE.id)
def test_docs_example_fixes(module, snapshot):
    found = _fixes(module)
    parts = []
    for case, d, fix in found:
        host, _ = build(case)  # a fresh project per fix
        snap = host.snapshot()
        d2 = next(x for x in lint_file(snap, d.path) if (x.rule, x.range, x.message) == (d.rule, d.range, d.message))
        fix2 = next(f for f in diagnostic_fixes(snap, d.path, d2.range, d2.rule, d2.message) or [] if f.title == fix.title)
        changes = check_after(host, snap, fix2, d2, ALLOW_NEW.get(module.RULE.id, ()))
        parts.append(render(snap, fix2, changes))
    snapshot(f"rules/{module.RULE.id}.diff", "\n".join(parts))
