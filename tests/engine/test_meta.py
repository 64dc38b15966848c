"""Meta tests: the registry, the rule modules, their docs and their tests agree (typescript-eslint's
docs.test.ts and ESLint's check-rule-examples, for our layout)."""

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))

from convex_lsp.analysis.rules import RULE_MODULES
from convex_lsp.analysis.rules.base import RuleContext
from tester import Case, build

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "analysis" / "rules"
CATALOGUE_IDS = None  # the catalogue lives outside the repository; ids are checked by shape
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## When not to use it")


def test_every_rule_module_is_registered():
    modules = {p.stem for p in RULES_DIR.glob("*.py") if not p.stem.startswith("_") and p.stem not in ("base", "common")}
    registered = {m.__name__.rsplit(".", 1)[-1] for m in RULE_MODULES}
    assert modules == registered


def test_module_names_match_ids_and_registry_is_sorted():
    for m in RULE_MODULES:
        assert m.__name__.rsplit(".", 1)[-1] == m.RULE.id.replace("-", "_")
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", m.RULE.id)
    ids = [m.RULE.id for m in RULE_MODULES]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_every_rule_has_a_test_table():
    for m in RULE_MODULES:
        test = ROOT / "tests" / "rules" / f"test_{m.RULE.id.replace('-', '_')}.py"
        assert test.exists(), f"{m.RULE.id} has no tests/rules/{test.name}"
        text = test.read_text()
        assert "VALID" in text and "INVALID" in text, f"{test.name} lacks VALID/INVALID tables"


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda m: m.RULE.id)
def test_docs_sections_and_metadata(module):
    doc = module.__doc__ or ""
    for section in SECTIONS:
        assert section in doc, f"{module.RULE.id}: docstring lacks '{section}'"
    rule = module.RULE
    assert rule.default_severity in ("error", "warning", "info")
    assert rule.summary and rule.messages
    if rule.fix != "none":
        assert rule.applicability in ("safe", "unsafe", "display-only"), f"{rule.id}: fix without applicability"


def _blocks(doc: str, heading: str) -> list[str]:
    part = doc.split(heading, 1)[1].split("\n## ", 1)[0] if heading in doc else ""
    return re.findall(r"```ts\n(.*?)```", part, re.S)


def _run_doc_example(module, code: str):
    path = "convex/messages.ts"
    m = re.match(r"// (convex/\S+)\n", code)
    if m:
        path = m.group(1)
    if code.lstrip().startswith("//- "):
        pass  # a multi-file example: the rule runs on convex/messages.ts (or the first file)
    elif "defineSchema(" in code:
        path = "convex/schema.ts"
    elif "cronJobs()" in code:
        path = "convex/crons.ts"
    elif "httpRouter()" in code:
        path = "convex/http.ts"
    host, p = build(Case(code, path=path))
    snap = host.snapshot()
    ctx = RuleContext(snap, p, snap.project_for(p), dict(module.RULE.options))
    ctx._rule = module.RULE
    return list(module.check(ctx))


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda m: m.RULE.id)
def test_docs_example_triggers_the_rule(module):
    examples = _blocks(module.__doc__ or "", "## Example")
    assert examples, f"{module.RULE.id}: no ```ts example"
    assert _run_doc_example(module, examples[0]), f"{module.RULE.id}: the docs example does not trigger the rule"


@pytest.mark.parametrize("module", [m for m in RULE_MODULES if _blocks(m.__doc__ or "", "## Use instead")], ids=lambda m: m.RULE.id)
def test_docs_use_instead_is_clean(module):
    fixed = _blocks(module.__doc__ or "", "## Use instead")[0]
    assert _run_doc_example(module, fixed) == [], f"{module.RULE.id}: the 'Use instead' example still triggers the rule"
