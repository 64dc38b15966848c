import pytest

from _schema_cases import e, schema
from convex_lsp.analysis.rules import unsupported_validators as rule
from tester import Case, assert_invalid, assert_valid

VALID = [Case('export function f(v: unknown[]) { return v.map(String); }\n', name="local-variable-named-v"), schema('  s: defineTable({ flags: v.record(v.string(), v.boolean()), ids: v.record(v.id("s"), v.number()) }),\n')]
INVALID = [
    schema('  s: defineTable({ flags: v.map(v.string(), v.boolean()), tags: v.set(v.string()) }),\n', [
        e("v.map() does not exist in Convex: use v.record(keys, values)", "v.map(v.string(), v.boolean())"),
        e("v.set() does not exist in Convex: use v.array(...) or v.record(v.string(), v.boolean())", "v.set(v.string())"),
    ], output='  s: defineTable({ flags: v.record(v.string(), v.boolean()), tags: v.set(v.string()) }),\n'),
    schema('  s: defineTable({ m: v.record(v.union(v.literal("a"), v.literal("b")), v.number()) }), // 😀\n', [
        e("Record keys must be v.string(), v.id(...) or a union of those, not string literals: use v.object({...}) for fixed keys", 'v.union(v.literal("a"), v.literal("b"))'),
    ]),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
