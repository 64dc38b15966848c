"""Signature help for calls that take a function reference: the referenced function's args as a
TypeScript object type, its returns as the result, the argument under the cursor active; also while
the argument list is still open (syntax errors mid-typing)."""

from __future__ import annotations

import pytest
from feature_fixture import FUNCTIONS, SCHEMA, build

from convex_lsp.analysis.model import FieldDef, Validator
from convex_lsp.analysis.navigation import signature_help
from convex_lsp.analysis.navigation.signature import ts_type


def in_action(body: str) -> str:
    return (
        SCHEMA
        + FUNCTIONS
        + '''//- convex/jobs.ts
import { internalAction } from "./_generated/server";
import { api, internal } from "./_generated/api";
export const run = internalAction({
  args: {},
  handler: async (ctx) => {
    '''
        + body
        + '''
  },
});
'''
    )


SEND_ARGS = 'args: { channelId: Id<"channels">; body: string }'


@pytest.mark.parametrize(
    ("body", "label", "active"),
    [
        ("await ctx.runMutation(api.messages.send, { $0 });", f'runMutation(ref: api.messages.send, {SEND_ARGS}): Promise<Id<"messages">>', 1),
        ("await ctx.runMutation(api.messages.$0send, {});", f'runMutation(ref: api.messages.send, {SEND_ARGS}): Promise<Id<"messages">>', 0),
        ("await ctx.runMutation(api.messages.send, $0", f'runMutation(ref: api.messages.send, {SEND_ARGS}): Promise<Id<"messages">>', 1),
        ("await ctx.runMutation(api.messages.send, { channelId: x, $0", f'runMutation(ref: api.messages.send, {SEND_ARGS}): Promise<Id<"messages">>', 1),
        ('await ctx.runMutation(api.messages.send, // note (")\n      $0', f'runMutation(ref: api.messages.send, {SEND_ARGS}): Promise<Id<"messages">>', 1),
        ('await ctx.runMutation(\n      api.messages.send, { body: "a (b", $0', f'runMutation(ref: api.messages.send, {SEND_ARGS}): Promise<Id<"messages">>', 1),
        ("await ctx.scheduler.runAfter(0, internal.messages.notify, { id: $0 });", 'runAfter(delayMs: number, ref: internal.messages.notify, args: { id: Id<"messages"> }): Promise<Id<"_scheduled_functions">>', 2),
        ("await ctx.scheduler.runAfter(1000$0, internal.messages.notify, {});", 'runAfter(delayMs: number, ref: internal.messages.notify, args: { id: Id<"messages"> }): Promise<Id<"_scheduled_functions">>', 0),
        ("await ctx.scheduler.runAt(Date.now(), internal.messages.notify, $0", 'runAt(timestamp: number | Date, ref: internal.messages.notify, args: { id: Id<"messages"> }): Promise<Id<"_scheduled_functions">>', 2),
        ("const n = await ctx.runQuery(internal.messages.count, {$0});", "runQuery(ref: internal.messages.count, args: {}): Promise<any>", 1),
    ],
)
def test_signature_in_calls(body, label, active):
    fx = build(in_action(body))
    sig = signature_help(fx.snap, fx.path, fx.offset)
    assert sig is not None
    assert sig.label == label
    assert sig.active_parameter == active
    assert all(p in sig.label for p in sig.parameters)
    assert sig.documentation.startswith("**")  # the function's hover markdown


def test_signature_in_a_cron_and_in_client_code():
    crons = '''//- convex/crons.ts
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
const crons = cronJobs();
crons.interval("often", { minutes: 5 }, internal.messages.notify, { $0 });
export default crons;
'''
    fx = build(SCHEMA + FUNCTIONS + crons)
    sig = signature_help(fx.snap, fx.path, fx.offset)
    assert sig.label == 'interval(name: string, schedule: { … }, ref: internal.messages.notify, args: { id: Id<"messages"> }): void'
    assert sig.active_parameter == 3
    client = '''//- src/App.tsx
import { useQuery } from "convex/react";
import { api } from "../convex/_generated/api";
export function App() {
  const msgs = useQuery(api.messages.list, { channelId: $0 });
  return null;
}
'''
    fx = build(SCHEMA + FUNCTIONS + client)
    sig = signature_help(fx.snap, fx.path, fx.offset)
    assert sig.label == 'useQuery(ref: api.messages.list, args: { channelId: Id<"channels"> }): any | undefined'
    assert sig.active_parameter == 1


@pytest.mark.parametrize(
    "body",
    [
        "await ctx.db.query($0",  # a call without a function reference
        "const x = [1, 2$0];",  # not in a call
        "await ctx.runQuery(api.messages.nothing, {$0});",  # a reference to no function
        "await ctx.runQuery(someRef, {$0});",  # not a reference we know
    ],
)
def test_no_signature(body):
    fx = build(in_action(body))
    assert signature_help(fx.snap, fx.path, fx.offset) is None


def test_ts_type_of_every_validator_kind():
    opt = Validator("string", optional=True)
    obj = Validator("object", fields=(FieldDef("a", Validator("number")), FieldDef("b", opt)))
    assert ts_type(obj) == "{ a: number; b?: string }"
    assert ts_type(Validator("array", items=(Validator("union", items=(Validator("null"), Validator("int64"))),))) == "(null | bigint)[]"
    assert ts_type(Validator("record", items=(Validator("id", table="users"), Validator("boolean")))) == 'Record<Id<"users">, boolean>'
    assert ts_type(Validator("literal", literal='"done"')) == '"done"'
    assert ts_type(Validator("bytes")) == "ArrayBuffer"
    assert ts_type(Validator("unknown", text="statusValidator")) == "statusValidator"
    assert ts_type(None) == "unknown"


def test_never_raises_at_any_offset_of_any_prefix():
    """Mid-typing robustness: at every offset of a file with calls, and at the end of every prefix
    of the handler body (the rest of the file after it, as while typing in the middle)."""
    body = 'await ctx.scheduler.runAfter(0, internal.messages.notify, { id: "x" as any }); const n = await ctx.runQuery(api.messages.list, { channelId: "c" as any }); f(g(1, [2, {a: 3}]));'
    fx = build(in_action(body + "$0"))
    size = len(fx.snap.text(fx.path))
    found = [signature_help(fx.snap, fx.path, off) for off in range(size + 1)]
    assert sum(1 for s in found if s is not None and s.label.startswith("runAfter(")) > 40
    assert sum(1 for s in found if s is not None and s.label.startswith("runQuery(")) > 40
    for cut in range(len(body) + 1):
        fx2 = build(in_action(body[:cut] + "$0"))
        signature_help(fx2.snap, fx2.path, fx2.offset)
    assert signature_help(fx.snap, fx.path, size + 10) is None  # past the end: clamped


def in_query(body: str, args: str = "{}") -> str:
    return (
        SCHEMA
        + FUNCTIONS
        + '''//- convex/reads.ts
import { query } from "./_generated/server";
import { v } from "convex/values";
export const run = query({
  args: '''
        + args
        + ''',
  handler: async (ctx) => {
    '''
        + body
        + '''
  },
});
'''
    )


CHANNEL_AUTHOR = 'return ctx.db.query("messages").withIndex("by_channel_and_author", (q) => '


@pytest.mark.parametrize(
    ("body", "label", "active", "doc"),
    [
        (CHANNEL_AUTHOR + "q.eq($0));", 'eq(field: "channelId", value: Id<"channels">)', 0, "Index `by_channel_and_author` of `messages` (channelId, authorId)."),
        (CHANNEL_AUTHOR + 'q.eq("channelId", $0', 'eq(field: "channelId", value: Id<"channels">)', 1, None),
        (CHANNEL_AUTHOR + 'q.eq("channelId", c).eq($0)).first();', 'eq(field: "authorId", value: Id<"users">)', 0, None),
        (CHANNEL_AUTHOR + 'q.eq("channelId", c).eq("authorId", a).gt($0', 'gt(field: "_creationTime", value: number)', 0, None),
        (CHANNEL_AUTHOR + 'q.gt("channelId", c).eq($0', "eq(field: never, value: unknown)", 0, "Index `by_channel_and_author` of `messages` (channelId, authorId): no field can be constrained here (index order)."),
        ('return ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", $0', 'search(field: "body", query: string)', 1, "Index `search_body` of `messages` (body)."),
        ('return ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", s).eq($0', 'eq(field: "channelId" | "authorId", value: Id<"channels"> | Id<"users">)', 0, None),
    ],
)
def test_signature_of_index_range_builders(body, label, active, doc):
    fx = build(in_query(body))
    sig = signature_help(fx.snap, fx.path, fx.offset)
    assert (sig.label, sig.active_parameter) == (label, active)
    if doc is not None:
        assert sig.documentation == doc


@pytest.mark.parametrize(
    ("args", "label", "active"),
    [
        ("{ a: v.id($0) }", 'v.id(tableName: "channels" | "embeddings" | "messages" | "users"): VId<Id<tableName>>', 0),
        ('{ a: v.record(v.string(), $0) }', "v.record(keys: Validator, values: Validator): VRecord", 1),
        ('{ a: v.union(v.literal("x"), $0) }', "v.union(...members: Validator[]): VUnion", 0),
        ("{ a: v.string($0) }", "v.string(): VString", 0),
    ],
)
def test_signature_of_validator_builders(args, label, active):
    fx = build(in_query("return 1;", args))
    sig = signature_help(fx.snap, fx.path, fx.offset)
    assert (sig.label, sig.active_parameter) == (label, active)
