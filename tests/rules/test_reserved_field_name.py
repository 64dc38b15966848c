import pytest

from _schema_cases import e, ein, schema
from convex_lsp.analysis.rules import reserved_field_name as rule
from tester import Case, assert_invalid, assert_valid

VALID = [
    schema('  m: defineTable({ name: v.string(), meta: v.object({ likes: v.number() }) }),\n'),
    Case('import { v } from "convex/values";\nconst doc = { _id: 1, $x: 2 };\n', name="plain-objects-are-not-validators"),
    Case('import { v } from "convex/values";\nexport const docShape = v.object({ _id: v.string(), _creationTime: v.number(), body: v.string() });\n', name="document-shaped-object"),
    Case('import { v } from "convex/values";\nexport const result = v.object({ _id: v.id("documents"), _score: v.number() });\n', name="vector-search-result-score"),
]
INVALID = [
    schema('  t: defineTable({ _id: v.string() }),\n', [e("Field name '_id' starts with '_': only the system fields _id and _creationTime may", "_id")], name="system-field-in-table"),
    schema('  m: defineTable({ _role: v.string(), meta: v.object({ $ref: v.string(), "": v.null() }) }), // é😀\n', [
        e("Field name '_role' starts with '_': only the system fields _id and _creationTime may", "_role"),
        e("Field name '$ref' starts with '$', which is reserved", "$ref"),
        e("Field names cannot be empty", '""'),
    ]),
    Case('import { v } from "convex/values";\nexport const shape = v.object({ _secret: v.string() });\n',
         [ein("Field name '_secret' starts with '_': only the system fields _id and _creationTime may", "{ _secret", "_secret")(
             'import { v } from "convex/values";\nexport const shape = v.object({ _secret: v.string() });\n')],
         options={"underscoreInObjects": True}, name="v-object-with-the-strict-option"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
