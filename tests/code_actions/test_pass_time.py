"""no-date-now-in-query's fix on every handler shape: the result reparses and the finding is gone."""

import pytest

from ca_harness import check_after
from convex_lsp.analysis.lint import lint_file
from tester import Case, build

H = 'import { query } from "./_generated/server";\nimport { v } from "convex/values";\n'
CASES = [
    (H + 'export const a = query({ args: { n: v.number() }, handler: async (ctx, { n }) => Date.now() - n });\n',
     'export const a = query({ args: { n: v.number(), now: v.number() }, handler: async (ctx, { n, now }) => now - n });\n'),
    (H + 'export const b = query({ handler: async (ctx) => new Date() });\n',
     'export const b = query({ args: { now: v.number() }, handler: async (ctx, args) => new Date(args.now) });\n'),
    ('import { query } from "./_generated/server";\nexport const c = query({ args: {}, handler: async (ctx, args) => Date.now() });\n',
     'export const c = query({ args: { now: v.number() }, handler: async (ctx, args) => args.now });\n'),
]


@pytest.mark.parametrize("code,expected_line", CASES, ids=["destructured", "no-args-key", "adds-v-import"])
def test_pass_time(code, expected_line):
    host, path = build(Case(code))
    snap = host.snapshot()
    diag = next(d for d in lint_file(snap, path) if d.rule == "no-date-now-in-query")
    fix = diag.fixes[0]
    assert fix.applicability == "unsafe"
    changes = check_after(host, snap, fix, diag, ("require-access-control", "require-args-validator"))
    text = changes[path].decode()
    assert expected_line in text
    assert 'import { v } from "convex/values"' in text
