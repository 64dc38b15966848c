import pytest

from convex_lsp.analysis.rules import no_unbounded_collect as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { query } from "./_generated/server";\n'
W = "`.collect()` loads every document of this query; use `.take(n)`, `.paginate()`, or narrow it with an index"
I = "`.collect()` loads every document matching the index range; use `.take(n)` or `.paginate()` if it can grow large"


def q(body: str) -> str:
    return HEAD + "export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n" + body + "\n} });\n"


VALID = [
    Case('export const f = async (q: any) => q.collect();\n', name="receiver-typed-any"),
    Case('export const f = (xs: { collect(): number[] }) => xs.collect();\n', name="unrelated-type"),
    Case('type OrderedQuery = { collect(): string[] };\nexport const f = (q: OrderedQuery) => q.collect();\n', name="local-type-named-OrderedQuery"),
    Case('import type { OrderedQuery } from "convex/server";\nexport const f = (q: OrderedQuery<any>) => q["collect"]();\n', name="computed-member"),
    Case('class Fake { query(t: string) { return this; } collect() { return []; } }\nconst db = new Fake();\nexport const f = () => db.query("messages").collect();\n', name="look-alike-chain"),
    Case(q('  const a = await ctx.db.query("messages").take(10);\n  const b = await ctx.db.query("messages").first();\n'
           '  const u = await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", c)).unique();\n'
           '  const p = await ctx.db.query("messages").paginate({ numItems: 10, cursor: null });\n  return [a, b, u, p];'), name="take-first-unique-paginate"),
    Case('//- convex/messages.test.ts\nimport { convexTest } from "convex-test";\n'
         'export const all = (t: any) => t.run(async (ctx: any) => ctx.db.query("messages").collect());\n',
         path="convex/messages.test.ts", name="test-files-are-skipped"),
]

INVALID = [
    Case(q('  return await ctx.db.query("messages").collect();'), [Err(W, 4, 41, 4, 48)],
         output=q('  return await ctx.db.query("messages").take(100);'), name="plain-collect"),
    Case(q('  return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).collect();'),
         [Err(I, 4, 92, 4, 99)], name="after-withIndex-eq-is-info"),
    Case(q('  return await ctx.db.query("messages").withIndex("by_creation_time", (q) => q.gt("_creationTime", 0)).order("desc").collect();'),
         [Err(W, 4, 118, 4, 125)], name="withIndex-range-only-is-warning"),
    Case(q('  const a = await ctx.db.query("messages").fullTableScan().collect();\n'
           '  const b = await ctx.db.query("messages").filter((q) => q.eq(q.field("channel"), c)).collect();\n'
           '  const s = await ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", c)).collect();\n  return [a, b, s];'),
         [Err(W, 4, 60, 4, 67), Err(W, 5, 87, 5, 94), Err(I, 6, 103, 6, 110)], name="fullTableScan-filter-search"),
    Case(q('  let base = ctx.db.query("messages");\n  const ordered = base.order("desc");\n  return await ordered.collect();'),
         [Err(W, 6, 24, 6, 31)], name="query-held-in-variables"),
    Case('import { OrderedQuery } from "convex/server";\nimport { DataModel } from "./_generated/dataModel";\n'
         'export async function all(q: OrderedQuery<DataModel["messages"]>) {\n  return await q.collect();\n}\n',
         [Err(W, 4, 18, 4, 25)], name="shared-helper-OrderedQuery"),
    Case('import { DatabaseReader } from "./_generated/server";\n'
         'export const a = (db: DatabaseReader) => db.query("messages").collect();\n'
         'export const b = ({ db }: { db: DatabaseReader }) => (db as any).table("messages").query().collect();\n',
         [Err(W, 2, 63, 2, 70), Err(W, 3, 92, 3, 99)], name="bare-db-and-scoped-table-api"),
    Case('//- convex/lib/functions.ts\nimport { customQuery } from "convex-helpers/server/customFunctions";\nimport { query } from "../_generated/server";\n'
         'export const authQuery = customQuery(query, { args: {}, input: async (ctx) => {\n'
         '  const identity = await ctx.auth.getUserIdentity();\n  if (!identity) throw new Error("no");\n  return { ctx: {}, args: {} };\n} });\n'
         '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\n'
         'export const all = authQuery({ args: {}, handler: async (ctx) => ctx.db.query("users").collect() });\n',
         [Err(W, 2, 88, 2, 95)], name="custom-builder"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err(W, 6, 43, 6, 50)], name="docs-example"))


def test_take_fix_is_display_only_and_a_snippet_only_in_editors():
    from convex_lsp.analysis.code_actions import diagnostic_fixes
    from tester import run_rule

    diags, snap, path = run_rule(rule, INVALID[0])
    fix = diags[0].fixes[0]
    assert (fix.applicability, fix.edits[0].snippet, fix.edits[0].new_text) == ("display-only", False, "take(100)")
    fix = diagnostic_fixes(snap, path, diags[0].range, rule.RULE.id, diags[0].message)[0]
    assert (fix.applicability, fix.edits[0].snippet, fix.edits[0].new_text) == ("display-only", True, "take(${1:100})")


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
