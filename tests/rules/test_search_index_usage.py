import pytest

from convex_lsp.analysis.rules import search_index_usage as rule
from tester import DEFAULT_SCHEMA, Case, Err, assert_invalid, assert_valid, run_rule

HEAD = 'import { v } from "convex/values";\nimport { query, action } from "./_generated/server";\n'

SCHEMA = """//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
const filters = ["kind"];
export default defineSchema({
  notes: defineTable({ text: v.string(), kind: v.string(), owner: v.string() })
    .searchIndex("search_text", { searchField: "text" })
    .searchIndex("search_dynamic", { searchField: "text", filterFields: filters }),
});
"""


def q(body: str) -> str:
    return HEAD + 'export const f = query({ args: { t: v.string(), c: v.string() }, handler: async (ctx, { t, c }) => {\n' + body + "\n} });\n"


def ws(rng: str, index: str = "search_body", table: str = "messages") -> str:
    return q(f'  return await ctx.db.query("{table}").withSearchIndex("{index}", (q) => {rng}).take(5);')


VALID = [
    Case(ws('q.search("body", t)'), name="search-only"),
    Case(ws('q.search("body", t).eq("channel", c)'), name="search-and-filter"),
    Case(HEAD + 'export const f = action({ args: {}, handler: async (ctx) => {\n'
         '  await ctx.vectorSearch("documents", "by_embedding", { vector: [0.1], filter: (q) => q.or(q.eq("kind", "a"), q.eq("kind", "b")) });\n} });\n',
         name="vector-filter-on-filter-field"),
    Case(SCHEMA + "//- convex/messages.ts\n" + ws('q.search("text", t).eq("kind", c)', "search_dynamic", "notes"), name="non-literal-filterFields-is-quiet"),
    Case(ws('q.search("body", t)', "search_bdy"), name="unknown-index-is-another-rule"),
    Case(ws('(c ? q.search("body", t) : q.search("body", c))'), name="conditional-not-checked"),
]

INVALID = [
    Case(ws('q.search("channel", t)'),
         [Err("Search index 'search_body' searches 'body', not 'channel'", 4, 89, 4, 96)],
         output=ws('q.search("body", t)'), name="wrong-search-field"),
    Case(ws('q.search("body", t).eq("author", c)'),
         [Err("'author' is not a filter field of search index 'search_body' (filterFields: channel)", 4, 103, 4, 109)],
         name="filter-field-not-declared"),
    Case(ws('q.eq("channel", c)'),
         [Err('A search filter starts with exactly one `.search("body", …)`', 4, 81, 4, 83)], name="missing-search"),
    Case(ws('q.search("body", t).search("body", c)'),
         [Err('A search filter starts with exactly one `.search("body", …)`', 4, 99, 4, 105)], name="two-searches"),
    Case(SCHEMA + "//- convex/messages.ts\n" + ws('q.search("text", t).eq("owner", c)', "search_text", "notes"),
         [Err("'owner' is not a filter field of search index 'search_text' (filterFields: none)", 4, 100, 4, 105)], name="no-filterFields-no-fix"),
    Case(HEAD + 'export const f = action({ args: {}, handler: async (ctx) => {\n'
         '  await ctx.vectorSearch("documents", "by_embedding", { vector: [0.1], filter: (f) => f.eq("text", "a") });\n} });\n',
         [Err("'text' is not a filter field of vector index 'by_embedding' (filterFields: kind)", 4, 93, 4, 97)], name="vector-filter"),
    Case('//- convex/lib/functions.ts\nimport { customQuery } from "convex-helpers/server/customFunctions";\nimport { query } from "../_generated/server";\n'
         'export const authQuery = customQuery(query, { args: {}, input: async (ctx) => ({ ctx: {}, args: {} }) });\n'
         '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\n'
         'export const f = authQuery({ args: {}, handler: async (ctx) => {\n  const base = ctx.db.query("messages");\n'
         '  return base.withSearchIndex("search_body", (q) => q.search("text", "x")).take(1);\n} });\n',
         [Err("Search index 'search_body' searches 'body', not 'text'", 4, 63, 4, 67)], name="custom-builder-query-in-variable"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err("'author' is not a filter field of search index 'search_body' (filterFields: channel)", 9, 73, 9, 79)], name="docs-example"))


def test_add_filter_field_edits_the_schema():
    diags, snap, _ = run_rule(rule, INVALID[1])
    (edit,) = diags[0].fixes[0].edits
    assert edit.path.endswith("convex/schema.ts") and edit.new_text == ', "author"'
    data = snap.text(edit.path)
    assert (data[: edit.range.start] + b', "author"' + data[edit.range.end :]).decode() == DEFAULT_SCHEMA.replace(
        'filterFields: ["channel"]', 'filterFields: ["channel", "author"]')


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
