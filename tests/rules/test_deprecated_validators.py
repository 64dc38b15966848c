import pytest

from _schema_cases import e, schema
from convex_lsp.analysis.rules import deprecated_validators as rule
from tester import Case, assert_invalid, assert_valid, err

VALID = [schema('  c: defineTable({ n: v.int64(), m: v.float64() }),\n')]
ARGS = 'import { query } from "./_generated/server";\nimport { v } from "convex/values";\nexport const f = query({ args: { n: v.bigint() }, handler: async () => null });\n'
INVALID = [
    schema('  c: defineTable({ n: v.bigint(), s: v.string() }), // é\n', [e("v.bigint() is deprecated: use v.int64()", "v.bigint()")],
           output='  c: defineTable({ n: v.int64(), s: v.string() }), // é\n'),
    Case(ARGS, [err("v.bigint() is deprecated: use v.int64()", ARGS, "v.bigint()")], output=ARGS.replace("bigint", "int64"), name="in-args"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
