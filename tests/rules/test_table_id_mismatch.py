import pytest

from convex_lsp.analysis.rules import table_id_mismatch as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { mutation } from "./_generated/server";\nimport { Id } from "./_generated/dataModel";\n'


def m(body: str, args: str = 'id: v.id("messages")') -> str:
    return HEAD + f"export const f = mutation({{ args: {{ {args} }}, handler: async (ctx, args) => {{\n" + body + "\n} });\n"


VALID = [
    Case(m('  const msg = await ctx.db.get("messages", args.id);\n  if (msg) await ctx.db.get("users", msg.author);'), name="matching-tables"),
    Case(m('  return await ctx.db.get("users", args.id);', args="id: v.string()"), name="string-id-unknown"),
    Case(m('  return await ctx.db.get("users", args.id as any);'), name="cast-to-any"),
    Case(m('  return await ctx.db.get("users", args.id);', args='id: v.union(v.id("users"), v.id("messages"))'), name="union-of-ids"),
    Case('export const f = (cache: Map<string, string>, id: string) => cache.get(id);\nexport const g = (m: any) => m.get("users", 1);\n',
         name="non-db-get"),
    Case('export const f = async (ctx: any, file: any) => ctx.db.system.get("_storage", file);\n', name="system-any"),
]

INVALID = [
    Case(m('  return await ctx.db.get("users", args.id);'),
         [Err("'args.id' is an Id<\"messages\">, not an id of table 'users'", 5, 28, 5, 33)],
         output=m('  return await ctx.db.get("messages", args.id);'), name="args-validator"),
    Case(HEAD + 'export async function touch(ctx: any, messageId: Id<"messages">) {\n'
         '  await ctx.db.patch("users", messageId, { name: "x" });\n  await ctx.db.delete("documents", messageId);\n}\n',
         [Err("'messageId' is an Id<\"messages\">, not an id of table 'users'", 5, 23, 5, 28),
          Err("'messageId' is an Id<\"messages\">, not an id of table 'documents'", 6, 24, 6, 33)],
         name="id-annotation-patch-delete"),
    Case(m('  const msg = await ctx.db.get("messages", args.id);\n  if (!msg) return;\n  await ctx.db.replace("messages", msg.author, { name: "", email: "", tokenIdentifier: "" });'),
         [Err("'msg.author' is an Id<\"users\">, not an id of table 'messages'", 7, 25, 7, 33)], name="schema-field-typed-v-id"),
    Case(m('  for (const d of await ctx.db.query("documents").take(5)) await ctx.db.get("users", d._id);'),
         [Err("'d._id' is an Id<\"documents\">, not an id of table 'users'", 5, 78, 5, 83)], name="doc-id-of-queried-table"),
    Case('import { Id } from "./_generated/dataModel";\nexport const f = async (ctx: any, file: Id<"_storage">) => ctx.db.system.get("_scheduled_functions", file);\n',
         [Err("'file' is an Id<\"_storage\">, not an id of table '_scheduled_functions'", 2, 79, 2, 99)], name="system-get"),
    Case('//- convex/lib/functions.ts\nimport { customMutation } from "convex-helpers/server/customFunctions";\nimport { mutation } from "../_generated/server";\n'
         'export const authMutation = customMutation(mutation, { args: {}, input: async (ctx) => ({ ctx: {}, args: {} }) });\n'
         '//- convex/messages.ts\nimport { v } from "convex/values";\nimport { authMutation } from "./lib/functions";\n'
         'export const f = authMutation({ args: { userId: v.id("users") }, handler: async (ctx, { userId }) => ctx.db.delete("messages", userId) });\n',
         [Err("'userId' is an Id<\"users\">, not an id of table 'messages'", 3, 117, 3, 125)], name="custom-builder"),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [Err("'id' is an Id<\"messages\">, not an id of table 'users'", 7, 30, 7, 35)],
                    output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
