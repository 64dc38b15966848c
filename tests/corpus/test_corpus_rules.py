"""Every rule over the real corpus: no rule crashes, and the findings per rule match a reviewed snapshot.

The snapshot (`rule_counts.json`) records, per component package, how many diagnostics each rule
reports. Every finding behind these numbers was read by hand when it was recorded (see the closing
notes of the rules issues); a change in a count means a rule changed behaviour on real code and the
new findings must be read again. Regenerate with `CONVEX_LSP_UPDATE_SNAPSHOTS=1 pytest tests/corpus`.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path


from convex_lsp.analysis.config import Settings
from convex_lsp.analysis.lint import lint_file, take_failures
from convex_lsp.server.loader import load_host

SNAPSHOT = Path(__file__).resolve().parent / "rule_counts.json"
PACKAGES = (
    "@convex-dev/workpool", "@convex-dev/agent", "@convex-dev/rag", "@convex-dev/aggregate",
    "@convex-dev/workflow", "@convex-dev/rate-limiter", "@convex-dev/stripe", "@convex-dev/migrations",
)


def _counts(component: Path) -> dict[str, int]:
    host = load_host([str(component)], Settings(select=("ALL",)))
    snap = host.snapshot()
    assert snap.roots, f"no Convex root found in {component}"
    counts: Counter[str] = Counter()
    for path in snap.paths():
        for d in lint_file(snap, path):
            counts[d.rule] += 1
    failures = take_failures()
    assert failures == [], f"rules crashed on {component}: {failures[:5]}"
    return dict(sorted(counts.items()))


def test_rules_on_the_corpus_match_the_reviewed_snapshot(package_dir):
    got = {}
    for package in PACKAGES:
        component = package_dir(package) / "package" / "src" / "component"
        got[package] = _counts(component)
    if os.environ.get("CONVEX_LSP_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    want = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert got == want
