"""Hover, definition, references, rename and symbols over multi-file fixtures."""

from __future__ import annotations

import pytest
from feature_fixture import FUNCTIONS, SCHEMA, build

from convex_lsp.analysis.diagnostics import apply_edits
from convex_lsp.analysis.navigation import (
    definition,
    document_symbols,
    hover,
    prepare_rename,
    references,
    rename,
    workspace_symbols,
)

EXTRA = """\
//- convex/crons.ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
const crons = cronJobs();
crons.interval("notify often", { minutes: 5 }, internal.messages.notify, { id: "x" as any });
export default crons;
//- convex/http.ts
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";
const http = httpRouter();
http.route({ path: "/hook", method: "POST", handler: httpAction(async () => new Response("ok")) });
export default http;
//- convex/helpers.ts
import type { Id, Doc } from "./_generated/dataModel";
export function title(m: Doc<"messages">, id: Id<"messages">): string {
  return `${m.body} — ${id}`; // ünïcödé 😀
}
//- src/App.tsx
import { useQuery } from "convex/react";
import { api } from "../convex/_generated/api";
export function App() {
  const rows = useQuery(api.messages.list, { channelId: "c" as any });
  return <p>{rows?.length} — ✓</p>;
}
"""


def project(cursor_file: str, body: str) -> str:
    """SCHEMA + FUNCTIONS + EXTRA with `body` replacing (or adding) `cursor_file`."""
    base = SCHEMA + FUNCTIONS + EXTRA
    marker = f"//- {cursor_file}\n"
    if marker in base:
        start = base.index(marker)
        end = base.find("//- ", start + len(marker))
        base = base[:start] + base[end if end >= 0 else len(base) :]
    return base + marker + body


def at(fixture: str):
    fx = build(fixture)
    return fx, fx.snap


def with_cursor(file: str, needle: str, delta: int = 1, base: str | None = None) -> str:
    """The fixture with `$0` inserted `delta` characters into the first `needle` of `file`."""
    text = base or (SCHEMA + FUNCTIONS + EXTRA)
    marker = f"//- {file}\n"
    start = text.index(marker) + len(marker)
    i = text.index(needle, start) + delta
    return text[:i] + "$0" + text[i:]


def loc_strings(fx, locs) -> list[str]:
    """`path:line:text` for each location, sorted."""
    return sorted(f"{fx.rel(p)}:{fx.line_of(p, r.start)}:{fx.text_at(p, r)}" for p, r in locs)


# --------------------------------------------------------------------------- hover


def test_hover_table_string():
    fx, snap = at(with_cursor("convex/messages.ts", '"messages"'))
    h = hover(snap, fx.path, fx.offset)
    assert h is not None and fx.text_at(fx.path, h.range) == '"messages"'
    assert h.markdown.startswith("**table** `messages`")
    assert "meta: v.object({ likes: v.number(), pinned: v.optional(v.boolean()) })," in h.markdown
    assert "- `by_author` (authorId, _creationTime) — *staged, not queryable yet*" in h.markdown
    assert "- `search_body` search on `body`, filters `channelId`, `authorId`" in h.markdown
    assert "Defined in `convex/schema.ts`." in h.markdown


def test_hover_index_field_and_function():
    fx, snap = at(with_cursor("convex/messages.ts", '"by_channel"'))
    assert hover(snap, fx.path, fx.offset).markdown == "**index** `by_channel` on `messages`\n\n(channelId, _creationTime)"
    fx, snap = at(with_cursor("convex/messages.ts", '"channelId", args'))
    assert hover(snap, fx.path, fx.offset).markdown.startswith('**field** `messages.channelId`\n\n```ts\nchannelId: v.id("channels")')
    fx, snap = at(with_cursor("convex/messages.ts", "internal.messages.notify", delta=20))
    md = hover(snap, fx.path, fx.offset).markdown
    assert md.startswith("**mutation** `internal.messages.notify` — internal")
    assert 'args: { id: v.id("messages") }' in md and "export `notify` in `convex/messages.ts`" in md


def test_hover_on_schema_key_and_export_name():
    fx, snap = at(with_cursor("convex/schema.ts", "channels: defineTable", delta=2))
    assert hover(snap, fx.path, fx.offset).markdown.startswith("**table** `channels`")
    fx, snap = at(with_cursor("convex/messages.ts", "send = mutation", delta=1))
    assert hover(snap, fx.path, fx.offset).markdown.startswith("**mutation** `api.messages.send` — public")


def test_hover_nested_field_and_system_table():
    body = ('import { query } from "./_generated/server";\nexport const q = query({ args: {}, handler: async (ctx) => {\n'
            '  await ctx.db.query("messages").filter((q) => q.eq(q.field("meta.likes"), 1)).collect();\n'
            '  return await ctx.db.system.get("_storage", "x" as any);\n} });\n')
    fx, snap = at(with_cursor("convex/extra.ts", '"meta.likes"', base=project("convex/extra.ts", body)))
    assert "meta.likes: v.number()" in hover(snap, fx.path, fx.offset).markdown
    fx, snap = at(with_cursor("convex/extra.ts", '"_storage"', base=project("convex/extra.ts", body)))
    assert hover(snap, fx.path, fx.offset).markdown.startswith("**system table** `_storage`")


def test_hover_unknown_things():
    body = 'export async function f(ctx: any) {\n  await ctx.db.query("nope").withIndex("by_x").take(1);\n}\n'
    fx, snap = at(with_cursor("convex/extra.ts", '"nope"', base=project("convex/extra.ts", body)))
    assert "not defined in the schema" in hover(snap, fx.path, fx.offset).markdown
    fx, snap = at(with_cursor("convex/extra.ts", "ctx.db", delta=1, base=project("convex/extra.ts", body)))
    assert hover(snap, fx.path, fx.offset) is None


# --------------------------------------------------------------------------- definition


@pytest.mark.parametrize(
    "file, needle, delta, expected",
    [
        ("convex/messages.ts", '"messages"', 3, ["convex/schema.ts:14:messages"]),
        ("convex/messages.ts", 'v.id("channels")', 7, ["convex/schema.ts:10:channels"]),
        ("convex/messages.ts", '"by_channel"', 1, ['convex/schema.ts:21:"by_channel"']),
        ("convex/messages.ts", '"channelId", args', 1, ["convex/schema.ts:15:channelId"]),
        ("convex/messages.ts", "internal.messages.notify", 20, ["convex/messages.ts:25:notify"]),
        ("convex/crons.ts", "internal.messages.notify", 2, ["convex/messages.ts:25:notify"]),
        ("src/App.tsx", "api.messages.list", 14, ["convex/messages.ts:5:list"]),
        ("convex/messages.ts", "{ score: 1 }", 3, ["convex/schema.ts:19:score"]),
        ("convex/schema.ts", '["channelId", "authorId"]', 14, ["convex/schema.ts:16:authorId"]),
        ("convex/schema.ts", 'searchField: "body"', 15, ["convex/schema.ts:17:body"]),
    ],
)
def test_definition(file, needle, delta, expected):
    fx, snap = at(with_cursor(file, needle, delta))
    assert loc_strings(fx, definition(snap, fx.path, fx.offset)) == expected


def test_definition_of_table_defined_as_const_in_another_file():
    fixture = """\
//- convex/tables.ts
import { defineTable } from "convex/server";
import { v } from "convex/values";
export const postsTable = defineTable({ title: v.string() }).index("by_title", ["title"]);
//- convex/schema.ts
import { defineSchema } from "convex/server";
import { postsTable } from "./tables";
export default defineSchema({ posts: postsTable });
//- convex/posts.ts
export async function f(ctx: any) {
  return await ctx.db.query("po$0sts").withIndex("by_title").collect();
}
"""
    fx, snap = at(fixture)
    assert loc_strings(fx, definition(snap, fx.path, fx.offset)) == ["convex/schema.ts:3:posts"]
    fx, snap = at(fixture.replace("po$0sts", "posts").replace('"by_title")', '"by_$0title")'))
    assert loc_strings(fx, definition(snap, fx.path, fx.offset)) == ['convex/tables.ts:3:"by_title"']


# --------------------------------------------------------------------------- references


def test_references_table_across_files_including_types_and_schema():
    fx, snap = at(with_cursor("convex/messages.ts", '"messages"'))
    refs = loc_strings(fx, references(snap, fx.path, fx.offset))
    assert refs == sorted([
        "convex/schema.ts:14:messages",
        'convex/messages.ts:9:"messages"',
        'convex/messages.ts:17:"messages"',
        'convex/messages.ts:19:"messages"',
        'convex/messages.ts:26:"messages"',
        'convex/messages.ts:28:"messages"',
        'convex/messages.ts:34:"messages"',
        'convex/helpers.ts:2:"messages"',
        'convex/helpers.ts:2:"messages"',
    ])
    without = references(snap, fx.path, fx.offset, include_declaration=False)
    assert len(without) == len(refs) - 1


def test_references_function_from_declaration_find_crons_and_client():
    fx, snap = at(with_cursor("convex/messages.ts", "list = query", delta=1))
    assert loc_strings(fx, references(snap, fx.path, fx.offset)) == [
        "convex/messages.ts:5:list", "src/App.tsx:4:api.messages.list"]
    fx, snap = at(with_cursor("convex/messages.ts", "notify = internalMutation", delta=0))
    assert loc_strings(fx, references(snap, fx.path, fx.offset, include_declaration=False)) == [
        "convex/crons.ts:4:internal.messages.notify", "convex/messages.ts:20:internal.messages.notify"]


def test_references_index_and_field():
    fx, snap = at(with_cursor("convex/schema.ts", '"by_channel"'))
    assert loc_strings(fx, references(snap, fx.path, fx.offset)) == [
        'convex/messages.ts:10:"by_channel"', 'convex/schema.ts:21:"by_channel"']
    fx, snap = at(with_cursor("convex/schema.ts", "channelId: v.id", delta=0, base=SCHEMA + FUNCTIONS))
    refs = loc_strings(fx, references(snap, fx.path, fx.offset))
    assert refs == sorted([
        "convex/schema.ts:15:channelId", 'convex/schema.ts:21:"channelId"', 'convex/schema.ts:22:"channelId"',
        'convex/schema.ts:24:"channelId"', 'convex/messages.ts:10:"channelId"', "convex/messages.ts:19:channelId",
    ])


# --------------------------------------------------------------------------- rename


def apply(fx, edits) -> dict[str, str]:
    by_path: dict[str, list] = {}
    for e in edits:
        by_path.setdefault(e.path, []).append(e)
    return {fx.rel(p): apply_edits(fx.files[p], es).decode("utf-8") for p, es in by_path.items()}


def test_rename_table_everywhere_keeping_quotes():
    fx, snap = at(with_cursor("convex/messages.ts", '"messages"', delta=4))
    rng = prepare_rename(snap, fx.path, fx.offset)
    assert fx.text_at(fx.path, rng) == "messages"
    edits = rename(snap, fx.path, fx.offset, "posts")
    out = apply(fx, edits)
    assert "  posts: defineTable({" in out["convex/schema.ts"]
    assert 'v.id("messages")' not in out["convex/messages.ts"] and 'ctx.db.insert("posts", {' in out["convex/messages.ts"]
    assert 'Doc<"posts">, id: Id<"posts">' in out["convex/helpers.ts"]
    assert all(e.new_text == "posts" for e in edits)


def test_rename_shorthand_schema_key():
    fixture = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
const posts = defineTable({ title: v.string() });
export default defineSchema({ posts });
//- convex/posts.ts
export const f = async (ctx: any) => ctx.db.query("po$0sts").collect();
"""
    fx, snap = at(fixture)
    out = apply(fx, rename(snap, fx.path, fx.offset, "articles"))
    assert "defineSchema({ articles: posts })" in out["convex/schema.ts"]
    assert 'query("articles")' in out["convex/posts.ts"]


def test_rename_index():
    fx, snap = at(with_cursor("convex/messages.ts", '"by_channel"', delta=3))
    out = apply(fx, rename(snap, fx.path, fx.offset, "by_channel_id"))
    assert '.index("by_channel_id", ["channelId"])' in out["convex/schema.ts"]
    assert '.withIndex("by_channel_id", (q)' in out["convex/messages.ts"]
    assert '"by_channel_and_author"' in out["convex/schema.ts"]


def test_rename_function_rewrites_last_segment_and_declaration():
    fx, snap = at(with_cursor("convex/crons.ts", "internal.messages.notify", delta=20))
    rng = prepare_rename(snap, fx.path, fx.offset)
    assert fx.text_at(fx.path, rng) == "notify"
    out = apply(fx, rename(snap, fx.path, fx.offset, "notifyLater"))
    assert "internal.messages.notifyLater, { id:" in out["convex/crons.ts"]
    assert "export const notifyLater = internalMutation({" in out["convex/messages.ts"]
    assert "runAfter(0, internal.messages.notifyLater, { id })" in out["convex/messages.ts"]


def test_rename_function_exported_by_name_keeps_local():
    fixture = SCHEMA + """\
//- convex/jobs.ts
import { internalMutation } from "./_generated/server";
const run = internalMutation({ args: {}, handler: async () => null });
export { run };
//- convex/crons.ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
const crons = cronJobs();
crons.hourly("job", { minuteUTC: 5 }, internal.jobs.r$0un);
export default crons;
"""
    fx, snap = at(fixture)
    out = apply(fx, rename(snap, fx.path, fx.offset, "execute"))
    assert "export { run as execute };" in out["convex/jobs.ts"]
    assert "internal.jobs.execute)" in out["convex/crons.ts"]


@pytest.mark.parametrize(
    "file, needle, delta, new, message",
    [
        ("convex/messages.ts", '"messages"', 2, "2bad", "not a valid identifier"),
        ("convex/messages.ts", '"messages"', 2, "_hidden", "must not start with `_`"),
        ("convex/messages.ts", '"messages"', 2, "users", "already exists"),
        ("convex/messages.ts", '"by_channel"', 2, "by_id", "reserved index name"),
        ("convex/messages.ts", '"by_channel"', 2, "search_body", "already has an index"),
        ("convex/messages.ts", "internal.messages.notify", 20, "count", "already exports"),
        ("convex/messages.ts", "internal.messages.notify", 20, "delete", "reserved word"),
        ("convex/messages.ts", "internal.messages.notify", 10, "x", "last segment"),
        ("convex/messages.ts", '"channelId", args', 2, "chan", "not supported"),
    ],
)
def test_rename_refusals(file, needle, delta, new, message):
    fx, snap = at(with_cursor(file, needle, delta))
    result = rename(snap, fx.path, fx.offset, new)
    assert isinstance(result, str) and message in result


def test_prepare_rename_none_for_builtin_index_and_fields():
    body = 'export async function f(ctx: any) {\n  return ctx.db.query("users").withIndex("by_creation_time").collect();\n}\n'
    fx, snap = at(with_cursor("convex/extra.ts", '"by_creation_time"', base=project("convex/extra.ts", body)))
    assert prepare_rename(snap, fx.path, fx.offset) is None
    fx, snap = at(with_cursor("convex/messages.ts", '"channelId", args'))
    assert prepare_rename(snap, fx.path, fx.offset) is None


def test_rename_from_a_variable_that_only_holds_the_table_or_function_is_refused():
    """The editor shows the word under the cursor as what gets renamed: from `msgTable` (holding
    table `messages`) or from `helper` (exported as `exportedHelper`) the rename would change the
    other name, so it is refused there (and allowed where that name is written)."""
    fixture = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
const msg$0Table = defineTable({ body: v.string() });
export default defineSchema({ posts: msgTable });
//- convex/posts.ts
export const f = async (ctx: any) => ctx.db.query("posts").collect();
"""
    fx, snap = at(fixture)
    assert prepare_rename(snap, fx.path, fx.offset) is None
    result = rename(snap, fx.path, fx.offset, "fooTable")
    assert isinstance(result, str) and result.startswith("`msgTable` is not the name of table `posts`")
    fixture = SCHEMA + """\
//- convex/jobs.ts
import { internalQuery } from "./_generated/server";
const hel$0per = internalQuery({ args: {}, handler: async () => null });
export { helper as exportedHelper };
"""
    fx, snap = at(fixture)
    assert prepare_rename(snap, fx.path, fx.offset) is None
    assert isinstance(rename(snap, fx.path, fx.offset, "help3"), str)
    fx, snap = at(fixture.replace("hel$0per", "helper").replace("exportedHelper", "exported$0Helper"))
    assert fx.text_at(fx.path, prepare_rename(snap, fx.path, fx.offset)) == "exportedHelper"


def test_rename_same_name_is_a_no_op():
    fx, snap = at(with_cursor("convex/messages.ts", '"by_channel"', delta=3))
    assert rename(snap, fx.path, fx.offset, "by_channel") == []


# --------------------------------------------------------------------------- symbols


def test_document_symbols_of_schema():
    fx, snap = at(SCHEMA + FUNCTIONS)
    path = "/proj/convex/schema.ts"
    syms = document_symbols(snap, path)
    assert [s.name for s in syms] == ["users", "channels", "messages", "embeddings"]
    msgs = syms[2]
    assert msgs.kind == "struct" and msgs.detail == "table"
    assert [(c.name, c.kind) for c in msgs.children] == [
        ("channelId", "field"), ("authorId", "field"), ("body", "field"), ("meta", "field"), ("score", "field"),
        ("by_channel", "key"), ("by_channel_and_author", "key"), ("by_author", "key"), ("search_body", "key")]
    assert fx.text_at(path, msgs.selection_range) == "messages"
    assert fx.text_at(path, msgs.range).startswith("messages: defineTable({")
    assert msgs.children[5].detail == "(channelId, _creationTime)"
    meta = msgs.children[3]
    assert [c.name for c in meta.children] == ["likes", "pinned"]  # meta: v.object({ … }), nested under its field


def test_document_symbols_of_modules_http_and_crons():
    fx, snap = at(SCHEMA + FUNCTIONS + EXTRA)
    syms = document_symbols(snap, "/proj/convex/messages.ts")
    assert [(s.name, s.detail) for s in syms] == [
        ("list", "query (public)"), ("send", "mutation (public)"), ("notify", "mutation (internal)"),
        ("count", "query (internal)"), ("summarize", "action (public)")]
    assert fx.text_at("/proj/convex/messages.ts", syms[0].range).startswith("export const list = query({")
    assert [(s.name, s.kind) for s in document_symbols(snap, "/proj/convex/http.ts")] == [("POST /hook", "method")]
    assert [(s.name, s.kind) for s in document_symbols(snap, "/proj/convex/crons.ts")] == [("notify often", "event")]


def test_workspace_symbols():
    fx, snap = at(SCHEMA + FUNCTIONS + EXTRA)
    got = {(s.name, s.kind, s.container_name) for s in workspace_symbols(snap, "msg")}
    assert ("messages", "struct", "table") in got
    got = {(s.name, s.kind, s.container_name) for s in workspace_symbols(snap, "BYCHAN")}
    assert got == {("by_channel", "key", "messages"), ("by_channel_and_author", "key", "messages")}
    got = {(s.name, s.container_name) for s in workspace_symbols(snap, "purge")}
    assert got == {("purge", "internal.admin.tools")}
    s = next(x for x in workspace_symbols(snap, "summarize"))
    assert fx.text_at(s.path, s.range) == "summarize"


def test_everything_is_empty_outside_a_root():
    fx = build('//- app/convex.json\n{"functions": "convex/"}\n//- app/convex/a.ts\nexport const a = 1;\n'
               '//- scripts/x.ts\nconst y = api.a.b; ctx.db.query("t$0");\n')
    snap, path, off = fx.snap, fx.path, fx.offset
    assert snap.root_for(path) is None
    assert hover(snap, path, off) is None
    assert definition(snap, path, off) == [] and references(snap, path, off) == []
    assert prepare_rename(snap, path, off) is None and document_symbols(snap, path) == []


def test_module_reference_hover_and_definition():
    body = "import { api } from \"./_generated/api\";\nexport const refs = [api.messages, api.admin];\n"
    fx, snap = at(with_cursor("convex/extra.ts", "api.messages", delta=6, base=project("convex/extra.ts", body)))
    md = hover(snap, fx.path, fx.offset).markdown
    assert md.startswith("**module** `api.messages`") and "- `api.messages.list` (query)" in md
    assert [(fx.rel(p), r.start) for p, r in definition(snap, fx.path, fx.offset)] == [("convex/messages.ts", 0)]
    fx, snap = at(with_cursor("convex/extra.ts", "api.admin", delta=6, base=project("convex/extra.ts", body)))
    assert definition(snap, fx.path, fx.offset) == []  # a directory


def test_an_aliased_api_import_is_followed():
    """`import { api as A }`: `A.posts.send` is a use of `api.posts.send` (references, and the
    function counts as called by client code)."""
    fixture = """\
//- convex/posts.ts
import { mutation } from "./_generated/server";
export const se$0nd = mutation({ args: {}, handler: async () => null });
//- src/App.tsx
import { useMutation } from "convex/react";
import { api as A } from "../convex/_generated/api";
export const App = () => useMutation(A.posts.send);
"""
    fx, snap = at(fixture)
    assert sorted(loc_strings(fx, references(snap, fx.path, fx.offset, True))) == ["convex/posts.ts:2:send", "src/App.tsx:3:A.posts.send"]
    out = apply(fx, rename(snap, fx.path, fx.offset, "post"))
    assert "useMutation(A.posts.post)" in out["src/App.tsx"]


def test_string_function_references_are_references_and_renamed():
    """`makeFunctionReference("posts:purge")` names the function as a string: references list it
    and a rename rewrites it (else it would point at nothing and fail at run time)."""
    fixture = """\
//- convex/posts.ts
import { internalMutation } from "./_generated/server";
import { makeFunctionReference } from "convex/server";
export const pur$0ge = internalMutation({ args: {}, handler: async () => null });
export const later = internalMutation({ args: {}, handler: async (ctx) => {
  await ctx.scheduler.runAfter(0, makeFunctionReference<"mutation">("posts:purge"), {});
  await ctx.scheduler.runAfter(0, makeFunctionReference<"mutation">("posts:purgeAll"), {});
} });
"""
    fx, snap = at(fixture)
    locs = loc_strings(fx, references(snap, fx.path, fx.offset, True))
    assert "convex/posts.ts:5:purge" in locs and len(locs) == 2, locs
    out = apply(fx, rename(snap, fx.path, fx.offset, "wipe"))
    assert 'makeFunctionReference<"mutation">("posts:wipe")' in out["convex/posts.ts"]
    assert 'makeFunctionReference<"mutation">("posts:purgeAll")' in out["convex/posts.ts"]
    assert "export const wipe = internalMutation(" in out["convex/posts.ts"]


def test_document_symbols_show_a_table_held_in_a_const_once():
    fixture = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
const msgTable = defineTable({ body: v.string() });
export default defineSchema({ messages: msgTable });
"""
    fx, snap = at(fixture + "//- convex/x.ts\nexport const y = $01;\n")
    syms = document_symbols(snap, "/proj/convex/schema.ts")
    assert [(s.name, [c.name for c in s.children]) for s in syms] == [("messages", ["body"])]


def test_references_of_a_nested_field_start_at_its_own_declaration():
    fixture = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ messages: defineTable({ meta: v.optional(v.object({ pin$0ned: v.boolean() })) }) });
//- convex/m.ts
export const f = async (ctx: any) => ctx.db.query("messages").filter((q: any) => q.eq(q.field("meta.pinned"), true)).take(1);
"""
    fx, snap = at(fixture)
    assert sorted(loc_strings(fx, references(snap, fx.path, fx.offset, True))) == ['convex/m.ts:1:"meta.pinned"', "convex/schema.ts:3:pinned"]
    m = fx.path.replace("schema.ts", "m.ts")
    use = snap.text(m).index(b"meta.pinned") + 6
    assert loc_strings(fx, definition(snap, m, use)) == ["convex/schema.ts:3:pinned"]
