"""Small pieces of the code actions: placeholders and snippets, layout, imports, the suppression
comment, fix-all combination, and the cases where an action must not be offered."""

from __future__ import annotations

import pytest
from ca_harness import ActionCase, apply_fix, find_fixes, offset_of
from convex_lsp.analysis.actions._edit import choice, finish, indent_unit, module_spec, ph, snippet_to_plain, wrap
from convex_lsp.analysis.code_actions import code_actions, combine_fixes, diagnostic_fixes, fix_all
from convex_lsp.analysis.diagnostics import Edit, Fix
from convex_lsp.analysis.lint import lint_file
from convex_lsp.analysis.text import TextRange
from tester import Case, build


# ----------------------------------------------------------------------------- placeholders
def test_placeholders_become_numbered_tab_stops_or_their_defaults():
    text = f"args: {{ a: {ph('v.any()')}, b: {ph('v.object({})')} }}"
    snip, is_snip, nxt = finish(text, True)
    assert (snip, is_snip, nxt) == (r"args: { a: ${1:v.any()}, b: ${2:v.object({\})} \}", True, 3)
    assert finish(text, False) == ("args: { a: v.any(), b: v.object({}) }", False, 1)
    assert snippet_to_plain(snip) == "args: { a: v.any(), b: v.object({}) }"


def test_choices_and_literal_dollars():
    snip, _, _ = finish(f'"{choice(["users", "messages"])}", `${{x}}`', True)
    assert snip == r'"${1|users,messages|}", `\${x\}`'
    assert snippet_to_plain(snip) == '"users", `${x}`'
    assert finish(f'"{choice(["users", "messages"])}"', False)[0] == '"users"'
    assert snippet_to_plain("take($1)$0") == "take()"


# ----------------------------------------------------------------------------- layout
def test_wrap_breaks_the_outermost_object_first():
    one = 'v.object({ _id: v.id("messages"), _creationTime: v.number(), body: v.string(), author: v.id("users") })'
    assert wrap(one, "  ", "  ", width=200) == one
    assert wrap(one, "  ", "  ", width=60) == (
        'v.object({\n    _id: v.id("messages"),\n    _creationTime: v.number(),\n    body: v.string(),\n    author: v.id("users"),\n  })'
    )


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (b"a {\n  b {\n    c\n  }\n  d\n}\n", "  "),
        (b"a {\n    b {\n        c\n    }\n}\n", "    "),
        (b"a {\n\tb\n}\n", "\t"),
        (b"one line", "  "),
    ],
)
def test_indent_unit(text, unit):
    assert indent_unit(text) == unit


def test_module_spec():
    assert module_spec("/p/convex/channels/admin.ts", "/p/convex/lib/auth.ts") == "../lib/auth"
    assert module_spec("/p/convex/users.ts", "/p/convex/lib/index.ts") == "./lib"
    assert module_spec("/p/convex/users.ts", "/p/convex/schema.ts") == "./schema"


# ----------------------------------------------------------------------------- fix all
def test_fix_all_takes_whole_fixes_and_shares_identical_edits():
    p = "/p/a.ts"
    imp = Edit(p, TextRange(10, 10), ", v")
    a = Fix("a", "safe", (imp, Edit(p, TextRange(20, 25), "x")))
    b = Fix("b", "safe", (imp, Edit(p, TextRange(30, 31), "y")))
    clash = Fix("c", "safe", (Edit(p, TextRange(40, 41), "z"), Edit(p, TextRange(22, 23), "w")))
    unsafe = Fix("d", "unsafe", (Edit(p, TextRange(50, 51), "u"),))
    assert combine_fixes([a, b, clash]) == (imp, a.edits[1], b.edits[1])
    assert fix_all([a, b, clash, unsafe]).edits == (imp, a.edits[1], b.edits[1])  # type: ignore[union-attr]
    assert fix_all([unsafe]) is None


# ----------------------------------------------------------------------------- suppression comments
SUPPRESS = """import { query } from "./_generated/server";

export const list = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    // convex-lsp-disable-next-line no-filter-in-query -- small table
    return await ctx.db.query("messages").collect();
  },
});
"""


def _disable(code: str, rule: str) -> str:
    host, path = build(Case(code))
    snap = host.snapshot()
    d = next(d for d in lint_file(snap, path) if d.rule == rule)
    fix = next(f for f in diagnostic_fixes(snap, path, d.range, d.rule, d.message) or [] if f.title.startswith("Disable"))
    return apply_fix(snap, fix)[path].decode()


def test_disable_extends_an_existing_comment_before_its_reason():
    out = _disable(SUPPRESS, "no-unbounded-collect")
    assert "    // convex-lsp-disable-next-line no-filter-in-query, no-unbounded-collect -- small table\n" in out


def test_disable_keeps_crlf_line_endings():
    code = SUPPRESS.replace("    // convex-lsp-disable-next-line no-filter-in-query -- small table\n", "").replace("\n", "\r\n")
    out = _disable(code, "no-unbounded-collect")
    assert "\r\n    // convex-lsp-disable-next-line no-unbounded-collect\r\n    return await" in out


def test_no_disable_inside_a_template_literal():
    code = 'import { query } from "./_generated/server";\nexport const q = query({ args: {}, handler: async (ctx) => `${\nawait ctx.db.query("messages").collect()}` });\n'
    host, path = build(Case(code))
    snap = host.snapshot()
    d = next(d for d in lint_file(snap, path) if d.rule == "no-unbounded-collect")
    titles = [f.title for f in diagnostic_fixes(snap, path, d.range, d.rule, d.message) or []]
    assert not any(t.startswith("Disable") for t in titles)


# ----------------------------------------------------------------------------- not offered
H = 'import { v } from "convex/values";\nimport { query, mutation } from "./_generated/server";\n'


def _refactor_titles(code: str, at: str, path: str = "convex/messages.ts") -> list[str]:
    host, p = build(Case(code, path=path))
    snap = host.snapshot()
    o = offset_of(snap.text(p), at)
    return [f.title for f in code_actions(snap, p, TextRange(o, o))]


def test_make_internal_not_offered_when_client_code_calls_the_function():
    code = "//- convex/messages.ts\n" + H + 'export const list = query({ args: {}, handler: async (ctx) => 1 });\n' + \
        '//- src/App.tsx\nimport { useQuery } from "convex/react";\nimport { api } from "../convex/_generated/api";\nexport const App = () => useQuery(api.messages.list);\n'
    titles = _refactor_titles(code, "export const list")
    assert not any(t.startswith("Make ") for t in titles)


def test_make_internal_not_offered_for_custom_builders():
    code = """//- convex/lib/functions.ts
import { customQuery } from "convex-helpers/server/customFunctions";
import { query } from "../_generated/server";
export const loggedQuery = customQuery(query, { args: {}, input: async () => ({ ctx: {}, args: {} }) });
//- convex/messages.ts
import { loggedQuery } from "./lib/functions";
export const list = loggedQuery({ args: {}, handler: async (ctx) => 1 });
"""
    assert not any(t.startswith("Make ") for t in _refactor_titles(code, "export const list"))


def test_pagination_not_offered_when_the_documents_are_transformed():
    code = H + 'export const list = query({ args: {}, handler: async (ctx) => {\n  const all = await ctx.db.query("messages").collect();\n  return all.length;\n} });\n'
    assert "Convert to pagination" not in _refactor_titles(code, "collect")
    assert "Replace with .take(…)" in _refactor_titles(code, "collect")


def test_pagination_not_offered_in_mutations():
    code = H + 'export const all = mutation({ args: {}, handler: async (ctx) => {\n  return await ctx.db.query("messages").collect();\n} });\n'
    assert "Convert to pagination" not in _refactor_titles(code, "collect")


def test_guard_picks_a_fresh_name_and_makes_the_handler_async():
    code = H + 'export const f = query({ args: { identity: v.string() }, handler: (ctx, { identity }) => ctx.db.query("users").take(1) });\n'
    host, path = build(Case(code))
    snap = host.snapshot()
    o = offset_of(snap.text(path), "export const f")
    fix = next(f for f in code_actions(snap, path, TextRange(o, o)) if f.title == "Insert an authentication guard")
    out = apply_fix(snap, fix)[path].decode()
    assert "handler: async (ctx, { identity }) => {\n  const authIdentity = await ctx.auth.getUserIdentity();\n  if (authIdentity === null) {" in out
    assert '  return ctx.db.query("users").take(1);\n} });' in out


def test_args_inference_gives_up_when_the_arguments_escape():
    case = ActionCase("escape", H + "export const w = mutation({ handler: async (ctx, args) => save(args) });\n", "mutation({", "Add", "require-args-validator")
    _host, _snap, _path, _d, fixes = find_fixes(case)
    assert [f.title for f in fixes if not f.title.startswith("Disable")] == []


def test_args_placeholders_are_tab_stops_in_editors_and_v_any_for_the_cli():
    code = H + "export const f = query({ handler: async (ctx, { a, b }: { a: string; b: Foo }) => a + b });\n"
    host, path = build(Case(code))
    snap = host.snapshot()
    d = next(d for d in lint_file(snap, path) if d.rule == "require-args-validator")
    assert "args: { a: v.string(), b: v.any() }" in d.fixes[0].edits[-1].new_text and not d.fixes[0].edits[-1].snippet
    editor = diagnostic_fixes(snap, path, d.range, d.rule, d.message)[0]
    assert editor.edits[-1].snippet and "b: ${1:v.any()}" in editor.edits[-1].new_text


def test_pagination_adds_parentheses_to_a_bare_parameter():
    code = H + 'export const all = query({ args: {}, handler: async ctx => ctx.db.query("messages").collect() });\n'
    host, path = build(Case(code))
    snap = host.snapshot()
    o = offset_of(snap.text(path), "collect")
    fix = next(f for f in code_actions(snap, path, TextRange(o, o)) if f.title == "Convert to pagination")
    out = apply_fix(snap, fix)[path].decode()
    assert 'handler: async (ctx, args) => ctx.db.query("messages").paginate(args.paginationOpts)' in out


def test_args_inference_follows_a_local_copy():
    code = H + 'export const f = mutation({ handler: async (ctx, { id }) => {\n  const target = id;\n  await ctx.db.delete("messages", id);\n} });\n'
    host, path = build(Case(code))
    snap = host.snapshot()
    d = next(d for d in lint_file(snap, path) if d.rule == "require-args-validator")
    assert 'args: { id: v.id("messages") }' in d.fixes[0].edits[-1].new_text


# ----------------------------------------------------------------------------- auth guard helper
@pytest.mark.parametrize(
    "param, body, fits",
    [
        ("ctx: QueryCtx | MutationCtx", "ctx.db.query('users')", {"query": True, "mutation": True, "action": False}),
        ("ctx: MutationCtx", "ctx.db.query('users')", {"query": False, "mutation": True, "action": False}),
        ("ctx: QueryCtx | ActionCtx", "ctx.auth.getUserIdentity()", {"query": True, "mutation": True, "action": True}),
        ("ctx: ActionCtx", "ctx.auth.getUserIdentity()", {"query": False, "mutation": False, "action": True}),
        ("ctx: { auth: Auth }", "ctx.auth.getUserIdentity()", {"query": True, "mutation": True, "action": True}),
        ("ctx", "ctx.auth.getUserIdentity()", {"query": True, "mutation": True, "action": True}),
        ("ctx: any", "ctx.db.get(id)", {"query": True, "mutation": True, "action": False}),
    ],
)
def test_the_project_guard_helper_is_used_only_where_its_ctx_type_fits(param, body, fits):
    from convex_lsp.analysis.actions.auth import _helper_fits
    from convex_lsp.analysis.rules.base import RuleContext

    code = f"//- convex/lib/auth.ts\nexport async function requireUser({param}) {{\n  return await {body};\n}}\n//- convex/a.ts\nexport const x = 1;\n"
    host, path = build(Case(code, path="convex/a.ts"))
    snap = host.snapshot()
    ctx = RuleContext(snap, path, snap.project_for(path))
    helper_file = path.rsplit("/", 1)[0] + "/lib/auth.ts"
    for kind, expected in fits.items():
        assert _helper_fits(ctx, "requireUser", helper_file, kind) is expected, kind
        assert _helper_fits(ctx, "requireUser", helper_file, "internal" + kind.capitalize()) is expected, kind


def test_inserted_lines_take_the_target_files_line_ends():
    from convex_lsp.analysis.diagnostics import uses_crlf, with_file_line_ends

    texts = {"/p/crlf.ts": b"a\r\nb\r\n", "/p/lf.ts": b"a\nb\n", "/p/mixed.ts": b"a\r\nb\nc\n"}
    fix = Fix("f", "safe", (Edit("/p/crlf.ts", TextRange(0, 0), "x\ny\r\n"), Edit("/p/lf.ts", TextRange(0, 0), "x\ny\n"), Edit("/p/new.ts", TextRange(0, 0), "z\n")))
    out = with_file_line_ends(fix, texts.get, {})
    assert [e.new_text for e in out.edits] == ["x\r\ny\r\n", "x\ny\n", "z\n"]
    assert (uses_crlf(texts["/p/mixed.ts"]), uses_crlf(b""), uses_crlf(None)) == (False, False, False)
    lf_only = Fix("f", "safe", (Edit("/p/lf.ts", TextRange(0, 0), "x\n"),))
    assert with_file_line_ends(lf_only, texts.get, {}) is lf_only
