"""Our own snippets must not trip our own rules: every snippet, expanded with its defaults into one
Convex project, lints clean with every registered rule enabled."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from convex_lsp.analysis.config import Settings
from convex_lsp.analysis.discovery import find_roots
from convex_lsp.analysis.host import AnalysisHost
from convex_lsp.analysis.lint import lint_file, take_failures
from expand import snippet_project

ROOT = "/snippets"


def test_expanded_snippets_lint_clean():
    project = snippet_project()
    # The authed snippets check ctx.auth, which a real project backs with an auth config.
    project["convex/auth.config.ts"] = 'export default { providers: [{ domain: "https://issuer.example.com", applicationID: "convex" }] };\n'
    files = {f"{ROOT}/{p}": t for p, t in project.items()}
    host = AnalysisHost(Settings(select=("ALL",)))
    host.set_roots(find_roots(files, files.get))
    for p, t in files.items():
        if not p.endswith(".json"):
            host.set_file(p, t.encode())
    snap = host.snapshot()
    sources = [p for p in files if not p.endswith(".json")]
    assert any(snap.root_for(p) for p in sources), "the snippet project has no Convex root"
    found = []
    for p in sources:
        for d in lint_file(snap, p):
            line = snap.line_index(p).position(d.range.start)[0] + 1
            found.append(f"{p[len(ROOT) + 1:]}:{line}: {d.rule}: {d.message}")
    assert take_failures() == []
    assert found == []
