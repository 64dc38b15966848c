import pytest

from convex_lsp.analysis.rules import unknown_index as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { query, action } from "./_generated/server";\n'

STAGED_SCHEMA = """//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { postsTable } from "./tables/posts";
export default defineSchema({
  events: defineTable({ kind: v.string(), at: v.number() })
    .index("by_kind", ["kind"])
    .index("by_at", { fields: ["at"], staged: true }),
  posts: postsTable,
  drafts: postsTable.index("by_title", ["title"]),
});
//- convex/tables/posts.ts
import { defineTable } from "convex/server";
import { v } from "convex/values";
export const postsTable = defineTable({ title: v.string(), author: v.string() }).index("by_author", ["author"]);
"""


def q(body: str) -> str:
    return HEAD + "export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n" + body + "\n} });\n"


VALID = [
    Case(q('  const a = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).first();\n'
           '  const b = await ctx.db.query("messages").withIndex("by_creation_time", (q) => q.gt("_creationTime", 1)).first();\n'
           '  const d = await ctx.db.query("users").withIndex("by_id").first();\n'
           '  const s = await ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", c)).take(5);\n'
           '  return [a, b, d, s];'), name="db-builtin-and-search-indexes"),
    Case(HEAD + 'export const f = action({ args: {}, handler: async (ctx) => {\n'
         '  await ctx.vectorSearch("documents", "by_embedding", { vector: [0.1], limit: 5 });\n} });\n', name="vector-index"),
    Case(STAGED_SCHEMA + '//- convex/messages.ts\nexport const f = async (ctx: any) => {\n'
         '  await ctx.db.query("posts").withIndex("by_author").first();\n  await ctx.db.query("drafts").withIndex("by_title").first();\n};\n',
         name="const-table-in-other-file-and-partly-known-table"),
    Case('//- convex/schema.ts\nimport { defineSchema } from "convex/server";\nimport { tables } from "./gen";\nexport default defineSchema({ ...tables });\n'
         '//- convex/messages.ts\nexport const f = async (ctx: any) => ctx.db.query("anything").withIndex("whatever").first();\n',
         name="unresolved-schema-is-quiet"),
    Case('export const f = (store: any) => store.query("messages").withIndex("nope").first();\n', name="not-a-db-query"),
]

INVALID = [
    Case(q('  return await ctx.db.query("messages").withIndex("by_chanel", (q) => q.eq("channel", c)).first();'),
         [Err("Table 'messages' has no database index 'by_chanel'; did you mean 'by_channel'?", 4, 52, 4, 61)],
         output=q('  return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).first();'),
         name="typo-did-you-mean"),
    Case(q('  const base = ctx.db.query("users");\n  return await base.withIndex("by_name").first();'),
         [Err("Table 'users' has no database index 'by_name'", 5, 32, 5, 39)], name="query-in-variable-no-suggestion"),
    Case(q('  return await ctx.db.query("messages").withIndex("search_body").first();'),
         [Err("'search_body' is a search index of table 'messages'; use `.withSearchIndex()`", 4, 52, 4, 63)], name="search-index-in-withIndex"),
    Case(q('  return await ctx.db.query("messages").withSearchIndex("by_channel", (q) => q.search("body", c)).take(3);'),
         [Err("'by_channel' is a database index of table 'messages'; use `.withIndex()`", 4, 58, 4, 68)], name="db-index-in-withSearchIndex"),
    Case(q('  return await ctx.db.query("messages").withSearchIndex("search_bdy", (q) => q.search("body", c)).take(3);'),
         [Err("Table 'messages' has no search index 'search_bdy'; did you mean 'search_body'?", 4, 58, 4, 68)], name="search-typo"),
    Case(HEAD + 'export const f = action({ args: {}, handler: async (ctx) => {\n'
         '  await ctx.vectorSearch("documents", "by_embeding", { vector: [0.1] });\n} });\n',
         [Err("Table 'documents' has no vector index 'by_embeding'; did you mean 'by_embedding'?", 4, 40, 4, 51)], name="vector-typo"),
    Case(STAGED_SCHEMA + '//- convex/messages.ts\nimport { DatabaseReader } from "./_generated/server";\n'
         'export const f = (db: DatabaseReader) => db.query("events").withIndex("by_at").first();\n',
         [Err("Index 'by_at' of table 'events' is staged and cannot be queried until `staged: true` is removed", 2, 72, 2, 77)],
         name="staged-index"),
    Case(STAGED_SCHEMA + '//- convex/messages.ts\nexport const f = (ctx: any) => ctx.db.query("posts").withIndex("by_auther").first();\n',
         [Err("Table 'posts' has no database index 'by_auther'; did you mean 'by_author'?", 1, 65, 1, 74)],
         name="table-defined-in-const-in-other-file"),
    Case('//- convex/lib/functions.ts\nimport { customQuery } from "convex-helpers/server/customFunctions";\nimport { query } from "../_generated/server";\n'
         'export const authQuery = customQuery(query, { args: {}, input: async (ctx) => ({ ctx: {}, args: {} }) });\n'
         '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\n'
         'export const f = authQuery({ args: {}, handler: async (ctx) => ctx.db.query("users").withIndex("by_mail").first() });\n',
         [Err("Table 'users' has no database index 'by_mail'; did you mean 'by_email'?", 2, 97, 2, 104)], name="custom-builder"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err("Table 'messages' has no database index 'by_chanel'; did you mean 'by_channel'?", 7, 54, 7, 63)],
                    output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
