import pytest

from convex_lsp.analysis.rules import no_duplicate_function_name as rule
from tester import Case, assert_invalid, assert_valid, err_in

VALID = [Case('export const a = 1;\nconst b = 2;\nexport { b };\nexport default a;\n')]
A = 'export const list = 1;\nconst all = 2;\nexport { all as list };\n'
B = 'const x = 1;\nexport default x;\nexport { x as default }; // é\n'
INVALID = [
    Case(A, [err_in("'list' is exported more than once from this module", A, "as list", "list")]),
    Case(B, [err_in("'default' is exported more than once from this module", B, "as default", "default")], name="default-twice"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
