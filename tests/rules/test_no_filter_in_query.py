import pytest

from convex_lsp.analysis.rules import no_filter_in_query as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { query } from "./_generated/server";\n'
MSG = "`.filter()` on a database query reads every document in the range; use an index with `.withIndex()`"


def idx(name: str) -> str:
    return f"`.filter()` on a database query reads every document in the range; index '{name}' covers this condition"


AUTH_LIB = """//- convex/lib/functions.ts
import { customQuery } from "convex-helpers/server/customFunctions";
import { query } from "../_generated/server";
export const authQuery = customQuery(query, {
  args: {},
  input: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Unauthenticated");
    return { ctx: { identity }, args: {} };
  },
});
"""

VALID = [
    Case(HEAD + 'export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n'
         '  return (await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).collect()).filter((m) => m.likes > 3);\n} });\n',
         name="array-filter-after-collect"),
    Case('export const evens = [1, 2, 3].filter((n) => n % 2 === 0);\nexport const f = (xs: string[]) => xs.filter(Boolean);\n', name="plain-array-filter"),
    Case('export const f = async (q: any) => q.filter((x: any) => x).first();\n', name="receiver-typed-any"),
    Case('class Repo { query(t: string) { return this; } withIndex() { return this; } order() { return this; } filter(f: unknown) { return this; } }\n'
         'const db = new Repo();\nexport const f = () => db.query("messages").withIndex().order().filter(() => true);\n', name="look-alike-non-convex-db"),
    Case('export const f = (store: { query(t: string): any }) => store.query("messages").filter(() => true);\n', name="other-receiver-query"),
    Case(HEAD + 'export const f = query({ args: {}, handler: async (ctx) => {\n  const docs = await ctx.db.query("messages").take(10);\n  return docs.filter((d) => d.likes > 1);\n} });\n',
         name="variable-holding-an-array"),
]

INVALID = [
    Case(
        HEAD + 'export const f = query({ args: { author: v.id("users") }, handler: async (ctx, { author }) => {\n'
        '  return await ctx.db.query("messages").filter((q) => q.eq(q.field("author"), author)).take(10);\n} });\n',
        [Err(MSG, 4, 41, 4, 47)],
        name="filter-on-author-no-index-prefix",
    ),
    Case(
        HEAD + 'export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n'
        '  return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).filter((q) => q.gt(q.field("likes"), 3)).take(10);\n} });\n',
        [Err(MSG, 4, 92, 4, 98)],
        name="after-withIndex",
    ),
    Case(
        HEAD + 'export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n'
        '  const q = ctx.db.query("messages");\n  const ordered = q.order("desc");\n  return await ordered.filter((f) => f.eq(f.field("channel"), c)).take(10);\n} });\n',
        [Err(MSG, 6, 24, 6, 30)],
        name="query-held-in-variables",
    ),
    Case(
        'import { DatabaseReader } from "./_generated/server";\n'
        'export const a = ({ db }: { db: DatabaseReader }) => db.query("users").filter((q) => q.eq(q.field("email"), "a@b.c")).first();\n'
        'export const b = (db: DatabaseReader) => db.query("users").order("desc").filter((q) => q.eq(q.field("name"), "x")).first();\n',
        [Err(idx("by_email"), 2, 72, 2, 78), Err(MSG, 3, 74, 3, 80)],
        output='import { DatabaseReader } from "./_generated/server";\n'
        'export const a = ({ db }: { db: DatabaseReader }) => db.query("users").withIndex("by_email", (q) => q.eq("email", "a@b.c")).first();\n'
        'export const b = (db: DatabaseReader) => db.query("users").order("desc").filter((q) => q.eq(q.field("name"), "x")).first();\n',
        name="destructured-and-bare-db-parameters",
    ),
    Case(
        HEAD + 'export const f = query({ args: { c: v.string(), a: v.id("users") }, handler: async (ctx, args) => {\n'
        '  return await ctx.db.query("messages").filter((q) => q.and(q.eq(q.field("author"), args.a), q.eq(args.c, q.field("channel")))).collect();\n} });\n',
        [Err(idx("by_channel_author"), 4, 41, 4, 47)],
        output=HEAD + 'export const f = query({ args: { c: v.string(), a: v.id("users") }, handler: async (ctx, args) => {\n'
        '  return await ctx.db.query("messages").withIndex("by_channel_author", (q) => q.eq("channel", args.c).eq("author", args.a)).collect();\n} });\n',
        name="and-of-eqs-safe-rewrite",
    ),
    Case(
        HEAD + 'export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n'
        '  return await ctx.db.query("messages").filter((q) => q.eq(q.field("channel"), c)).paginate({ numItems: 5, cursor: null });\n} });\n',
        [Err(idx("by_channel"), 4, 41, 4, 47)],
        output=HEAD + 'export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n'
        '  return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).paginate({ numItems: 5, cursor: null });\n} });\n',
        name="before-paginate-still-flagged",
    ),
    Case(
        AUTH_LIB + '//- convex/messages.ts\nimport { v } from "convex/values";\nimport { authQuery } from "./lib/functions";\n'
        'export const mine = authQuery({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n'
        '  return await ctx.db.query("messages").filter((q) => q.eq(q.field("channel"), c)).first();\n} });\n',
        [Err(idx("by_channel"), 4, 41, 4, 47)],
        name="custom-builder",
    ),
    Case(
        'export const f = async (ctx: any) => ctx.db.system.query("_storage").filter((q: any) => q.gt(q.field("size"), 10)).collect();\n',
        [Err(MSG, 1, 70, 1, 76)],
        name="system-table-query",
    ),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err(idx("by_channel"), 9, 8, 9, 14)], output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
