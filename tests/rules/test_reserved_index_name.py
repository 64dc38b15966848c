import pytest

from _schema_cases import e, schema
from convex_lsp.analysis.rules import reserved_index_name as rule
from tester import assert_invalid, assert_valid

VALID = [schema('  m: defineTable({ a: v.string(), b: v.string() }).index("by_a", ["a"]).searchIndex("search_b", { searchField: "b" }),\n')]
INVALID = [
    schema('  m: defineTable({ a: v.string() }).index("by_creation_time", ["a"]).index("by_id", ["a"]),\n', [
        e("Index name 'by_creation_time' is reserved: every table already has the built-in 'by_creation_time' index", "by_creation_time"),
        e("Index name 'by_id' is reserved: every table already has the built-in 'by_id' index", "by_id"),
    ]),
    schema('  m: defineTable({ a: v.string() }).index("_a", ["a"]).index("by-a", ["a"]), // 😀\n', [
        e("Index name '_a' is reserved: names starting with '_' are for the system", "_a"),
        e("Index name 'by-a' is not valid: use letters, digits and '_', starting with a letter", "by-a"),
    ]),
    schema('  m: defineTable({ a: v.string() }).index("by_a", ["a"]).searchIndex("by_a", { searchField: "a" }),\n', [
        e("Index 'by_a' is defined more than once on table 'm'", "by_a", nth=1),
    ], name="duplicate-across-kinds"),
    schema(f'  m: defineTable({{ a: v.string() }}).index("{"x" * 65}", ["a"]),\n', [e(f"Index name '{'x' * 65}' is longer than 64 characters", "x" * 65)]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
