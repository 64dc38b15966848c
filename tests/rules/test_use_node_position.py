import pytest

from _fn_fixture import assert_triggers, docs_cases
from convex_lsp.analysis.rules import use_node_position as rule
from tester import Case, assert_invalid, assert_valid, err

LATE = '"use node" is not the first statement of the file, so Convex ignores it'
NESTED = '"use node" inside a function has no effect; Convex reads it only at the top of the file'
IMP = 'import { internalAction } from "./_generated/server";\n'

VALID = [
    Case('"use node";\n' + IMP),
    Case('// Copyright\n/* block */\n"use node";\n' + IMP, name="comments-first"),
    Case('"use strict";\n\'use node\';\n' + IMP, name="after-another-directive"),
    Case('"use node";\n' + IMP + '"use node";\n', name="duplicate-after-a-real-one"),
    Case(IMP + 'export const s = "use node";\n', name="string-value-not-a-statement"),
]

C1 = IMP + '"use node";\n\nexport const run = internalAction({ args: {}, handler: async () => {} });\n'
C1_OUT = '"use node";\n' + IMP + '\nexport const run = internalAction({ args: {}, handler: async () => {} });\n'
C2 = "// header\n" + IMP + 'const x = 1; "use node";\n'
C2_OUT = '"use node";\n// header\n' + IMP + "const x = 1; \n"
C3 = IMP + 'export const run = internalAction({ args: {}, handler: async () => {\n  "use node";\n} });\n'

INVALID = [
    Case(C1, [err(LATE, C1, '"use node";')], output=C1_OUT),
    Case(C2, [err(LATE, C2, '"use node";')], output=C2_OUT, name="same-line-as-other-code"),
    Case(C3, [err(NESTED, C3, '"use node";')], output=C3, name="inside-a-function"),
]

DOC_VALID, DOC_EXAMPLES = docs_cases(rule)


@pytest.mark.parametrize("case", VALID + DOC_VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)


@pytest.mark.parametrize("case", DOC_EXAMPLES, ids=str)
def test_docs_example(case):
    assert_triggers(rule, case)


def test_docs_example_fix_gives_use_instead():
    assert_invalid(rule, Case(DOC_EXAMPLES[0].code, [err(LATE, DOC_EXAMPLES[0].code, '"use node";')], output=DOC_VALID[0].code))
