import pytest

from convex_lsp.analysis.rules import index_range_order as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { query } from "./_generated/server";\n'
CA = "Index 'by_channel_author' is (channel, author, _creationTime)"


def q(body: str) -> str:
    return HEAD + 'export const f = query({ args: { c: v.string(), a: v.id("users") }, handler: async (ctx, { c, a }) => {\n' + body + "\n} });\n"


def wi(index: str, rng: str, table: str = "messages") -> str:
    return q(f'  return await ctx.db.query("{table}").withIndex("{index}", (q) => {rng}).first();')


VALID = [
    Case(wi("by_channel_author", 'q.eq("channel", c).eq("author", a)'), name="full-eq-prefix"),
    Case(wi("by_channel_author", 'q.eq("channel", c).gt("author", a).lte("author", a)'), name="eq-then-both-bounds"),
    Case(wi("by_channel_author", 'q.eq("channel", c).eq("author", a).gte("_creationTime", 1)'), name="creation-time-last"),
    Case(wi("by_channel", 'q.lt("channel", "m")'), name="upper-bound-alone"),
    Case(wi("by_creation_time", 'q.gt("_creationTime", 0).lt("_creationTime", 10)'), name="builtin-by-creation-time"),
    Case(wi("by_channel", "q"), name="no-range"),
    Case(q('  return await ctx.db.query("messages").withIndex("by_channel").first();'), name="no-callback"),
    Case(wi("by_channel", '(c ? q.eq("channel", c) : q)'), name="conditional-range-not-checked"),
    Case(wi("by_chanel", 'q.eq("author", a)'), name="unknown-index-is-another-rule"),
    Case(q('  return await ctx.db.query("messages").withIndex("by_channel", (q) => {\n    return q.eq("channel", c);\n  }).first();'), name="block-body"),
]

INVALID = [
    Case(wi("by_channel_author", 'q.eq("author", a).eq("channel", c)'),
         [Err(f"{CA}: expected 'channel' here, not 'author'", 4, 85, 4, 91)],
         output=wi("by_channel_author", 'q.eq("channel", c).eq("author", a)'), name="out-of-order-reorder-fix"),
    Case(wi("by_channel_author", 'q.eq("author", a)'),
         [Err(f"{CA}: expected 'channel' here, not 'author'", 4, 85, 4, 91)], name="gap"),
    Case(wi("by_channel", 'q.eq("body", c)'),
         [Err("Field 'body' is not in index 'by_channel' (channel, _creationTime)", 4, 78, 4, 82)], name="field-not-in-index"),
    Case(wi("by_channel", 'q.eq("channel", c).eq("channel", c)'),
         [Err("Field 'channel' is already constrained in this range", 4, 95, 4, 102)], name="repeated-field"),
    Case(wi("by_channel_author", 'q.eq("channel", c).gt("author", a).eq("_creationTime", 1)'),
         [Err("`.eq()` must come before the range bounds of index 'by_channel_author'", 4, 114, 4, 116)], name="eq-after-range"),
    Case(wi("by_channel", 'q.gt("channel", "a").gte("channel", "b")'),
         [Err("A range has at most one lower bound", 4, 93, 4, 96)], name="two-lower-bounds"),
    Case(wi("by_channel", 'q.lt("channel", "z").gt("channel", "a")'),
         [Err("The lower bound (`gt`/`gte`) must come before the upper bound (`lt`/`lte`)", 4, 93, 4, 95)],
         output=wi("by_channel", 'q.gt("channel", "a").lt("channel", "z")'), name="upper-before-lower"),
    Case(wi("by_channel_author", 'q.gt("channel", "a").lt("author", a)'),
         [Err("Both bounds must be on the same field: 'channel', not 'author'", 4, 104, 4, 110)], name="bounds-on-two-fields"),
    Case(wi("by_channel_author", 'q.eq("channel", c).eq("_creationTime", 4)'),
         [Err(f"{CA}: expected 'author' here, not '_creationTime'", 4, 102, 4, 115)],
         output=wi("by_channel", 'q.eq("channel", c).eq("_creationTime", 4)'), name="other-index-fits"),
    Case(q('  const base = ctx.db.query("messages");\n  return await base.withIndex("by_channel_author", (x) =>\n    x.eq("author", a)\n     .eq("channel", c),\n  ).first();'),
         [Err(f"{CA}: expected 'channel' here, not 'author'", 6, 11, 6, 17)],
         output=q('  const base = ctx.db.query("messages");\n  return await base.withIndex("by_channel_author", (x) =>\n    x.eq("channel", c).eq("author", a),\n  ).first();'),
         name="query-in-variable-multiline"),
    Case('//- convex/lib/functions.ts\nimport { customQuery } from "convex-helpers/server/customFunctions";\nimport { query } from "../_generated/server";\n'
         'export const authQuery = customQuery(query, { args: {}, input: async (ctx) => ({ ctx: {}, args: {} }) });\n'
         '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\n'
         'export const f = authQuery({ args: {}, handler: async (ctx) => ctx.db.query("users").withIndex("by_email", (q) => q.eq("name", "x")).first() });\n',
         [Err("Field 'name' is not in index 'by_email' (email, _creationTime)", 2, 121, 2, 125)], name="custom-builder"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err(f"{CA}: expected 'channel' here, not 'author'", 9, 52, 9, 58)],
                    output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
