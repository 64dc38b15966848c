import pytest

from _schema_cases import e, schema
from convex_lsp.analysis.rules import reserved_table_name as rule
from tester import assert_invalid, assert_valid

VALID = [schema('  users: defineTable({ name: v.string() }),\n  user_profiles2: defineTable({}),\n')]
INVALID = [
    schema('  _audit: defineTable({ a: v.string() }), // é😀\n', [e("Table name '_audit' is reserved: names starting with '_' belong to system tables", "_audit")]),
    schema('  "my-table": defineTable({}),\n  "2fa": defineTable({}),\n', [
        e("Table name 'my-table' is not valid: use letters, digits and '_', starting with a letter", '"my-table"'),
        e("Table name '2fa' is not valid: use letters, digits and '_', starting with a letter", '"2fa"'),
    ]),
    schema(f'  {"t" * 65}: defineTable({{}}),\n', [e(f"Table name '{'t' * 65}' is longer than 64 characters", "t" * 65)]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
