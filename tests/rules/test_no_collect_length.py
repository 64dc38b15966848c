import pytest

from convex_lsp.analysis.rules import no_collect_length as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { query } from "./_generated/server";\n'
MSG = "Counting with `.collect()` reads every document; keep a counter document or use the @convex-dev/aggregate component"


def q(body: str) -> str:
    return HEAD + "export const f = query({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n" + body + "\n} });\n"


VALID = [
    Case(q('  const docs = await ctx.db.query("messages").collect();\n  return { n: docs.length, docs };'), name="collected-docs-also-used"),
    Case(q('  const docs = await ctx.db.query("messages").collect();\n  return docs.map((d) => d.body).length;'), name="length-of-derived-array"),
    Case(q('  return (await ctx.db.query("messages").take(101)).length;'), name="bounded-take"),
    Case(q('  const words = c.split(" ");\n  return [1, 2].length + words.length;'), name="plain-arrays"),
    Case('export const f = async (q: any) => (await q.collect()).length;\n', name="not-a-db-query"),
]

INVALID = [
    Case(q('  return (await ctx.db.query("messages").collect()).length;'), [Err(MSG, 4, 53, 4, 59)], name="inline"),
    Case(q('  const sent = await ctx.db\n    .query("messages")\n    .withIndex("by_channel", (q) => q.eq("channel", c))\n    .collect();\n'
           '  if (sent.length === 0) return 0;\n  return sent.length;'),
         [Err(MSG, 8, 12, 8, 18), Err(MSG, 9, 15, 9, 21)], name="variable-only-read-for-length"),
    Case('import { DatabaseReader } from "./_generated/server";\n'
         'export async function count(db: DatabaseReader) {\n  const q = db.query("users");\n  return (await q.collect()).length;\n}\n',
         [Err(MSG, 4, 30, 4, 36)], name="helper-with-db-parameter"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err(MSG, 6, 55, 6, 61)], name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
