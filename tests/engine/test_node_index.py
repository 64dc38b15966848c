"""RuleContext.walk (the per-file node index) yields exactly what a tree walk yields, in order."""

from pathlib import Path

import pytest

from convex_lsp.analysis.rules.base import RuleContext
from convex_lsp.analysis.rules.common import walk
from convex_lsp.server.loader import load_host

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "chat-app"
TYPES = [
    {"call_expression"},
    {"member_expression", "identifier", "shorthand_property_identifier"},
    {"variable_declarator"},
    {"call_expression", "new_expression"},
    {"expression_statement", "ERROR"},
]


@pytest.fixture(scope="module")
def contexts():
    host = load_host([str(EXAMPLE)])
    snap = host.snapshot()
    return [RuleContext(snap, p, snap.project_for(p)) for p in snap.paths() if snap.project_for(p) is not None]


@pytest.mark.parametrize("types", TYPES, ids=lambda t: "+".join(sorted(t)))
def test_index_walk_equals_tree_walk(contexts, types):
    checked = 0
    for ctx in contexts:
        scopes = [ctx.root] + [r.handler for r in ctx.registrations if r.handler is not None]
        for scope in scopes:
            want = [(n.start_byte, n.end_byte, n.type) for n in walk(scope, types)]
            got = [(n.start_byte, n.end_byte, n.type) for n in ctx.walk(scope, types)]
            assert got == want, ctx.path
            checked += len(want)
    assert checked > 0
