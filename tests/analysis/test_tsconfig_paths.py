"""tsconfig `compilerOptions.paths`: aliased imports (`@cvx/_generated/server`, `@/convex/lib/x`)
resolve like relative ones, so functions, builders, validator constants and the import graph are
known in projects that use them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from convex_lsp.analysis.discovery import ConvexRoot, parse_jsonc, tsconfig_aliases
from convex_lsp.analysis.lint import lint_file
from convex_lsp.server.loader import load_host

SCHEMA = """
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ messages: defineTable({ body: v.string() }) });
"""
VALIDATORS = """
import { v } from "convex/values";
export const bodyArgs = { body: v.string() };
"""
AUTH = """
import { customQuery } from "convex-helpers/server/customFunctions";
import { query } from "@cvx/_generated/server";
export const authedQuery = customQuery(query, {
  args: {},
  input: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Unauthenticated");
    return { ctx: { identity }, args: {} };
  },
});
"""
MESSAGES = """
import { mutation } from "@cvx/_generated/server";
import { authedQuery } from "@/convex/lib/auth";
import { bodyArgs } from "@cvx/lib/validators";

export const send = mutation({
  args: bodyArgs,
  handler: async (ctx, args) => {
    await ctx.db.insert("messages", { body: args.body });
  },
});

export const list = authedQuery({
  args: {},
  handler: async (ctx) => ctx.db.query("messages").take(10),
});
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip())


def project(tmp_path: Path, tsconfigs: dict[str, str]) -> Path:
    write(
        tmp_path,
        {
            "package.json": json.dumps({"dependencies": {"convex": "^1.20.0", "convex-helpers": "^0.1.0"}}),
            "convex/schema.ts": SCHEMA,
            "convex/lib/validators.ts": VALIDATORS,
            "convex/lib/auth.ts": AUTH,
            "convex/messages.ts": MESSAGES,
            **tsconfigs,
        },
    )
    return tmp_path


ROOT_TSCONFIG = """
{
  // the app's config: "@/*" from the project directory
  "compilerOptions": {
    "baseUrl": ".",
    "paths": { "@/*": ["./*"], "@cvx/*": ["./convex/*"], },
  },
}
"""


def model_of(folder: Path):
    host = load_host([str(folder)])
    snap = host.snapshot()
    (root,) = host.roots
    return host, snap, snap.project(root)


def test_aliases_from_the_project_tsconfig(tmp_path):
    folder = project(tmp_path, {"tsconfig.json": ROOT_TSCONFIG})
    _host, snap, model = model_of(folder)
    root = model.root
    base = folder.as_posix()
    assert dict(root.aliases) == {"@/*": (f"{base}/*",), "@cvx/*": (f"{base}/convex/*",)}
    from convex_lsp.analysis.model_json import project_json

    assert project_json(model, base)["import_aliases"] == {"@/*": ["./*"], "@cvx/*": ["./convex/*"]}
    fns = {f.api_path: f for f in model.functions}
    assert fns["api.messages.send"].kind == "mutation" and fns["api.messages.send"].visibility == "public"
    assert fns["api.messages.list"].kind == "query"
    assert model.builder(f"{base}/convex/messages.ts", "authedQuery").auth is True
    assert [f.name for f in fns["api.messages.send"].args.fields] == ["body"]  # the validator constant, through "@cvx/lib/validators"
    messages = f"{base}/convex/messages.ts"
    assert set(model.imports[messages]) == {f"{base}/convex/lib/auth.ts", f"{base}/convex/lib/validators.ts"}
    # the access-control rule sees the auth builder through the alias: only `send` is reported
    found = [(d.rule, d.message) for d in lint_file(snap, messages) if d.rule == "require-access-control"]
    assert found == [("require-access-control", "Public mutation 'send' has no access control: check `ctx.auth.getUserIdentity()` or call an auth helper, or make it internal")]


def test_functions_dir_tsconfig_extending_the_root_one(tmp_path):
    """Convex's own convex/tsconfig.json is nearest to the functions; it may extend the app's."""
    folder = project(
        tmp_path,
        {
            "tsconfig.base.json": ROOT_TSCONFIG,
            "convex/tsconfig.json": '{ "extends": "../tsconfig.base.json", "compilerOptions": { "strict": true } }',
        },
    )
    _host, _snap, model = model_of(folder)
    assert {f.api_path for f in model.functions} == {"api.messages.send", "api.messages.list"}


def test_without_paths_aliases_stay_unresolved(tmp_path):
    folder = project(tmp_path, {"tsconfig.json": '{ "compilerOptions": { "strict": true } }'})
    _host, _snap, model = model_of(folder)
    assert model.root.aliases == ()
    assert model.functions == () or not any(f.api_path == "api.messages.send" for f in model.functions)


def test_tsconfig_aliases_edge_cases():
    root = ConvexRoot("/app", "/app/convex")
    texts = {
        "/app/convex/tsconfig.json": '{"compilerOptions": {"paths": {"~/*": ["../src/*", "./*"], "exact": ["./lib/x.ts"], "a*b*c": ["./*"]}}}',
        "/app/tsconfig.json": "not json {",
    }
    aliases = tsconfig_aliases(root, set(texts), texts.get)
    assert aliases == (("~/*", ("/app/src/*", "/app/convex/*")), ("exact", ("/app/convex/lib/x.ts",)))
    # a broken config gives nothing (and no exception)
    assert tsconfig_aliases(root, {"/app/tsconfig.json"}, texts.get) == ()
    assert parse_jsonc('{"a": "//not a comment", /* c */ "b": [1,],}') == {"a": "//not a comment", "b": [1]}


def test_alias_resolution_follows_typescript():
    from convex_lsp.analysis.specifiers import alias_spec

    files = {"/app/convex/lib/validators.ts", "/app/src/convex/other.ts"}
    both = (("@/*", ("/app/src/*",)), ("@/convex/*", ("/app/convex/*",)))
    # the longest matching prefix wins, whatever the order in tsconfig.json
    for aliases in (both, both[::-1]):
        assert alias_spec("/app/convex/a.ts", "@/convex/lib/validators", aliases, files) == "./lib/validators"
    # an exact pattern beats any wildcard
    exact = (("@/*", ("/app/src/*",)), ("@/convex/lib/validators", ("/app/convex/lib/validators.ts",)))
    assert alias_spec("/app/convex/a.ts", "@/convex/lib/validators", exact, files) == "./lib/validators.ts"
    # a catch-all "*" that resolves to no file leaves packages alone (TypeScript falls back to node_modules)
    star = (("*", ("/app/src/*",)),)
    assert alias_spec("/app/convex/a.ts", "convex/server", star, files) is None
    # …but `_generated/` files need not exist yet
    cvx = (("@cvx/*", ("/app/convex/*",)),)
    assert alias_spec("/app/convex/lib/x.ts", "@cvx/_generated/server", cvx, files) == "../_generated/server"
    assert alias_spec("/app/convex/a.ts", "./relative", cvx, files) is None


def test_rules_resolve_aliased_imports(tmp_path):
    """import-wrong-runtime follows an aliased import into a "use node" file, as it does a relative one."""
    node_lib = '"use node";\nimport crypto from "node:crypto";\nexport const hash = (s: string) => crypto.createHash("sha256").update(s).digest("hex");\n'
    user = 'import { query } from "./_generated/server";\nimport { hash } from "SPEC";\nexport const h = query({ args: {}, handler: async (ctx) => { await ctx.auth.getUserIdentity(); return hash("x"); } });\n'
    found = {}
    for spec in ("./nodeLib", "@cvx/nodeLib"):
        folder = tmp_path / spec.strip("./@")
        write(folder, {
            "package.json": json.dumps({"dependencies": {"convex": "^1.20.0"}}),
            "convex/tsconfig.json": '{ "compilerOptions": { "paths": { "@cvx/*": ["./*"] } } }',
            "convex/nodeLib.ts": node_lib,
            "convex/user.ts": user.replace("SPEC", spec),
        })
        _host, snap, _model = model_of(folder)
        found[spec] = [d.rule for d in lint_file(snap, f"{folder.as_posix()}/convex/user.ts") if d.rule == "import-wrong-runtime"]
    assert found == {"./nodeLib": ["import-wrong-runtime"], "@cvx/nodeLib": ["import-wrong-runtime"]}


def test_jsonc_comment_after_trailing_comma_and_bom():
    assert parse_jsonc('\ufeff{"compilerOptions": {"paths": {"@/*": ["./*"], // app\n}, }}') == {"compilerOptions": {"paths": {"@/*": ["./*"]}}}
