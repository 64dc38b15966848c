import pytest

from convex_lsp.analysis.rules import unknown_table as rule
from tester import Case, Err, assert_invalid, assert_valid

VALID = [
    Case('export const f = async (ctx) => ctx.db.query("").take(1);\n', name="empty-name-while-typing"),
    Case('import { query } from "./_generated/server";\nexport const f = query({ args: {}, handler: async (ctx) => ctx.db.query("users").take(1) });\n'),
    Case('export const f = async (ctx) => ctx.db.system.get("_storage", id);\n'),
    Case('import { v } from "convex/values";\nexport const a = { id: v.id("_storage") };\n'),
    Case("""//- convex/schema.ts
import { defineSchema } from "convex/server";
import { tables } from "./generated";
export default defineSchema({ ...tables });
//- convex/messages.ts
export const f = async (ctx) => ctx.db.query("anything").take(1);
""", name="unresolved-schema-spread-is-quiet"),
]

INVALID = [
    Case('export const f = async (ctx) => ctx.db.query("").take(1);\n', name="empty-name-while-typing"),
    Case(
        'export const f = async (ctx) => ctx.db.query("userz").take(1); // é😀\n',
        [Err("Unknown table 'userz'; did you mean 'users'?", 1, 47, 1, 52)],
        output='export const f = async (ctx) => ctx.db.query("users").take(1); // é😀\n',
    ),
    Case(
        'const s = "😀é"; export const f = async (ctx) => ctx.db.insert("mesages", {});\n',
        [Err("Unknown table 'mesages'; did you mean 'messages'?", 1, 64, 1, 71)],
    ),
    Case(
        'import { v } from "convex/values";\nexport const args = { who: v.id("people") };\n',
        [Err("Unknown table 'people'", 2, 34, 2, 40)],
    ),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
