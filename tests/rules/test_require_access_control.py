import pytest

from _fn_fixture import FUNCTIONS_LIB, assert_triggers, docs_cases
from convex_lsp.analysis.rules import require_access_control as rule
from tester import Case, assert_invalid, assert_valid, err_in

H = 'import { query, mutation, action, internalMutation, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n'
MSG = "Public {} '{}' has no access control: check `ctx.auth.getUserIdentity()` or call an auth helper, or make it internal"
HELPERS = """//- convex/lib/auth.ts
import { QueryCtx } from "../_generated/server";
export async function currentUser(ctx: QueryCtx) {
  const identity = await ctx.auth.getUserIdentity();
  return identity;
}
export async function loadUser(ctx: QueryCtx) {
  return await ctx.db.query("users").first();
}
"""


def body(stmt: str, kind: str = "query", extra: str = "") -> str:
    return H + extra + f"export const f = {kind}({{\n  args: {{}},\n  handler: async (ctx) => {{\n    {stmt}\n    return await ctx.db.query(\"users\").take(1);\n  }},\n}});\n"


VALID = [
    Case(body("const identity = await ctx.auth.getUserIdentity();\n    if (identity === null) throw new Error(\"Unauthenticated\");"), name="docs-getUserIdentity-pattern"),
    Case(body("const userId = await getAuthUserId(ctx);\n    if (!userId) return null;", extra='import { getAuthUserId } from "@convex-dev/auth/server";\n'), name="convex-auth"),
    Case(HELPERS + "//- convex/messages.ts\n" + body("const me = await currentUser(ctx);", extra='import { currentUser } from "./lib/auth";\n'), name="helper-one-call-deep"),
    Case(body("await requireUser(ctx);"), name="pattern-require"),
    Case(body("if (!(await canEdit(ctx, 1))) throw new Error();", "mutation"), name="pattern-can-in-if"),
    Case(body("await auth.assertAdmin(ctx);"), name="pattern-member-call"),
    Case(body("const ok = await hasAccess(ctx);"), name="pattern-has"),
    Case(body("const user = await getCurrentUserOrThrow(ctx);"), name="caller-named-helper-two-calls-deep"),
    Case(body("await loadViewer(ctx);"), options={"authHelpers": ["loadViewer"]}, name="authHelpers-option"),
    Case(body("await loadViewer(ctx);"), settings={"authHelpers": ["loadViewer"]}, name="authHelpers-setting"),
    Case(body("await gate(ctx);"), options={"pattern": "^gate$"}, name="pattern-option"),
    Case(H + 'export const f = query({ args: {}, handler: async ({ db, auth }) => { await auth.getUserIdentity(); return db.query("users").take(1); } });\n', name="destructured-auth"),
    Case(FUNCTIONS_LIB + '//- convex/messages.ts\nimport { authQuery } from "./lib/functions";\nexport const mine = authQuery({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(5) });\n', name="custom-builder-with-auth"),
    Case(body("", "internalMutation"), name="internal"),
    Case(H + 'export const f = mutation({ args: { secret: v.string() }, handler: async (ctx, a) => { await ctx.db.insert("messages", {} as any); } });\n',
         name="shared-secret-arg"),
    Case('//- convex/lib/sessions.ts\nimport { customMutation } from "convex-helpers/server/customFunctions";\nimport { mutation } from "../_generated/server";\n'
         'export const mutationWithSession = customMutation(mutation, { args: SessionIdArg, input: async (ctx, { sessionId }) => ({ ctx: { sessionId }, args: {} }) });\n'
         '//- convex/messages.ts\nimport { mutationWithSession } from "./lib/sessions";\n'
         'export const send = mutationWithSession({ args: {}, handler: async (ctx) => { await ctx.db.insert("users", { sessionId: ctx.sessionId } as any); } });\n',
         name="session-builder-identity-on-ctx"),
    Case(H + 'export const hook = httpAction(async (ctx, req) => { await ctx.runMutation(x, {}); return new Response(); });\n', name="httpAction"),
    Case(H + 'export const ping = query({ args: {}, handler: async () => "pong" });\n', name="touches-nothing"),
    Case(H + 'const f = query({ args: {}, handler: async (ctx) => ctx.db.query("users").take(1) });\n', name="not-exported"),
    Case('//- src/component/convex.config.ts\nimport { defineComponent } from "convex/server";\nexport default defineComponent("c");\n'
         '//- src/component/messages.ts\n' + body(""), path="src/component/messages.ts", name="component-functions-are-not-client-callable"),
]

C1 = body("")
C1_OUT = C1.replace('import { v } from "convex/values";', 'import { v, ConvexError } from "convex/values";').replace(
    "async (ctx) => {\n", 'async (ctx) => {\n    const identity = await ctx.auth.getUserIdentity();\n    if (identity === null) {\n      throw new ConvexError("Not authenticated");\n    }\n', 1)
C2 = H + 'export const f = query({ args: {}, handler: async ({ db }) => db.query("users").take(1) });\n'
C3 = H + 'export const f = action({ args: {}, handler: async () => { await fetch("https://example.com"); } });\n'
C4 = FUNCTIONS_LIB + '//- convex/messages.ts\nimport { loggedMutation } from "./lib/functions";\nexport const log = loggedMutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("messages", {} as any); } });\n'
C4_FILE = C4.split("//- convex/messages.ts\n")[1]
C5 = HELPERS + "//- convex/messages.ts\n" + body("const me = await loadUser(ctx);", extra='import { loadUser } from "./lib/auth";\n')
C5_FILE = C5.split("//- convex/messages.ts\n")[1]
C7 = H + 'export const f = query({ args: {}, handler: async (ctx) => ctx.user });\n'
C6 = H + 'const list = query({ args: {}, handler: async (ctx) => ctx.db.query("users").take(1) });\nexport { list as all };\nexport default mutation({ args: {}, handler: async (ctx) => { await ctx.scheduler.runAfter(0, x, {}); } });\n'

INVALID = [
    Case(C1, [err_in(MSG.format("query", "f"), C1, "= query", "query")], output=C1_OUT, name="db-read-without-check"),
    Case(C2, [err_in(MSG.format("query", "f"), C2, "= query", "query")],
         output=C2.replace("import { query,", "import { internalQuery,").replace("= query(", "= internalQuery("), name="destructured-ctx-only-make-internal"),
    Case(C3, [err_in(MSG.format("action", "f"), C3, "= action", "action")], name="fetch-without-ctx"),
    Case(C4, [err_in(MSG.format("mutation", "log"), C4_FILE, "= loggedMutation", "loggedMutation")], name="custom-builder-without-auth"),
    Case(C5, [err_in(MSG.format("query", "f"), C5_FILE, "= query", "query")], name="helper-without-auth"),
    Case(C6, [err_in(MSG.format("query", "all"), C6, "= query", "query"), err_in(MSG.format("mutation", "default"), C6, "default mutation", "mutation")],
         name="export-clause-and-default"),
    Case(C7, [err_in(MSG.format("query", "f"), C7, "= query", "query")], name="ctx-user-only-counts-with-custom-builders"),
]

# Builders whose auth check the model must see through consts, imported helpers and RLS wrappers.
_BUILDER_FILE = """//- convex/lib/builders.ts
import { query, mutation } from "../_generated/server";
import { customQuery, customMutation, customCtx } from "convex-helpers/server/customFunctions";
import { wrapDatabaseReader } from "convex-helpers/server/rowLevelSecurity";
import { currentUserOrThrow } from "./users";
const authed = customCtx(async (ctx) => { const id = await ctx.auth.getUserIdentity(); if (!id) throw new Error("no"); return { id }; });
export const constQuery = customQuery(query, authed);
export const helperMutation = customMutation(mutation, customCtx(async (ctx) => ({ user: await currentUserOrThrow(ctx) })));
export const rlsQuery = customQuery(query, customCtx(async (ctx) => ({ db: wrapDatabaseReader(ctx, ctx.db, {}) })));
//- convex/lib/users.ts
export async function currentUserOrThrow(ctx: any) { const id = await ctx.auth.getUserIdentity(); if (!id) throw new Error("no"); return id; }
"""
_PLAIN = '//- convex/lib/plain.ts\nimport { query } from "../_generated/server";\nimport { customQuery, customCtx } from "convex-helpers/server/customFunctions";\nconst nothing = customCtx(async () => ({}));\nexport const plainQuery = customQuery(query, nothing);\n'
_BUILDER_FILE += """//- convex/lib/backend.ts
import { mutation } from "../_generated/server";
import { customMutation } from "convex-helpers/server/customFunctions";
import { v } from "convex/values";
export const secretMutation = customMutation(mutation, {
  args: { secret: v.string() },
  input: async (ctx, { secret }) => {
    if (secret !== process.env.INTERNAL_SECRET) throw new Error("forbidden");
    return { ctx: {}, args: {} };
  },
});
"""
for _builder in ("constQuery", "helperMutation", "rlsQuery"):
    VALID.append(Case(
        "//- convex/messages.ts\nimport { " + _builder + " } from \"./lib/builders\";\n"
        "export const f = " + _builder + "({ args: {}, handler: async (ctx) => ctx.db.query(\"messages\").take(5) });\n" + _BUILDER_FILE,
        name="auth-builder-via-" + _builder,
    ))
VALID.append(Case(
    "//- convex/messages.ts\nimport { secretMutation } from \"./lib/backend\";\n"
    "export const f = secretMutation({ args: {}, handler: async (ctx) => { await ctx.db.insert(\"messages\", {}); } });\n" + _BUILDER_FILE,
    name="auth-builder-via-shared-secret",
))


_USERS = """//- convex/users.ts
import { query, internalQuery } from "./_generated/server";
export const current = query({ args: {}, handler: async (ctx) => { const id = await ctx.auth.getUserIdentity(); return id; } });
export const anyone = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("users").first() });
"""
_RUNS = '//- convex/billing.ts\nimport { action } from "./_generated/server";\nimport { api, internal } from "./_generated/api";\n'
VALID.append(Case(
    _RUNS + 'export const checkout = action({ args: {}, handler: async (ctx) => { const me = await ctx.runQuery(api.users.current); if (!me) throw new Error("no"); await fetch("https://x"); } });\n' + _USERS,
    path="convex/billing.ts", name="runs-a-query-that-checks-the-caller",
))
_C8 = _RUNS + 'export const checkout = action({ args: {}, handler: async (ctx) => { const u = await ctx.runQuery(internal.users.anyone); await fetch("https://x"); } });\n'
INVALID.append(Case(
    _C8 + _USERS, [err_in(MSG.format("action", "checkout"), _C8.split("\n", 1)[1], "= action", "action")],
    path="convex/billing.ts", name="runs-a-query-without-a-check",
))
_C9 = _RUNS + 'export const refund = action({ args: {}, handler: async (ctx) => { await ctx.runMutation(internal.admin.refundAll, { adminKey: process.env.ADMIN_KEY! }); } });\n'
INVALID.append(Case(
    _C9 + '//- convex/admin.ts\nimport { internalMutation } from "./_generated/server";\nimport { v } from "convex/values";\n'
    'export const refundAll = internalMutation({ args: { adminKey: v.string() }, handler: async (ctx) => { await ctx.db.insert("users", {} as any); } });\n',
    [err_in(MSG.format("action", "refund"), _C9.split("\n", 1)[1], "= action", "action")],
    path="convex/billing.ts", name="a-credential-argument-one-call-deep-is-supplied-by-the-caller",
))


def test_a_builder_without_auth_is_not_trusted():
    from tester import run_rule

    code = '//- convex/messages.ts\nimport { plainQuery } from "./lib/plain";\nexport const f = plainQuery({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(5) });\n' + _PLAIN
    diags, _, _ = run_rule(rule, Case(code))
    assert [d.rule for d in diags] == ["require-access-control"]


DOC_VALID, DOC_EXAMPLES = docs_cases(rule)


@pytest.mark.parametrize("case", VALID + DOC_VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)


@pytest.mark.parametrize("case", DOC_EXAMPLES, ids=str)
def test_docs_example(case):
    assert_triggers(rule, case)


def test_the_callee_answer_follows_edits_of_the_callee_file():
    """The callee's check is reused across snapshots only while its file and the model are the
    same objects: adding the check to the query (a body edit: same model) clears the finding, and
    removing it brings the finding back."""
    from convex_lsp.analysis.lint import lint_file
    from tester import ROOT, build

    host, path = build(Case(_C8 + _USERS, path="convex/billing.ts"))
    users = f"{ROOT}/convex/users.ts"

    def findings():
        return [d.rule for d in lint_file(host.snapshot(), path, only=["require-access-control"])]

    assert findings() == ["require-access-control"]
    original = host.snapshot().text(users)
    checked = original.replace(b'handler: async (ctx) => ctx.db.query("users").first()', b'handler: async (ctx) => { await ctx.auth.getUserIdentity(); return ctx.db.query("users").first(); }')
    assert checked != original
    host.set_file(users, checked)
    assert findings() == []
    host.set_file(users, original)
    assert findings() == ["require-access-control"]
