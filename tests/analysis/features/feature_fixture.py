"""rust-analyzer style fixtures for the editor features.

A fixture is one string holding several files:

    //- convex/schema.ts
    export default defineSchema({ ... });
    //- convex/messages.ts
    ... ctx.db.query("$0") ...

Paths are relative to a virtual project `/proj`; a `package.json` depending on `convex` is added
unless the fixture has one (or a `convex.json`). `$0` marks the cursor (at most one per fixture).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from convex_lsp.analysis.discovery import SOURCE_EXTENSIONS, find_roots
from convex_lsp.analysis.host import AnalysisHost

ROOT = "/proj"
CURSOR = "$0"
PACKAGE_JSON = json.dumps({"name": "fixture", "dependencies": {"convex": "^1.48.0"}})


@dataclass
class Fixture:
    host: AnalysisHost
    files: dict[str, bytes]  # absolute path → bytes (cursor marker removed)
    cursor: tuple[str, int] | None  # (path, byte offset)

    @property
    def snap(self):
        return self.host.snapshot()

    @property
    def path(self) -> str:
        assert self.cursor is not None, "fixture has no $0"
        return self.cursor[0]

    @property
    def offset(self) -> int:
        assert self.cursor is not None, "fixture has no $0"
        return self.cursor[1]

    def text_at(self, path: str, rng) -> str:
        return self.files[path][rng.start : rng.end].decode("utf-8")

    def rel(self, path: str) -> str:
        return path[len(ROOT) + 1 :] if path.startswith(ROOT + "/") else path

    def line_of(self, path: str, offset: int) -> int:
        """1-based line of a byte offset."""
        return self.files[path].count(b"\n", 0, offset) + 1


def parse_fixture(text: str) -> tuple[dict[str, str], tuple[str, int] | None]:
    text = textwrap.dedent(text)
    files: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines(keepends=True):
        if line.startswith("//- "):
            current = f"{ROOT}/{line[4:].strip()}"
            files[current] = []
            continue
        if current is None:
            if line.strip():
                current = f"{ROOT}/convex/main.ts"
                files[current] = []
            else:
                continue
        files[current].append(line)
    out: dict[str, str] = {}
    cursor = None
    for path, lines in files.items():
        body = "".join(lines)
        if CURSOR in body:
            assert cursor is None, "more than one $0"
            before, after = body.split(CURSOR, 1)
            cursor = (path, len(before.encode("utf-8")))
            body = before + after
        out[path] = body
    return out, cursor


def build(text: str) -> Fixture:
    sources, cursor = parse_fixture(text)
    if not any(p.endswith(("/package.json", "/convex.json")) for p in sources):
        sources[f"{ROOT}/package.json"] = PACKAGE_JSON
    data = {p: s.encode("utf-8") for p, s in sources.items()}
    roots = find_roots(list(data), lambda p: data[p].decode("utf-8") if p in data else None)
    host = AnalysisHost()
    host.set_roots(roots)
    for p, b in data.items():
        if p.endswith(SOURCE_EXTENSIONS):
            host.set_file(p, b)
    return Fixture(host, data, cursor)


SCHEMA = """\
//- convex/schema.ts
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({
    name: v.string(),
    email: v.optional(v.string()),
    tokenIdentifier: v.string(),
  }).index("by_token", ["tokenIdentifier"]),
  channels: defineTable({
    name: v.string(),
    ownerId: v.id("users"),
  }).index("by_owner_and_name", ["ownerId", "name"]),
  messages: defineTable({
    channelId: v.id("channels"),
    authorId: v.id("users"),
    body: v.string(),
    meta: v.object({ likes: v.number(), pinned: v.optional(v.boolean()) }),
    score: v.optional(v.number()),
  })
    .index("by_channel", ["channelId"])
    .index("by_channel_and_author", ["channelId", "authorId"])
    .index("by_author", { fields: ["authorId"], staged: true })
    .searchIndex("search_body", { searchField: "body", filterFields: ["channelId", "authorId"] }),
  embeddings: defineTable({
    channelId: v.id("channels"),
    vector: v.array(v.float64()),
  }).vectorIndex("by_vector", { vectorField: "vector", dimensions: 3, filterFields: ["channelId"] }),
});
"""

FUNCTIONS = """\
//- convex/messages.ts
import { v } from "convex/values";
import { query, mutation, internalQuery, internalMutation, action } from "./_generated/server";
import { api, internal } from "./_generated/api";

export const list = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", args.channelId))
      .take(10);
  },
});

export const send = mutation({
  args: { channelId: v.id("channels"), body: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, args) => {
    const id = await ctx.db.insert("messages", { channelId: args.channelId, authorId: args.channelId as any, body: args.body, meta: { likes: 0 } });
    await ctx.scheduler.runAfter(0, internal.messages.notify, { id });
    return id;
  },
});

export const notify = internalMutation({
  args: { id: v.id("messages") },
  handler: async (ctx, args) => {
    await ctx.db.patch("messages", args.id, { score: 1 });
  },
});

export const count = internalQuery({
  args: {},
  handler: async (ctx) => (await ctx.db.query("messages").collect()).length,
});

export const summarize = action({
  args: {},
  handler: async (ctx) => {
    const n = await ctx.runQuery(internal.messages.count, {});
    return n;
  },
});
//- convex/admin/tools.ts
import { query, internalMutation } from "../_generated/server";

export const stats = query({ args: {}, handler: async () => 1 });
export const purge = internalMutation({ args: {}, handler: async () => null });
"""
