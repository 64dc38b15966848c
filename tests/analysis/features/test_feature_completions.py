"""Completion items: `check(fixture, expected labels in sort order)`, rust-analyzer style."""

from __future__ import annotations

import time

import pytest
from feature_fixture import FUNCTIONS, SCHEMA, build

from convex_lsp.analysis.completions import CompletionItem, complete, load_snippets, range_fields
from convex_lsp.analysis.model import IndexDef


def items_at(fixture: str, snippets: bool = True) -> tuple[list[CompletionItem], object]:
    fx = build(fixture)
    items = complete(fx.snap, fx.path, fx.offset, snippets=snippets)
    items.sort(key=lambda i: (i.sort_text or "", i.label))
    return items, fx


def check(fixture: str, expected: list[str], snippets: bool = True) -> list[CompletionItem]:
    items, _ = items_at(fixture, snippets)
    assert [i.label for i in items] == expected
    return items


def fn_file(body: str, name: str = "convex/feature.ts") -> str:
    return SCHEMA + FUNCTIONS + f"//- {name}\n" + body


# --------------------------------------------------------------------------- table names

TABLES = ["users", "channels", "messages", "embeddings"]


@pytest.mark.parametrize(
    "call",
    ['ctx.db.query("$0', 'ctx.db.query("$0")', "ctx.db.query('$0')", 'ctx.db.insert("$0", {})', 'ctx.db.get("$0", id)',
     'ctx.db.patch("$0', 'ctx.db.replace("$0"', 'ctx.db.delete("$0", id)', 'ctx.db.normalizeId("$0", s)',
     'ctx.db\n      .query("$0', 'schema.id("$0")', 'schema.doc("$0")'],
)
def test_table_names_in_db_calls(call):
    items = check(fn_file(f"async function f(ctx: any, id: any, s: string) {{\n  await {call}\n}}\n"), TABLES)
    assert items[0].kind == "table" and items[0].detail == "Convex table"
    assert "`by_token` (tokenIdentifier, _creationTime)" in items[0].documentation
    assert "tokenIdentifier: v.string()" in items[0].documentation


def test_v_id_offers_system_tables_too():
    check(fn_file('const x = v.id("$0");\n'), TABLES + ["_scheduled_functions", "_storage"])


def test_db_system_get_offers_only_system_tables():
    items = check(fn_file('async function f(ctx: any, id: any) {\n  await ctx.db.system.get("$0", id);\n}\n'),
                  ["_scheduled_functions", "_storage"])
    assert "sha256" in items[1].documentation


def test_vector_search_table_then_index():
    items = check(fn_file('async function f(ctx: any) {\n  await ctx.vectorSearch("$0");\n}\n'),
                  ["embeddings", "users", "channels", "messages"])
    assert items[0].label == "embeddings"
    check(fn_file('async function f(ctx: any) {\n  await ctx.vectorSearch("embeddings", "$0");\n}\n'), ["by_vector"])


def test_replace_range_covers_word_inside_quotes_and_closes_unterminated_string():
    items, fx = items_at(fn_file('async function f(ctx: any) {\n  await ctx.db.query("mes$0sages").take(1);\n}\n'))
    it = next(i for i in items if i.label == "messages")
    assert fx.text_at(fx.path, it.replace_range) == "messages"
    assert it.insert_text == "messages"
    items, fx = items_at(fn_file('async function f(ctx: any) {\n  await ctx.db.query("me$0\n}\n'))
    it = next(i for i in items if i.label == "messages")
    assert fx.text_at(fx.path, it.replace_range) == "me"
    assert it.insert_text == 'messages"'


def test_non_ascii_text_before_the_cursor():
    items, fx = items_at(fn_file('// héllo 😀 wörld\nasync function f(ctx: any) {\n  const s = "é😀"; await ctx.db.query("ch$0")\n}\n'))
    it = next(i for i in items if i.label == "channels")
    assert fx.text_at(fx.path, it.replace_range) == "ch"


def test_no_table_completion_in_unrelated_strings():
    check(fn_file('const s = foo("$0");\n'), [])
    check(fn_file('const s = ctx.db.query("a" + "$0");\n'), [])
    check(fn_file('// ctx.db.query("$0\n'), [])
    check(fn_file('const t = `ctx.db.query("$0`;\n'), [])


# --------------------------------------------------------------------------- indexes


def test_with_index_offers_queryable_db_indexes_then_builtins():
    items = check(fn_file('async function f(ctx: any) {\n  await ctx.db.query("messages").withIndex("$0")\n}\n'),
                  ["by_channel", "by_channel_and_author", "by_id", "by_creation_time"])
    assert items[0].kind == "index"
    assert items[0].detail == "index on messages (channelId, _creationTime)"


def test_with_index_multiline_chain_unterminated():
    check(fn_file('async function f(ctx: any) {\n  return await ctx.db\n    .query("users")\n    .withIndex("$0'),
          ["by_token", "by_id", "by_creation_time"])


def test_with_search_index():
    check(fn_file('async function f(ctx: any) {\n  await ctx.db.query("messages").withSearchIndex("$0")\n}\n'), ["search_body"])


def test_with_index_unknown_table_offers_nothing():
    check(fn_file('async function f(ctx: any) {\n  await ctx.db.query("nope").withIndex("$0")\n}\n'), [])


# --------------------------------------------------------------------------- index fields


@pytest.mark.parametrize(
    "code, expected",
    [
        ('withIndex("by_channel_and_author", (q) => q.eq("$0', ["channelId"]),
        ('withIndex("by_channel_and_author", (q) => q.eq("channelId", c).eq("$0', ["authorId"]),
        ('withIndex("by_channel_and_author", (q) => q.eq("channelId", c).eq("authorId", a).gt("$0', ["_creationTime"]),
        ('withIndex("by_channel_and_author", (q) => q.eq("channelId", c).gte("authorId", a).lt("$0', ["authorId"]),
        ('withIndex("by_channel_and_author", (q) => q.eq("channelId", c).gte("authorId", a).eq("$0', []),
        ('withIndex("by_channel_and_author", (q) => q.eq("channelId", c).lt("authorId", a).lte("$0', []),
        ('withIndex("by_channel_and_author", q => q.gt("$0', ["channelId"]),
        ('withIndex("by_channel_and_author", (q) => {\n    return q.eq("$0', ["channelId"]),
        ('withIndex("by_creation_time", (q) => q.gt("$0', ["_creationTime"]),
        ('withIndex("by_author", (q) => q.eq("$0', []),  # staged
        ('withSearchIndex("search_body", (q) => q.search("$0', ["body"]),
        ('withSearchIndex("search_body", (q) => q.search("body", t).eq("$0', ["channelId", "authorId"]),
        ('withSearchIndex("search_body", (q) => q.search("body", t).eq("channelId", c).eq("$0', ["authorId"]),
        ('withSearchIndex("search_body", (q) => q.eq("$0', []),
        ('filter((q) => q.eq(q.field("$0', ["channelId", "authorId", "body", "meta", "score", "meta.likes",
                                            "meta.pinned", "_creationTime", "_id"]),
        ('filter((q) => q.eq("$0', []),
    ],
)
def test_index_fields(code, expected):
    check(fn_file(f'async function f(ctx: any, c: any, a: any, t: any) {{\n  await ctx.db.query("messages").{code}'), expected)


def test_index_field_with_closing_quotes_and_rest_of_line():
    items, fx = items_at(fn_file(
        'async function f(ctx: any, c: any) {\n  await ctx.db.query("messages").withIndex("by_channel_and_author", '
        '(q) => q.eq("channelId", c).eq("$0")).take(1);\n}\n'))
    assert [i.label for i in items] == ["authorId"]
    assert items[0].detail == 'v.id("users")'
    assert items[0].insert_text == "authorId"


def test_vector_search_filter_fields():
    check(fn_file('async function f(ctx: any, v: any) {\n  await ctx.vectorSearch("embeddings", "by_vector", '
                  '{ vector: v, filter: (q) => q.eq("$0") });\n}\n'), ["channelId"])


def test_range_fields_rules():
    ix = IndexDef("by_abc", "db", ("a", "b", "c"))
    assert range_fields(ix, "eq", ()) == ["a"]
    assert range_fields(ix, "eq", (("eq", "a"), ("eq", "b"))) == ["c"]
    assert range_fields(ix, "eq", (("eq", "a"), ("eq", "b"), ("eq", "c"))) == ["_creationTime"]
    assert range_fields(ix, "eq", (("eq", "a"), ("eq", "b"), ("eq", "c"), ("eq", "_creationTime"))) == []
    assert range_fields(ix, "lte", (("eq", "a"), ("gt", "b"))) == ["b"]
    assert range_fields(ix, "gt", (("eq", "a"), ("gt", "b"))) == []
    assert range_fields(ix, "search", ()) == []


# --------------------------------------------------------------------------- document keys


def test_insert_object_keys_not_already_present():
    items = check(fn_file('async function f(ctx: any, c: any) {\n  await ctx.db.insert("messages", { channelId: c, $0 });\n}\n'),
                  ["authorId", "body", "meta", "score"])
    assert items[0].detail == 'v.id("users")'


def test_insert_object_keys_after_cursor_are_excluded():
    check(fn_file('async function f(ctx: any, c: any) {\n  await ctx.db.insert("messages", {\n    $0\n    body: "x",\n'
                  '    meta: { likes: 1 },\n  });\n}\n'), ["channelId", "authorId", "score"])


def test_patch_and_replace_keys_and_nested_objects():
    check(fn_file('async function f(ctx: any, id: any) {\n  await ctx.db.patch("users", id, { na$0 });\n}\n'),
          ["name", "tokenIdentifier", "email"])
    check(fn_file('async function f(ctx: any, id: any) {\n  await ctx.db.replace("messages", id, { meta: { $0 } });\n}\n'),
          ["likes", "pinned"])


def test_no_keys_for_unrelated_objects():
    check(fn_file('const o = foo("messages", { $0 });\n'), [])
    check(fn_file('async function f(ctx: any) {\n  await ctx.db.insert(tableVar, { $0 });\n}\n'), [])


# --------------------------------------------------------------------------- schema index fields


def test_schema_index_field_list():
    fixture = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  posts: defineTable({
    title: v.string(),
    authorId: v.id("users"),
    stats: v.object({ views: v.number() }),
  }).index("by_author", ["authorId", "$0"]),
  users: defineTable({ name: v.string() }),
});
"""
    check(fixture, ["title", "stats", "stats.views"])


def test_schema_index_fields_while_typing_and_search_index():
    base = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const postsTable = defineTable({
  title: v.string(),
  tags: v.array(v.string()),
  embedding: v.array(v.float64()),
})
"""
    check(base + '  .index("by_title", ["$0', ["title", "tags", "embedding"])
    check(base + '  .index("by_title", { fields: ["t$0"] })', ["title", "tags", "embedding"])
    items = check(base + '  .searchIndex("search_title", { searchField: "$0" })', ["title", "tags", "embedding"])
    assert items[0].label == "title"
    items = check(base + '  .vectorIndex("by_embedding", { vectorField: "$0", dimensions: 2 })', ["tags", "embedding", "title"])


# --------------------------------------------------------------------------- function references


def test_api_offers_modules_with_public_functions():
    items = check(fn_file("const r = api.$0\n"), ["admin", "messages"])
    assert all(i.kind == "module" for i in items)
    check(fn_file("const r = api.messages.$0\n"), ["list", "send", "summarize"])
    check(fn_file("const r = internal.messages.$0\n"), ["count", "notify"])
    check(fn_file("const r = internal.$0\n"), ["admin", "messages"])
    check(fn_file("const r = api.admin.$0\n"), ["tools"])
    items = check(fn_file("const r = api.admin.tools.$0\n"), ["stats"])
    assert items[0].kind == "function" and items[0].detail == "query (public)"


def test_references_are_filtered_by_what_the_caller_accepts():
    check(fn_file("async function f(ctx: any) {\n  await ctx.runQuery(api.messages.$0\n}\n"), ["list"])
    check(fn_file("async function f(ctx: any) {\n  await ctx.runMutation(api.messages.$0, {})\n}\n"), ["send"])
    check(fn_file("async function f(ctx: any) {\n  await ctx.runAction(api.messages.$0\n}\n"), ["summarize"])
    check(fn_file("async function f(ctx: any) {\n  await ctx.scheduler.runAfter(0, internal.messages.$0\n}\n"), ["notify"])
    check(fn_file("async function f(ctx: any) {\n  await ctx.runQuery(internal.$0)\n}\n"), ["messages"])
    check(fn_file("async function f(ctx: any) {\n  await ctx.runMutation(internal.$0)\n}\n"), ["admin", "messages"])


def test_partial_segment_and_replace_range():
    items, fx = items_at(fn_file("const r = api.messages.li$0st;\n"))
    it = next(i for i in items if i.label == "list")
    assert fx.text_at(fx.path, it.replace_range) == "list"
    assert "args: { channelId: v.id(\"channels\") }" in it.documentation


def test_client_code_outside_convex_dir():
    fixture = SCHEMA + FUNCTIONS + """\
//- src/App.tsx
import { useQuery, useMutation } from "convex/react";
import { api } from "../convex/_generated/api";

export function App() {
  const messages = useQuery(api.messages.$0, { channelId: "x" });
  return <div>{messages?.length} messages — ünïcode ✓</div>;
}
"""
    check(fixture, ["list"])


def test_ref_roots_prefer_internal_inside_convex():
    check(fn_file("async function f(ctx: any) {\n  await ctx.runQuery($0)\n}\n"), ["internal", "api"])
    fixture = SCHEMA + FUNCTIONS + "//- src/client.ts\nconst x = useQuery($0);\n"
    check(fixture, ["api"])


def test_crons_reference_targets_mutations_and_actions():
    fixture = SCHEMA + FUNCTIONS + """\
//- convex/crons.ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
const crons = cronJobs();
crons.interval("tick", { minutes: 5 }, internal.messages.$0);
export default crons;
"""
    check(fixture, ["notify"])


# --------------------------------------------------------------------------- validators and snippets


def test_validator_builders_as_snippets():
    items = check(fn_file("const x = v.$0"), [
        "string", "number", "float64", "int64", "boolean", "null", "id", "object", "array", "union", "literal",
        "optional", "nullable", "record", "any", "bytes", "bigint"])
    vid = next(i for i in items if i.label == "id")
    assert vid.insert_text_is_snippet and vid.insert_text == 'id("${1}")$0' and vid.detail == "v.id(tableName)"
    items, _ = items_at(fn_file("const x = v.$0"), snippets=False)
    vid = next(i for i in items if i.label == "id")
    assert not vid.insert_text_is_snippet and vid.insert_text == "id"


def test_not_a_validator_receiver():
    check(fn_file("const x = foo.v.$0"), [])
    check(fn_file("const x = ctx.db.$0"), [])


def test_snippets_at_statement_start():
    loaded = load_snippets()
    assert loaded, "the snippets must ship in convex_lsp.snippets"
    items, _ = items_at(fn_file("\ncx$0\n"))
    labels = {i.label for i in items}
    assert {"cxquery", "cxmutation"} <= labels
    assert all(i.kind == "snippet" and i.insert_text_is_snippet for i in items)
    items, _ = items_at(fn_file("\ncx$0\n"), snippets=False)
    assert items == []
    # in a handler body: statements only (no `export const ...`)
    items, _ = items_at(fn_file("async function f(ctx: any) {\n  cx$0\n}\n"))
    labels = {i.label for i in items}
    assert "cxquery" not in labels and "cxauth" in labels
    # not in the middle of an expression
    check(fn_file("const a = cx$0\n"), [])


def test_chain_and_schema_entry_snippets():
    assert load_snippets(), "the snippets must ship in convex_lsp.snippets"
    items, fx = items_at("""\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  posts: defineTable({ title: v.string() }).$0
});
""")
    assert {"cxindex", "cxsearchindex"} <= {i.label for i in items}
    assert fx.text_at(fx.path, items[0].replace_range) == "."
    items, _ = items_at("""\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
export default defineSchema({
  $0
});
""")
    assert "cxtable" in {i.label for i in items}


# --------------------------------------------------------------------------- scope and speed


def test_nothing_outside_a_convex_root():
    fx = build('//- convex.json\n{"functions": "convex/"}\n//- other/x.ts\nctx.db.query("$0")\n')
    assert complete(fx.snap, fx.path, fx.offset) == []


def test_completion_is_fast_on_a_large_file():
    handlers = "".join(
        f"export const q{i} = query({{\n  args: {{ id: v.id(\"messages\") }},\n  handler: async (ctx, args) => {{\n"
        f"    const rows = await ctx.db.query(\"messages\").withIndex(\"by_channel\", (q) => q.eq(\"channelId\", args.id as any)).take({i});\n"
        f"    return rows.map((r) => r.body + \"é😀\");\n  }},\n}});\n\n"
        for i in range(600)
    )
    body = handlers + 'export const last = query({\n  args: {},\n  handler: async (ctx) => {\n    return await ctx.db.query("messages").withIndex("by_channel_and_author", (q) => q.eq("channelId", x).eq("$0'
    fx = build(fn_file('import { query } from "./_generated/server";\nimport { v } from "convex/values";\n' + body, "convex/big.ts"))
    snap = fx.snap
    assert len(fx.files[fx.path]) > 150_000
    complete(snap, fx.path, fx.offset)  # warm the model
    t0 = time.perf_counter()
    for _ in range(10):
        items = complete(snap, fx.path, fx.offset)
    per_call = (time.perf_counter() - t0) / 10
    assert [i.label for i in items] == ["authorId"]
    assert per_call < 0.02, per_call
