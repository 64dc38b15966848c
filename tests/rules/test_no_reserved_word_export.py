import pytest

from convex_lsp.analysis.rules import no_reserved_word_export as rule
from tester import Case, assert_invalid, assert_valid, err

VALID = [Case('export const remove = 1;\nexport const deleted = 2;\nexport function newItem() {}\nconst x = { delete: 1 };\n')]
A = '// é😀\nexport const delete = mutation({ args: {}, handler: async () => {} });\nexport async function new() {}\n'
INVALID = [Case(A, [
    err("'delete' is a reserved word and cannot name an export: rename it (e.g. 'remove')", A, "delete"),
    err("'new' is a reserved word and cannot name an export: rename it (e.g. 'create')", A, "new"),
])]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
