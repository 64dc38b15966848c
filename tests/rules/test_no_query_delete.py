import pytest

from convex_lsp.analysis.rules import no_query_delete as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { mutation } from "./_generated/server";\n'


def m(body: str) -> str:
    return HEAD + "export const f = mutation({ args: { c: v.string() }, handler: async (ctx, { c }) => {\n" + body + "\n} });\n"


VALID = [
    Case(m('  const doc = await ctx.db.query("messages").first();\n  if (doc) await ctx.db.delete("messages", doc._id);'), name="db-delete"),
    Case(m('  const cache = new Map<string, number>();\n  cache.delete(c);\n  const s = new Set([1]);\n  s.delete(1);'), name="map-set-delete"),
    Case(m('  for await (const doc of ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c))) {\n'
           '    await ctx.db.delete("messages", doc._id);\n  }'), name="loop"),
    Case('export const f = async (q: any) => q.delete();\n', name="unknown-receiver"),
]

INVALID = [
    Case(m('  await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c)).delete();'),
         [Err('Queries have no `.delete()`; delete each document with `ctx.db.delete("messages", doc._id)`', 4, 85, 4, 91)],
         output=m('  for await (const doc of ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", c))) {\n'
                  '    await ctx.db.delete("messages", doc._id);\n  }'),
         name="awaited-statement-with-fix"),
    Case(m('  const q = ctx.db.query("users");\n  return q.delete();'),
         [Err('Queries have no `.delete()`; delete each document with `ctx.db.delete("users", doc._id)`', 5, 12, 5, 18)],
         output=m('  const q = ctx.db.query("users");\n  return q.delete();'), name="variable-no-fix"),
    Case('import { DatabaseWriter } from "./_generated/server";\n'
         'export async function clear(db: DatabaseWriter) {\n  await db.query("messages").filter((q) => q.eq(q.field("likes"), 0)).delete();\n}\n',
         [Err('Queries have no `.delete()`; delete each document with `db.delete("messages", doc._id)`', 3, 71, 3, 77)],
         output='import { DatabaseWriter } from "./_generated/server";\n'
         'export async function clear(db: DatabaseWriter) {\n  for await (const doc of db.query("messages").filter((q) => q.eq(q.field("likes"), 0))) {\n'
         '    await db.delete("messages", doc._id);\n  }\n}\n',
         name="db-parameter"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err('Queries have no `.delete()`; delete each document with `ctx.db.delete("messages", doc._id)`', 7, 93, 7, 99)],
                    output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
