import pytest

from convex_lsp.analysis.rules import explicit_table_ids as rule
from tester import Case, Err, assert_invalid, assert_valid

HEAD = 'import { v } from "convex/values";\nimport { mutation, query } from "./_generated/server";\nimport { Id } from "./_generated/dataModel";\n'

AUTH_FIXTURE = """//- convex/lib/functions.ts
import { customMutation } from "convex-helpers/server/customFunctions";
import { mutation } from "../_generated/server";
export const authMutation = customMutation(mutation, {
  args: {},
  input: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Unauthenticated");
    return { ctx: {}, args: {} };
  },
});
//- convex/messages.ts
import { v } from "convex/values";
import { authMutation } from "./lib/functions";
export const remove = authMutation({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    await ctx.db.delete(args.id);
  },
});
"""

VALID = [
    Case(HEAD + 'export const f = query({ args: { id: v.id("messages") }, handler: async (ctx, { id }) => {\n'
         '  const m = await ctx.db.get("messages", id);\n  await ctx.db.query("messages").take(1);\n  return m;\n} });\n', name="explicit-forms"),
    Case(HEAD + 'export const f = mutation({ args: { id: v.id("messages") }, handler: async (ctx, { id }) => {\n'
         '  await ctx.db.patch("messages", id, { likes: 1 });\n  await ctx.db.replace("messages", id, { body: "", author: id as any, channel: "", likes: 0 });\n'
         '  await ctx.db.delete("messages", id);\n} });\n', name="explicit-writes"),
    Case('import { KJUR } from "jsrsasign";\nexport const now = () => KJUR.jws.IntDate.get("now");\n', name="namespace-get"),
    Case('export function param(url: string) {\n  const params = new URLSearchParams(url);\n  return new URLSearchParams(url).get("a") ?? params.get("b");\n}\n', name="urlsearchparams"),
    Case('export const s = "str".replace("a", "b");\nexport const m = new Map<string, number>().get("k");\n', name="string-replace-map-get"),
    Case('export const f = async (ctx: any, id: any) => ctx.db.system.get("_storage", id);\n', name="system-get-explicit"),
    Case('const db = new Map<string, string>();\nexport const f = (k: string) => { db.get(k); db.delete(k); };\n', name="local-map-named-db"),
    Case('import { db } from "./firebase";\nexport const f = (k: string) => db.get(k);\n', name="imported-db-is-not-convex"),
    Case('export const f = (cache: { get(k: string): string }) => cache.get("k");\n', name="unrelated-get-receiver"),
]

INVALID = [
    Case(
        HEAD + 'export async function load(ctx: any, messageId: Id<"messages">) {\n  return await ctx.db.get(messageId);\n}\n',
        [Err('Pass the table name first: ctx.db.get("messages", …)', 5, 23, 5, 26)],
        output=HEAD + 'export async function load(ctx: any, messageId: Id<"messages">) {\n  return await ctx.db.get("messages", messageId);\n}\n',
        name="get-id-annotation",
    ),
    Case(
        HEAD + 'export const edit = mutation({\n  args: { messageId: v.id("messages"), body: v.string() },\n  handler: async (ctx, { messageId, body }) => {\n'
        '    await ctx.db.patch(messageId, { body });\n    await ctx.db.replace(messageId, { body, author: "" as Id<"users">, channel: "", likes: 0 });\n'
        '    await ctx.db.delete(messageId);\n  },\n});\n',
        [
            Err('Pass the table name first: ctx.db.patch("messages", …)', 7, 18, 7, 23),
            Err('Pass the table name first: ctx.db.replace("messages", …)', 8, 18, 8, 25),
            Err('Pass the table name first: ctx.db.delete("messages", …)', 9, 18, 9, 24),
        ],
        output=HEAD + 'export const edit = mutation({\n  args: { messageId: v.id("messages"), body: v.string() },\n  handler: async (ctx, { messageId, body }) => {\n'
        '    await ctx.db.patch("messages", messageId, { body });\n    await ctx.db.replace("messages", messageId, { body, author: "" as Id<"users">, channel: "", likes: 0 });\n'
        '    await ctx.db.delete("messages", messageId);\n  },\n});\n',
        name="patch-replace-delete-destructured-args",
    ),
    Case(
        'import { DatabaseReader, DatabaseWriter } from "./_generated/server";\nimport { Id } from "./_generated/dataModel";\n'
        'export const a = (db: DatabaseReader, id: Id<"users">) => db.get(id);\n'
        'export const b = async (db: DatabaseWriter, id: Id<"users">) => db.delete(id);\n',
        [
            Err('Pass the table name first: db.get("users", …)', 3, 62, 3, 65),
            Err('Pass the table name first: db.delete("users", …)', 4, 68, 4, 74),
        ],
        output='import { DatabaseReader, DatabaseWriter } from "./_generated/server";\nimport { Id } from "./_generated/dataModel";\n'
        'export const a = (db: DatabaseReader, id: Id<"users">) => db.get("users", id);\n'
        'export const b = async (db: DatabaseWriter, id: Id<"users">) => db.delete("users", id);\n',
        name="bare-db-parameters",
    ),
    Case(
        'import { GenericDatabaseReader, GenericDataModel, GenericId } from "convex/server";\n'
        'export function one(reader: GenericDatabaseReader<GenericDataModel>, id: GenericId<"users">) { return reader.get(id); }\n'
        'export function two<DM extends GenericDataModel>(db: GenericDatabaseReader<DM>, id: GenericId<"messages">) { return db.get(id); }\n',
        [
            Err('Pass the table name first: reader.get("users", …)', 2, 110, 2, 113),
            Err('Pass the table name first: db.get("messages", …)', 3, 120, 3, 123),
        ],
        name="generic-reader-parameters",
    ),
    Case(
        'import { Id } from "./_generated/dataModel";\n'
        'export const a = async ({ db }: any, id: any) => db.get(id);\n'
        'export const b = async (ctx: any, id: string) => ctx.db.get(id);\n'
        'export const c = async (ctx: any, id: Id<any>) => ctx.db.get(id);\n',
        [
            Err("Pass the table name as the first argument of db.get(…)", 2, 53, 2, 56),
            Err("Pass the table name as the first argument of ctx.db.get(…)", 3, 57, 3, 60),
            Err("Pass the table name as the first argument of ctx.db.get(…)", 4, 58, 4, 61),
        ],
        output='import { Id } from "./_generated/dataModel";\n'
        'export const a = async ({ db }: any, id: any) => db.get(id);\n'
        'export const b = async (ctx: any, id: string) => ctx.db.get(id);\n'
        'export const c = async (ctx: any, id: Id<any>) => ctx.db.get(id);\n',
        name="no-inference-no-fix",
    ),
    # EP leaves `db.system.get(id)` alone; the catalogue covers it (section 5: an EP gap we fix).
    Case(
        'import { Id } from "./_generated/dataModel";\nexport const url = async (ctx: any, file: Id<"_storage">) => ctx.db.system.get(file);\n',
        [Err('Pass the table name first: ctx.db.system.get("_storage", …)', 2, 76, 2, 79)],
        output='import { Id } from "./_generated/dataModel";\nexport const url = async (ctx: any, file: Id<"_storage">) => ctx.db.system.get("_storage", file);\n',
        name="system-get-is-covered",
    ),
    Case(
        AUTH_FIXTURE,
        [Err('Pass the table name first: ctx.db.delete("messages", …)', 6, 18, 6, 24)],
        output=AUTH_FIXTURE.split("//- convex/messages.ts\n")[1].replace("delete(args.id)", 'delete("messages", args.id)'),
        name="custom-builder-args-member",
    ),
    Case(
        HEAD + 'export const f = mutation({ args: { id: v.id("messages") }, handler: async (ctx, { id }) => {\n'
        '  const m = await ctx.db.get("messages", id);\n  if (!m) return;\n  const author = await ctx.db.get(m.author);\n'
        '  const first = await ctx.db.query("messages").first();\n  if (first) await ctx.db.delete(first._id);\n'
        '  for (const old of await ctx.db.query("messages").take(10)) await ctx.db.delete(old._id);\n'
        '  const uid = await ctx.db.insert("users", { name: "", email: "", tokenIdentifier: "" });\n  await ctx.db.patch(uid, { name: "x" });\n  return author;\n} });\n',
        [
            Err('Pass the table name first: ctx.db.get("users", …)', 7, 31, 7, 34),
            Err('Pass the table name first: ctx.db.delete("messages", …)', 9, 27, 9, 33),
            Err('Pass the table name first: ctx.db.delete("messages", …)', 10, 75, 10, 81),
            Err('Pass the table name first: ctx.db.patch("users", …)', 12, 16, 12, 21),
        ],
        output=HEAD + 'export const f = mutation({ args: { id: v.id("messages") }, handler: async (ctx, { id }) => {\n'
        '  const m = await ctx.db.get("messages", id);\n  if (!m) return;\n  const author = await ctx.db.get("users", m.author);\n'
        '  const first = await ctx.db.query("messages").first();\n  if (first) await ctx.db.delete("messages", first._id);\n'
        '  for (const old of await ctx.db.query("messages").take(10)) await ctx.db.delete("messages", old._id);\n'
        '  const uid = await ctx.db.insert("users", { name: "", email: "", tokenIdentifier: "" });\n  await ctx.db.patch("users", uid, { name: "x" });\n  return author;\n} });\n',
        name="doc-ids-schema-fields-insert",
    ),
]


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(Case(_docs_example("Example"), [
    Err('Pass the table name first: ctx.db.get("messages", …)', 7, 34, 7, 37),
    Err('Pass the table name first: ctx.db.patch("messages", …)', 8, 31, 8, 36),
], output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)


def test_renamed_destructured_db():
    from tester import run_rule

    code = 'import { Id } from "./_generated/dataModel";\nexport const f = async ({ db: database }: any, id: Id<"users">) => database.get(id);\n'
    diags, _, _ = run_rule(rule, Case(code))
    assert [d.message for d in diags] == ['Pass the table name first: database.get("users", …)']
