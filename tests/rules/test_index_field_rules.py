import pytest

from _schema_cases import e, ein, schema
from convex_lsp.analysis.rules import index_field_rules as rule
from tester import assert_invalid, assert_valid

T = '  m: defineTable({ a: v.string(), b: v.number(), meta: v.object({ likes: v.number() }), emb: v.array(v.float64()), n: v.optional(v.string()) })'
VALID = [
    schema(T + '.index("by_a_b", ["a", "b"]).index("by_likes", ["meta.likes"]).searchIndex("s", { searchField: "n", filterFields: ["a"] }).vectorIndex("vec", { vectorField: "emb", dimensions: 1536 }),\n'),
    schema('  m: defineTable(someValidator).index("by_x", ["x"]),\n', name="unknown-table-shape-is-quiet"),
]
INVALID = [
    schema(T + '.index("by_a", ["a", "_creationTime"]).index("by_id2", ["_id"]).index("by_sys", ["_x"]),\n', [
        e("'_creationTime' is appended to every index automatically: remove it", "_creationTime"),
        ein("'_id' cannot be indexed: use ctx.db.get to read by id", '["_id"]', "_id"),
        e("Index field '_x' starts with '_': system fields cannot be indexed", "_x"),
    ]),
    schema(T + '.index("by_a_a", ["a", "a"]).index("by_c", ["c"]).index("by_meta_x", ["meta.x"]), // é😀\n', [
        ein("Field 'a' appears twice in index 'by_a_a'", '"a"]).index("by_c"', "a"),
        ein("Field 'c' is not in table 'm'", '["c"]', "c"),
        e("Field 'meta.x' is not in table 'm'", "meta.x"),
    ], name="duplicate-and-missing"),
    schema(T + '.searchIndex("s", { searchField: "b" }).vectorIndex("vec", { vectorField: "a", dimensions: 1 }),\n', [
        ein("Search field 'b' must be a string field", 'searchField: "b"', "b"),
        ein("Vector index dimensions must be between 2 and 4096, got 1", '"vec"', "vec"),
        ein("Vector field 'a' must be v.array(v.float64())", 'vectorField: "a"', "a"),
    ], name="search-and-vector-types"),
    schema('  m: defineTable({ a: v.string() }).index("by_a", ["a"]).index("by_a2", ["a"]).index("by_a3", ["a"]),\n',
           [e("Table 'm' has 3 indexes; the limit is 2", "by_a3")], options={"maxIndexes": 2}, name="index-count-option"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
