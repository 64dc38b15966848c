import pytest

from _fn_fixture import assert_triggers, docs_cases
from convex_lsp.analysis.rules import no_schema_import_cycle as rule
from tester import Case, assert_invalid, assert_valid, err_in

MSG = "'{}' is undefined here: schema.ts imports this module (import cycle), so use `v.*` validators instead"
SCHEMA = """//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { messageFields } from "./lib/fields";
export default defineSchema({
  users: defineTable({ name: v.string() }),
  messages: defineTable(messageFields),
});
"""


def fx(fields: str, extra: str = "") -> str:
    return SCHEMA + extra + "//- convex/lib/fields.ts\n" + fields


VALID = [
    Case(fx('import { v } from "convex/values";\nexport const messageFields = { body: v.string() };\n'), path="convex/lib/fields.ts"),
    Case(fx('import { v } from "convex/values";\nimport schema from "../schema";\nexport const messageFields = { body: v.string() };\n'
            "export function table() { return schema.tables.users; }\nexport const later = () => schema.tables;\ntype S = typeof schema;\n"),
         path="convex/lib/fields.ts", name="function-bodies-and-types"),
    Case(fx('import { v } from "convex/values";\nimport type schema from "../schema";\nexport const messageFields = { body: v.string() };\n'),
         path="convex/lib/fields.ts", name="type-import"),
    Case(SCHEMA + '//- convex/lib/fields.ts\nexport const messageFields = {};\n//- convex/users.ts\nimport schema from "./schema";\nexport const t = schema.tables.users;\n',
         path="convex/users.ts", name="module-not-imported-by-schema"),
]

C1 = 'import { v } from "convex/values";\nimport schema from "../schema";\nexport const messageFields = { body: v.string(), author: schema.id("users") };\n'
C2 = 'import s from "../schema";\nexport const messageFields = { ...s.tables.users.validator.fields };\nexport const all = { s };\n'
C3 = 'import schema from "../schema";\nexport const messageFields = { author: schema.id("users") };\n'

INVALID = [
    Case(fx(C1), [err_in(MSG.format("schema"), C1, "schema.id", "schema")], path="convex/lib/fields.ts",
         output=C1.replace('schema.id("users")', 'v.id("users")'), name="schema-id-fix"),
    Case(fx(C2), [err_in(MSG.format("s"), C2, "...s.", "s"), err_in(MSG.format("s"), C2, "{ s }", "s")], path="convex/lib/fields.ts", output=C2, name="other-uses"),
    Case(SCHEMA.replace('"./lib/fields"', '"./lib/index"') + '//- convex/lib/index.ts\nexport * from "./fields";\n//- convex/lib/fields.ts\n' + C3,
         [err_in(MSG.format("schema"), C3, "schema.id", "schema")], path="convex/lib/fields.ts",
         output='import schema from "../schema";\nimport { v } from "convex/values";\nexport const messageFields = { author: v.id("users") };\n', name="transitive-adds-v-import"),
]

DOC_VALID, DOC_EXAMPLES = docs_cases(rule)


@pytest.mark.parametrize("case", VALID + DOC_VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)


@pytest.mark.parametrize("case", DOC_EXAMPLES, ids=str)
def test_docs_example(case):
    assert_triggers(rule, case)
