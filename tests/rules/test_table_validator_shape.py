import pytest

from _schema_cases import e, schema
from convex_lsp.analysis.rules import table_validator_shape as rule
from tester import assert_invalid, assert_valid

VALID = [schema('  a: defineTable({ x: v.string() }),\n  b: defineTable(v.object({ y: v.string() })),\n  c: defineTable(v.union(v.object({ k: v.literal("a") }), v.object({ k: v.literal("b") }))),\n  d: defineTable(v.any()),\n  e: defineTable(shared),\n')]
INVALID = [
    schema('  tags: defineTable(v.string()), // 😀\n', [e("A table's validator must be an object or a union of objects, not v.string()", "v.string()")]),
    schema('  r: defineTable(v.record(v.string(), v.number())),\n', [e("A table's validator must be an object or a union of objects, not v.record()", "v.record(v.string(), v.number())")]),
    schema('  u: defineTable(v.union(v.object({ a: v.string() }), v.null())),\n', [e("Every member of a table's union validator must be an object, not v.null()", "v.null()")]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
