"""Deterministic generator of a synthetic but realistic Convex project (for benchmarks).

    python bench/synth.py OUT_DIR [--modules N] [--tables N] [--seed S] [--big-lines N]

Writes `OUT_DIR/package.json` (depends on convex and convex-helpers) and `OUT_DIR/convex/`:
- `schema.ts`: ~150 tables with fields of every validator kind, 1-4 indexes each (db, some
  search and vector indexes), a few shared validator constants and a spread of shared fields;
- `lib/auth.ts`: custom builders made with convex-helpers' `customQuery/customMutation/customAction`;
- N modules (default 1,000) in nested folders, ~150 lines each, with 4-8 exported
  query/mutation/action/internal* functions (args validators, `withIndex(...).take(n)` reads,
  inserts, patches, deletes, `ctx.runQuery(internal.x.y, ...)`, scheduler calls, helpers);
- `workspace.ts`: one module of about 1,500 lines (the edit benchmark's target);
- `http.ts`, `crons.ts` and a small `_generated/` (api.js, server.js, *.d.ts).

The same arguments always give byte-identical output (seeded `random.Random`, no set iteration).
`generate()` returns a `SynthInfo` with the paths, for `bench_model.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass, field

NOUNS = [
    "user", "team", "project", "task", "comment", "message", "channel", "document", "file", "invoice",
    "payment", "subscription", "order", "product", "review", "tag", "label", "note", "event", "session",
    "device", "report", "metric", "alert", "ticket", "article", "page", "asset", "folder", "workflow",
    "job", "run", "step", "webhook", "integration", "customer", "contact", "lead", "deal", "campaign",
    "email", "template", "form", "survey", "answer", "question", "course", "lesson", "quiz", "badge",
]
SUFFIXES = ["", "Event", "Snapshot", "Link", "Member", "Setting", "Version", "Stat", "Draft", "Archive"]
AREAS = [
    "admin", "billing", "chat", "crm", "docs", "analytics", "integrations", "notifications", "projects",
    "search", "storage", "support", "teams", "users", "workflows", "marketing", "learning", "reports",
    "payments", "settings",
]
SUBAREAS = ["internal", "public", "jobs", "queries", "mutations", "actions", "v1", "v2", "helpers", "sync"]
VERBS = ["list", "get", "create", "update", "remove", "archive", "search", "count", "sync", "process", "refresh", "export"]
STATUS = ["active", "pending", "done", "archived", "failed"]


@dataclass
class Field:
    name: str
    src: str  # validator source
    kind: str  # string | number | boolean | id | other
    table: str | None = None  # for ids


@dataclass
class Table:
    name: str
    fields: list[Field]
    indexes: list[tuple[str, list[str]]]  # db indexes: (name, fields)
    search: tuple[str, str, list[str]] | None = None  # (name, searchField, filterFields)
    vector: tuple[str, str, int, list[str]] | None = None  # (name, vectorField, dims, filterFields)


@dataclass
class Fn:
    name: str
    builder: str  # query | mutation | action | internalQuery | internalMutation | internalAction | authedQuery | ...
    args: list[tuple[str, str]] = field(default_factory=list)  # (name, validator source)


@dataclass
class Module:
    path: str  # relative to convex/, without extension, e.g. "billing/v1/invoiceStats"
    table: Table
    other: Table
    fns: list[Fn] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return ".".join(self.path.split("/"))


@dataclass
class SynthInfo:
    out_dir: str
    functions_dir: str
    big_module: str  # absolute path of the 1,500-line module
    files: int
    lines: int
    bytes: int
    tables: int
    functions: int


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ----------------------------------------------------------------------------- schema
def _tables(rng: random.Random, n: int) -> list[Table]:
    names: list[str] = []
    for suf in SUFFIXES:
        for noun in NOUNS:
            names.append(noun + "s" if not suf else noun + suf + "s")
    names = names[:n] if n <= len(names) else names + [f"extra{i}s" for i in range(n - len(names))]
    tables: list[Table] = []
    for i, name in enumerate(names):
        fields: list[Field] = []
        parent = names[rng.randrange(max(1, i))] if i else "users"
        fields.append(Field("ownerId", 'v.id("users")', "id", "users"))
        if parent != "users":
            fields.append(Field(parent[:-1] + "Id", f'v.id("{parent}")', "id", parent))
        fields.append(Field("title", "v.string()", "string"))
        fields.append(Field("status", "statusValidator", "other"))
        fields.append(Field("createdAt", "v.number()", "number"))
        pool = [
            Field("body", "v.string()", "string"),
            Field("slug", "v.string()", "string"),
            Field("position", "v.float64()", "number"),
            Field("isArchived", "v.boolean()", "boolean"),
            Field("sequence", "v.int64()", "other"),
            Field("tags", "v.array(v.string())", "other"),
            Field("metadata", "v.object({ source: v.string(), version: v.number(), extra: v.optional(v.any()) })", "other"),
            Field("settings", "v.record(v.string(), v.boolean())", "other"),
            Field("payload", "v.any()", "other"),
            Field("checksum", "v.bytes()", "other"),
            Field("deletedAt", "v.optional(v.number())", "other"),
            Field("parentId", f'v.optional(v.id("{name}"))', "other"),
            Field("note", "v.union(v.string(), v.null())", "other"),
            Field("kind", 'v.union(v.literal("a"), v.literal("b"), v.literal(3), v.literal(true))', "other"),
            Field("priority", "v.number()", "number"),
            Field("email", "v.string()", "string"),
        ]
        rng.shuffle(pool)
        fields.extend(pool[: rng.randint(3, 9)])
        has_vector = i % 14 == 5
        if has_vector:
            fields.append(Field("embedding", "v.array(v.float64())", "other"))
        indexable = [f for f in fields if f.kind in ("string", "number", "boolean", "id")]
        indexes: list[tuple[str, list[str]]] = []
        first = fields[1] if fields[1].kind == "id" else fields[0]
        indexes.append((f"by_{first.name}", [first.name]))
        for _ in range(rng.randint(0, 3)):
            a, b = rng.sample(indexable, 2)
            nm = f"by_{a.name}_and_{b.name}"
            if all(nm != x[0] for x in indexes):
                indexes.append((nm, [a.name, b.name]))
        search = None
        if i % 6 == 2:
            search = ("search_title", "title", [first.name, "status"])
        vector = ("by_embedding", "embedding", 1536, [first.name]) if has_vector else None
        tables.append(Table(name, fields, indexes, search, vector))
    return tables


def _schema_ts(tables: list[Table]) -> str:
    out = [
        'import { defineSchema, defineTable } from "convex/server";',
        'import { v } from "convex/values";',
        "",
        "export const statusValidator = v.union(" + ", ".join(f'v.literal("{s}")' for s in STATUS) + ");",
        "",
        "const auditFields = {",
        "  updatedAt: v.optional(v.number()),",
        '  updatedBy: v.optional(v.id("users")),',
        "};",
        "",
        "export default defineSchema({",
    ]
    for t in tables:
        out.append(f"  {t.name}: defineTable({{")
        for f in t.fields:
            out.append(f"    {f.name}: {f.src},")
        out.append("    ...auditFields,")
        out.append("  })")
        for nm, flds in t.indexes:
            out.append(f'    .index("{nm}", [' + ", ".join(f'"{x}"' for x in flds) + "])")
        if t.search:
            nm, sf, ff = t.search
            out.append(f'    .searchIndex("{nm}", {{')
            out.append(f'      searchField: "{sf}",')
            out.append("      filterFields: [" + ", ".join(f'"{x}"' for x in ff) + "],")
            out.append("    })")
        if t.vector:
            nm, vf, dims, ff = t.vector
            out.append(f'    .vectorIndex("{nm}", {{')
            out.append(f'      vectorField: "{vf}",')
            out.append(f"      dimensions: {dims},")
            out.append("      filterFields: [" + ", ".join(f'"{x}"' for x in ff) + "],")
            out.append("    })")
        out[-1] += ","
    out.append("});")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- shared files
AUTH_TS = '''import { customAction, customCtx, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { ConvexError } from "convex/values";
import { action, mutation, query, type MutationCtx, type QueryCtx } from "../_generated/server";
import type { Doc } from "../_generated/dataModel";

export async function getCurrentUser(ctx: QueryCtx | MutationCtx): Promise<Doc<"users">> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) {
    throw new ConvexError("Not authenticated");
  }
  const user = await ctx.db
    .query("users")
    .withIndex("by_ownerId", (q) => q.eq("ownerId", identity.subject as never))
    .unique();
  if (user === null) {
    throw new ConvexError("Unknown user");
  }
  return user;
}

export const authedQuery = customQuery(
  query,
  customCtx(async (ctx) => {
    const user = await getCurrentUser(ctx);
    return { user };
  }),
);

export const authedMutation = customMutation(
  mutation,
  customCtx(async (ctx) => {
    const user = await getCurrentUser(ctx);
    return { user };
  }),
);

export const authedAction = customAction(
  action,
  customCtx(async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new ConvexError("Not authenticated");
    }
    return { identity };
  }),
);
'''

GEN_SERVER_JS = '''/* eslint-disable */
/**
 * Generated utilities for implementing server-side Convex query and mutation functions.
 * THIS CODE IS AUTOMATICALLY GENERATED.
 */
import {
  actionGeneric,
  httpActionGeneric,
  queryGeneric,
  mutationGeneric,
  internalActionGeneric,
  internalMutationGeneric,
  internalQueryGeneric,
} from "convex/server";

export const query = queryGeneric;
export const internalQuery = internalQueryGeneric;
export const mutation = mutationGeneric;
export const internalMutation = internalMutationGeneric;
export const action = actionGeneric;
export const internalAction = internalActionGeneric;
export const httpAction = httpActionGeneric;
'''

GEN_API_JS = '''/* eslint-disable */
/**
 * Generated `api` utility.
 * THIS CODE IS AUTOMATICALLY GENERATED.
 */
import { anyApi, componentsGeneric } from "convex/server";

export const api = anyApi;
export const internal = anyApi;
export const components = componentsGeneric();
'''

GEN_DTS = '''/* eslint-disable */
// THIS CODE IS AUTOMATICALLY GENERATED (stub for benchmarks; .d.ts files are not analysed).
export declare const api: any;
export declare const internal: any;
'''


# ----------------------------------------------------------------------------- modules
def _arg_for(f: Field) -> str:
    if f.kind == "id":
        return f'v.id("{f.table}")'
    return {"string": "v.string()", "number": "v.number()", "boolean": "v.boolean()"}.get(f.kind, "v.any()")


def _plan_module(rng: random.Random, path: str, tables: list[Table], n_fns: int) -> Module:
    table = rng.choice(tables)
    other = rng.choice(tables)
    mod = Module(path, table, other)
    kinds = [
        ("list", "query"), ("get", "query"), ("create", "mutation"), ("update", "mutation"),
        ("remove", "mutation"), ("sync", "action"), ("load", "internalQuery"), ("apply", "internalMutation"),
        ("refresh", "internalAction"), ("listMine", "authedQuery"), ("createMine", "authedMutation"),
        ("exportAll", "authedAction"),
    ]
    if table.search:
        kinds.append(("search", "query"))
    if table.vector:
        kinds.append(("similar", "action"))
    picks = rng.sample(kinds, min(n_fns, len(kinds)))
    used: dict[str, int] = {}
    noun = _cap(table.name[:-1])
    for verb, builder in picks:
        nm = verb + noun
        used[nm] = used.get(nm, 0) + 1
        if used[nm] > 1:
            nm += str(used[nm])
        mod.fns.append(Fn(nm, builder))
    return mod


def _rel(depth: int) -> str:
    return "../" * depth if depth else "./"


class _ModuleWriter:
    """Writes one module's source from its plan; references other modules' functions."""

    def __init__(self, rng: random.Random, mod: Module, internal_fns: list[tuple[Module, Fn]], public_fns: list[tuple[Module, Fn]]):
        self.rng = rng
        self.mod = mod
        self.internal_fns = internal_fns
        self.public_fns = public_fns
        self.lines: list[str] = []
        self.uses_internal = False
        self.uses_api = False

    def ref_internal(self, kind: str) -> str:
        cands = [(m, f) for m, f in self.rng.sample(self.internal_fns, min(40, len(self.internal_fns))) if f.builder == kind]
        if not cands:
            return "internal." + self.mod.ref + ".missing"
        m, f = cands[0]
        self.uses_internal = True
        return f"internal.{m.ref}.{f.name}"

    def ref_api(self) -> str:
        m, f = self.rng.choice(self.public_fns)
        self.uses_api = True
        return f"api.{m.ref}.{f.name}"

    def idx_read(self, t: Table, var: str, arg_prefix: str = "args") -> list[str]:
        nm, flds = self.rng.choice(t.indexes)
        f0 = flds[0]
        n = self.rng.choice([10, 20, 50, 100])
        return [
            f"    const {var} = await ctx.db",
            f'      .query("{t.name}")',
            f'      .withIndex("{nm}", (q) => q.eq("{f0}", {arg_prefix}.{f0}))',
            '      .order("desc")',
            f"      .take({n});",
        ]

    def idx_args(self, t: Table, nm_flds: tuple[str, list[str]]) -> list[tuple[str, str]]:
        by = {f.name: f for f in t.fields}
        return [(x, _arg_for(by[x])) for x in nm_flds[1][:1]]

    def fn(self, f: Fn) -> list[str]:
        t, o = self.mod.table, self.mod.other
        b = f.builder
        verb = next(v for v in ("listMine", "createMine", "exportAll", "list", "get", "create", "update", "remove",
                                 "sync", "load", "apply", "refresh", "search", "similar") if f.name.startswith(v))
        L: list[str] = [
            "/**",
            f" * {_cap(verb)} {t.name} ({b}). Generated for benchmarks; keep the shape of real handlers.",
            " */",
        ]
        idx = self.rng.choice(t.indexes)
        by = {x.name: x for x in t.fields}
        f0 = idx[1][0]
        if verb in ("list", "load", "listMine"):
            lim = "limit: v.optional(v.number())"
            L += [f"export const {f.name} = {b}({{", f"  args: {{ {f0}: {_arg_for(by[f0])}, {lim} }},", "  handler: async (ctx, args) => {"]
            L += [
                "    const rows = await ctx.db",
                f'      .query("{t.name}")',
                f'      .withIndex("{idx[0]}", (q) => q.eq("{f0}", args.{f0}))',
                '      .order("desc")',
                f"      .take(args.limit ?? {self.rng.choice([10, 25, 50, 100])});",
                "    const out = [];",
                "    for (const row of rows) {",
                '      if (row.status === "archived") {',
                "        continue;",
                "      }",
                "      out.push(summarize(row));",
                "    }",
                "    return out;",
                "  },",
                "});",
            ]
        elif verb == "get":
            L += [
                f"export const {f.name} = {b}({{",
                f'  args: {{ id: v.id("{t.name}") }},',
                "  handler: async (ctx, args) => {",
                "    const doc = await ctx.db.get(args.id);",
                "    if (doc === null) {",
                "      return null;",
                "    }",
                "    const owner = await loadOwner(ctx, doc.ownerId);",
                "    return { ...summarize(doc), owner: owner?.title ?? null };",
                "  },",
                "});",
            ]
        elif verb in ("create", "createMine"):
            req = [x for x in t.fields if x.kind in ("string", "number", "boolean", "id") and x.name not in ("createdAt", "ownerId")]
            argl = ", ".join(f"{x.name}: {_arg_for(x)}" for x in req)
            owner = "ctx.user._id" if b.startswith("authed") else "args.ownerId"
            if not b.startswith("authed"):
                argl = 'ownerId: v.id("users"), ' + argl
            L += [f"export const {f.name} = {b}({{", f"  args: {{ {argl} }},", "  handler: async (ctx, args) => {"]
            L += [f'    const id = await ctx.db.insert("{t.name}", {{', f"      ownerId: {owner},"]
            L += [f"      {x.name}: args.{x.name}," for x in req]
            L += [
                '      status: "pending",',
                "      createdAt: Date.now(),",
                "    });",
                f"    await ctx.scheduler.runAfter(0, {self.ref_internal('internalMutation')}, {{}});",
                "    return id;",
                "  },",
                "});",
            ]
        elif verb in ("update", "apply"):
            L += [
                f"export const {f.name} = {b}({{",
                f'  args: {{ id: v.id("{t.name}"), title: v.optional(v.string()), status: v.optional(statusValidator) }},',
                "  handler: async (ctx, args) => {",
                "    const existing = await ctx.db.get(args.id);",
                "    if (existing === null) {",
                f'      throw new ConvexError("{t.name[:-1]} not found");',
                "    }",
                "    const patch: Record<string, unknown> = {};",
                "    if (args.title !== undefined) {",
                "      patch.title = args.title.trim();",
                "    }",
                "    if (args.status !== undefined) {",
                "      patch.status = args.status;",
                "    }",
                f'    await ctx.db.patch("{t.name}", args.id, {{ updatedAt: Date.now(), ...patch }});',
                "    return null;",
                "  },",
                "});",
            ]
        elif verb == "remove":
            oi = self.rng.choice(o.indexes)
            L += [
                f"export const {f.name} = {b}({{",
                f'  args: {{ id: v.id("{t.name}") }},',
                "  handler: async (ctx, args) => {",
                "    const doc = await ctx.db.get(args.id);",
                "    if (doc === null) {",
                "      return false;",
                "    }",
                "    const related = await ctx.db",
                f'      .query("{o.name}")',
                f'      .withIndex("{oi[0]}", (q) => q.eq("{oi[1][0]}", doc._id as never))',
                "      .take(100);",
                "    for (const r of related) {",
                "      await ctx.db.delete(r._id);",
                "    }",
                "    await ctx.db.delete(args.id);",
                "    return true;",
                "  },",
                "});",
            ]
        elif verb in ("sync", "refresh", "exportAll"):
            L += [
                f"export const {f.name} = {b}({{",
                f"  args: {{ {f0}: {_arg_for(by[f0])}, dryRun: v.optional(v.boolean()) }},",
                "  handler: async (ctx, args) => {",
                f"    const rows = await ctx.runQuery({self.ref_internal('internalQuery')}, {{ limit: 100 }});",
                "    let changed = 0;",
                "    for (const row of rows) {",
                "      if (args.dryRun) {",
                "        continue;",
                "      }",
                f"      await ctx.runMutation({self.ref_internal('internalMutation')}, {{ id: row._id }});",
                "      changed += 1;",
                "    }",
                "    if (changed > 0) {",
                f"      await ctx.scheduler.runAfter(1000, {self.ref_internal('internalAction')}, {{}});",
                "    }",
                "    return changed;",
                "  },",
                "});",
            ]
        elif verb == "search":
            nm, sf, ff = t.search  # type: ignore[misc]
            L += [
                f"export const {f.name} = {b}({{",
                f'  args: {{ text: v.string(), {ff[0]}: {_arg_for(by[ff[0]])} }},',
                "  handler: async (ctx, args) => {",
                "    return await ctx.db",
                f'      .query("{t.name}")',
                f'      .withSearchIndex("{nm}", (q) => q.search("{sf}", args.text).eq("{ff[0]}", args.{ff[0]}))',
                "      .take(20);",
                "  },",
                "});",
            ]
        elif verb == "similar":
            nm, vf, dims, ff = t.vector  # type: ignore[misc]
            L += [
                f"export const {f.name} = {b}({{",
                "  args: { embedding: v.array(v.float64()) },",
                "  handler: async (ctx, args) => {",
                f'    const results = await ctx.vectorSearch("{t.name}", "{nm}", {{',
                "      vector: args.embedding,",
                "      limit: 16,",
                "    });",
                "    return results.map((r) => r._id);",
                "  },",
                "});",
            ]
        L.append("")
        return L

    def helpers(self) -> list[str]:
        t = self.mod.table
        return [
            f'function summarize(row: Doc<"{t.name}">) {{',
            "  return {",
            "    id: row._id,",
            "    title: row.title,",
            "    status: row.status,",
            "    createdAt: new Date(row.createdAt).toISOString(),",
            "  };",
            "}",
            "",
            'async function loadOwner(ctx: QueryCtx, ownerId: Id<"users">) {',
            "  const owner = await ctx.db.get(ownerId);",
            "  if (owner === null || owner.status === \"archived\") {",
            "    return null;",
            "  }",
            "  return owner;",
            "}",
            "",
        ]

    def write(self, depth: int) -> str:
        body: list[str] = []
        for f in self.mod.fns:
            body += self.fn(f)
        builders = sorted({f.builder for f in self.mod.fns})
        server = [x for x in builders if not x.startswith("authed")] + ["type QueryCtx"]
        authed = [x for x in builders if x.startswith("authed")]
        rel = _rel(depth)
        head = [
            "// Generated benchmark module: " + self.mod.path,
            'import { ConvexError, v } from "convex/values";',
            f'import {{ {", ".join(server)} }} from "{rel}_generated/server";',
        ]
        apis = [x for x, used in (("api", self.uses_api), ("internal", self.uses_internal)) if used]
        if apis:
            head.append(f'import {{ {", ".join(apis)} }} from "{rel}_generated/api";')
        head.append(f'import type {{ Doc, Id }} from "{rel}_generated/dataModel";')
        if authed:
            head.append(f'import {{ {", ".join(authed)} }} from "{rel}lib/auth";')
        head.append(f'import {{ statusValidator }} from "{rel}schema";')
        head.append("")
        return "\n".join(head + self.helpers() + body)


def _http_ts(rng: random.Random, internal_fns: list[tuple[Module, Fn]]) -> str:
    out = [
        'import { httpRouter } from "convex/server";',
        'import { httpAction } from "./_generated/server";',
        'import { internal } from "./_generated/api";',
        "",
        "const http = httpRouter();",
        "",
    ]
    muts = [(m, f) for m, f in internal_fns if f.builder == "internalMutation"]
    for i in range(12):
        m, f = muts[(i * 7919) % len(muts)]
        out += [
            "http.route({",
            f'  path: "/webhooks/{m.path.replace("/", "-")}-{i}",',
            f'  method: "{"POST" if i % 3 else "GET"}",',
            "  handler: httpAction(async (ctx, request) => {",
            "    const body = await request.text();",
            f"    await ctx.runMutation(internal.{m.ref}.{f.name}, {{ id: body as never }});",
            "    return new Response(null, { status: 200 });",
            "  }),",
            "});",
            "",
        ]
    out.append("export default http;")
    return "\n".join(out) + "\n"


def _crons_ts(internal_fns: list[tuple[Module, Fn]]) -> str:
    out = [
        'import { cronJobs } from "convex/server";',
        'import { internal } from "./_generated/api";',
        "",
        "const crons = cronJobs();",
        "",
    ]
    acts = [(m, f) for m, f in internal_fns if f.builder in ("internalAction", "internalMutation")]
    for i in range(10):
        m, f = acts[(i * 104729) % len(acts)]
        ref = f"internal.{m.ref}.{f.name}"
        if i % 3 == 0:
            out.append(f'crons.interval("job {i}", {{ minutes: {5 + i} }}, {ref}, {{}});')
        elif i % 3 == 1:
            out.append(f'crons.daily("job {i}", {{ hourUTC: {i % 24}, minuteUTC: 0 }}, {ref}, {{}});')
        else:
            out.append(f'crons.cron("job {i}", "0 */{i} * * *", {ref}, {{}});')
    out += ["", "export default crons;"]
    return "\n".join(out) + "\n"


def _module_paths(rng: random.Random, n: int) -> list[str]:
    paths: list[str] = []
    seen: dict[str, None] = {}
    i = 0
    while len(paths) < n:
        area = AREAS[i % len(AREAS)]
        depth = rng.choice([1, 2, 2, 3])
        parts = [area]
        if depth >= 2:
            parts.append(rng.choice(SUBAREAS))
        if depth >= 3:
            parts.append(rng.choice(SUBAREAS) + "_" + str(rng.randrange(4)))
        name = rng.choice(NOUNS) + _cap(rng.choice(VERBS)) + ("" if rng.random() < 0.5 else str(rng.randrange(100)))
        p = "/".join(parts + [name])
        i += 1
        if p in seen:
            continue
        seen[p] = None
        paths.append(p)
    return paths


def generate(out_dir: str, modules: int = 1000, tables: int = 150, seed: int = 1, big_lines: int = 1500) -> SynthInfo:
    rng = random.Random(seed)
    out_dir = os.path.abspath(out_dir)
    fdir = os.path.join(out_dir, "convex")
    tbls = _tables(rng, tables)
    plans = [_plan_module(rng, p, tbls, rng.randint(4, 8)) for p in _module_paths(rng, modules)]
    # The big module: as many functions as needed for ~big_lines lines.
    big = Module("workspace", tbls[2], tbls[3])
    internal_fns = [(m, f) for m in plans for f in m.fns if f.builder.startswith("internal")]
    public_fns = [(m, f) for m in plans for f in m.fns if not f.builder.startswith("internal")]

    files: dict[str, str] = {
        "package.json": json.dumps(
            {"name": "synthetic-convex-app", "private": True, "version": "0.0.0",
             "dependencies": {"convex": "^1.24.0", "convex-helpers": "^0.1.100"}}, indent=2) + "\n",
        "convex/schema.ts": _schema_ts(tbls),
        "convex/lib/auth.ts": AUTH_TS,
        "convex/_generated/server.js": GEN_SERVER_JS,
        "convex/_generated/api.js": GEN_API_JS,
        "convex/_generated/server.d.ts": GEN_DTS,
        "convex/_generated/api.d.ts": GEN_DTS,
        "convex/_generated/dataModel.d.ts": GEN_DTS,
        "convex/http.ts": _http_ts(rng, internal_fns),
        "convex/crons.ts": _crons_ts(internal_fns),
    }
    for m in plans:
        w = _ModuleWriter(rng, m, internal_fns, public_fns)
        files[f"convex/{m.path}.ts"] = w.write(m.path.count("/"))

    # Grow the big module one planned function at a time until it reaches big_lines.
    kinds = _plan_module(random.Random(seed + 1), "workspace", [big.table], 14).fns
    k = 0
    text = ""
    while True:
        verb_fn = kinds[k % len(kinds)]
        big.fns.append(Fn(f"{verb_fn.name}{k}" if k >= len(kinds) else verb_fn.name, verb_fn.builder))
        k += 1
        text = _ModuleWriter(random.Random(seed + 2), big, internal_fns, public_fns).write(0)
        if text.count("\n") >= big_lines:
            break
    files["convex/workspace.ts"] = text

    n_lines = n_bytes = 0
    for rel, content in files.items():
        p = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        data = content.encode("utf-8")
        with open(p, "wb") as fh:
            fh.write(data)
        n_lines += content.count("\n")
        n_bytes += len(data)
    n_fns = sum(len(m.fns) for m in plans) + len(big.fns)
    return SynthInfo(out_dir, fdir.replace(os.sep, "/"), os.path.join(fdir, "workspace.ts").replace(os.sep, "/"),
                     len(files), n_lines, n_bytes, len(tbls), n_fns)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--modules", type=int, default=1000, help="number of function modules (default 1000)")
    ap.add_argument("--tables", type=int, default=150, help="number of tables (default 150)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--big-lines", type=int, default=1500, help="lines of convex/workspace.ts (default 1500)")
    a = ap.parse_args(argv)
    info = generate(a.out_dir, a.modules, a.tables, a.seed, a.big_lines)
    print(f"wrote {info.files} files, {info.lines} lines, {info.bytes / 1e6:.2f} MB, "
          f"{info.tables} tables, {info.functions} functions to {info.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
