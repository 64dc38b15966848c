import pytest

from _schema_cases import ein, schema
from convex_lsp.analysis.rules import index_name_convention as rule
from tester import assert_invalid, assert_valid

T = '  m: defineTable({ channel: v.string(), author: v.string(), meta: v.object({ likes: v.number() }) })'
VALID = [
    schema(T + '.index("by_channel", ["channel"]).index("by_channel_and_author", ["channel", "author"]).index("by_meta_likes", ["meta.likes"]).searchIndex("anything", { searchField: "channel" }),\n'),
    schema(T + '.index("channelAuthor", ["channel", "author"]).index("channel", ["channel"]),\n', name="plain-field-names-allowed-by-default"),
    schema(T + '.index("by_meta", ["meta.likes"]).index("likes", ["meta.likes"]).index("BY_CHANNEL", ["channel"]),\n', name="nested-segments-and-casing"),
]
INVALID = [
    schema(T + '.index("channelAuthor", ["channel", "author"]).index("idx1", ["author"]), // é😀\n', [
        ein("Index 'channelAuthor' does not name its fields: the convention is 'by_channel_and_author'", '"channelAuthor"', "channelAuthor"),
        ein("Index 'idx1' does not name its fields: the convention is 'by_author'", '"idx1"', "idx1"),
    ], options={"allowPlainFieldNames": False}),
    schema(T + '.index("by_chan", ["channel"]),\n', [ein("Index 'by_chan' does not name its fields: the convention is 'by_channel'", '"by_chan"', "by_chan")]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
