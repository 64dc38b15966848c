"""The project model of real components (pinned npm packages) against hand-checked oracles.

`expected/{workpool,agent}.json` describe the component roots (subset semantics, see
tests/corpus/README.md); `expected/{convex-helpers,convex-auth}.json` are the facts that
`analysis/data/packages.json` must encode, checked both directly and through small synthetic
projects that use those packages.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from model_facts import arg_names, check_facts, function_view, module_entry

from convex_lsp.analysis.host import AnalysisHost
from convex_lsp.analysis.project import _package_table, package_facts
from convex_lsp.analysis.summary import summarize
from convex_lsp.analysis.syntax import parse
from convex_lsp.server.loader import load_host, to_posix

COMPONENTS = {
    "workpool": "@convex-dev/workpool",
    "agent": "@convex-dev/agent",
}
EXTRA_COMPONENTS = (
    "@convex-dev/rag",
    "@convex-dev/aggregate",
    "@convex-dev/workflow",
    "@convex-dev/rate-limiter",
    "@convex-dev/stripe",
    "@convex-dev/migrations",
)


@lru_cache(maxsize=None)
def _component_model(functions_dir: str):
    snap = load_host([functions_dir]).snapshot()
    roots = [r for r in snap.roots if r.functions_dir == functions_dir]
    assert roots, f"no Convex root discovered at {functions_dir}: {snap.roots}"
    return roots[0], snap.project(roots[0])


def _model_for(name, package_dir, expected):
    exp = expected(name)
    fdir = to_posix(str(package_dir(COMPONENTS[name]) / exp["functions_dir"]))
    root, model = _component_model(fdir)
    return exp, root, model


# ----------------------------------------------------------------------------- component oracles
@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_component_root(name, package_dir, expected):
    exp, root, model = _model_for(name, package_dir, expected)
    assert root.kind == exp["root_kind"] == "component"
    assert root.source == "convex.config.ts"
    assert model.config is not None and model.config.kind == "component"
    assert model.config.name == exp["component_name"]


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_component_facts(name, package_dir, expected):
    exp, _, model = _model_for(name, package_dir, expected)
    errors = check_facts(model, exp)
    assert not errors, f"{name}:\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_component_counts(name, package_dir, expected):
    exp, _, model = _model_for(name, package_dir, expected)
    static_count = exp.get("static_table_count", exp["table_count"])
    assert len(model.tables) == static_count

    counts = exp["index_count"].get("static", exp["index_count"])
    got = Counter(ix.kind for t in model.tables for ix in t.indexes)
    assert {k: got.get(k, 0) for k in ("db", "search", "vector")} == counts

    vis = Counter(f.visibility for f in model.functions)
    assert dict(vis) == {k: v for k, v in exp["function_count"].items() if v}

    by_kind = Counter(
        f.kind if f.visibility == "public" else "internal" + f.kind[0].upper() + f.kind[1:] for f in model.functions
    )
    assert dict(by_kind) == {k: v for k, v in exp["function_count_by_kind"].items() if v}

    entries = {info.module for p, info in model.modules.items() if module_entry(model, p)}
    assert len(entries) == exp["entry_module_count"]
    with_functions = {f.module for f in model.functions}
    assert {m.replace("/", ".") for m in entries - with_functions} == set(exp["modules_without_functions"])


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_function_args_are_resolved(name, package_dir, expected):
    """Every function listed with `args` gets exactly those names, including the ones whose args
    object is a const or spread in the same file (`args_not_inline` entries that list args)."""
    exp, _, model = _model_for(name, package_dir, expected)
    fns = function_view(model)
    for path, spec in exp["functions"].items():
        if "args" in spec:
            assert sorted(fns[path]["args"]) == sorted(spec["args"]), path


def test_agent_dynamic_tables_are_unresolved(package_dir, expected):
    exp, _, model = _model_for("agent", package_dir, expected)
    assert model.schema is not None
    assert "...vectorTables" in model.schema.unresolved
    assert not set(exp["dynamic_tables"]) & set(model.table_names())
    assert exp["table_count"] == exp["static_table_count"] + len(exp["dynamic_tables"])


def test_workpool_cross_file_validators(package_dir, expected):
    """`defineTable(vConfig)` with vConfig imported from ./shared.js resolves to its fields."""
    _, _, model = _model_for("workpool", package_dir, expected)
    globals_ = model.table("globals")
    assert globals_ is not None
    assert globals_.document.kind == "object"
    assert set(globals_.field_names()) == {"maxParallelism", "logLevel"}
    # logLevel is itself a validator imported from ./logging.js
    assert globals_.document.field("logLevel").kind == "union"


@pytest.mark.parametrize("package", EXTRA_COMPONENTS)
def test_extra_components_build(package, package_dir):
    """Other real components: the model builds, finds the component root, tables and functions."""
    fdir = to_posix(str(package_dir(package) / "package" / "src" / "component"))
    root, model = _component_model(fdir)
    assert root.kind == "component"
    assert model.config is not None and model.config.name
    assert model.tables, package
    assert model.functions, package
    for f in model.functions:
        assert f.kind in ("query", "mutation", "action"), f
        assert f.runtime in ("convex", "node")
    for t in model.tables:
        assert t.name and t.document is not None


# ----------------------------------------------------------------------------- packages.json: auth
def test_auth_tables_in_package_facts(expected):
    exp = expected("convex-auth")
    spec = package_facts()["tables"][exp["import_from"]]["authTables"]
    assert len(spec) == exp["authTables_count"]
    tables = {name: _package_table(name, s) for name, s in spec.items()}
    assert set(tables) == set(exp["authTables"])
    for name, want in exp["authTables"].items():
        t = tables[name]
        assert list(t.field_names()) == want["fields"], name
        assert {ix.name: {"kind": ix.kind, "fields": list(ix.fields)} for ix in t.indexes} == want["indexes"], name
        optional = [f.name for f in t.document.fields if f.validator.optional]
        assert optional == exp["authTables_optional_fields"].get(name, []), name
    for key, target in exp["authTables_id_refs"].items():
        table, field = key.split(".")
        v = tables[table].document.field(field)
        assert v is not None and v.kind == "id" and v.table == target, key
    ids = {f"{n}.{f.name}" for n, t in tables.items() for f in t.document.fields if f.validator.kind == "id"}
    assert ids == set(exp["authTables_id_refs"])


def test_auth_tables_match_package_source(package_dir, expected):
    """packages.json's authTables equals what our extractor reads from @convex-dev/auth's own source."""
    exp = expected("convex-auth")
    src = package_dir("@convex-dev/auth") / "package" / exp["defined_in"]["authTables"]
    data = src.read_bytes()
    path = to_posix(str(src))
    summary, _ = summarize(path, data, parse(path, data))
    groups = dict(summary.interface.table_groups)
    assert "authTables" in groups
    from_source = {e.name: e.table for e in groups["authTables"]}
    spec = package_facts()["tables"][exp["import_from"]]["authTables"]
    assert set(from_source) == set(spec)
    for name, t in from_source.items():
        pkg = _package_table(name, spec[name])
        assert t is not None
        assert t.field_names() == pkg.field_names(), name
        assert [(f.name, f.validator.kind, f.validator.optional, f.validator.table) for f in t.document.fields] == [
            (f.name, f.validator.kind, f.validator.optional, f.validator.table) for f in pkg.document.fields
        ], name
        assert t.indexes == pkg.indexes, name


def test_convex_auth_destructured_functions(expected):
    exp = expected("convex-auth")["convexAuth"]
    facts = package_facts()["destructured"]["@convex-dev/auth/server"]["convexAuth"]
    assert set(facts) == set(exp["registered_names"])
    for name in exp["registered_names"]:
        r = exp["returns"][name]
        assert facts[name] == [r["kind"], r["visibility"]], name
    assert "auth" not in facts


def _project(tmp_path: Path, files: dict[str, str]):
    """A synthetic app (package.json depending on convex + convex/*) loaded like the CLI does."""
    (tmp_path / "package.json").write_text('{"dependencies": {"convex": "^1.48.0"}}')
    for rel, text in files.items():
        p = tmp_path / "convex" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    snap = load_host([str(tmp_path)]).snapshot()
    assert len(snap.roots) == 1
    return snap.project(snap.roots[0])


def test_convex_auth_in_a_project(tmp_path, expected):
    exp = expected("convex-auth")["convexAuth"]
    model = _project(tmp_path, {
        "auth.ts": 'import { convexAuth } from "@convex-dev/auth/server";\n'
                   "export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({ providers: [] });\n",
    })
    fns = function_view(model)
    for path, spec in exp["expected_functions_when_exported_from_auth_ts"].items():
        assert path in fns, path
        assert {k: fns[path][k] for k in spec} == spec, path
    for path in exp["absent_when_exported_from_auth_ts"]:
        assert path not in fns, path


# ----------------------------------------------------------------------------- packages.json: helpers
def test_builder_factories_in_package_facts(expected):
    exp = expected("convex-helpers")["builder_factories"]
    factories = package_facts()["factories"]
    for name, spec in exp.items():
        sources = {src for src, names in factories.items() if name in names}
        assert sources == set(spec["import_from"]), name


@pytest.mark.parametrize("factory", ["customQuery", "customMutation", "customAction", "zCustomQuery", "zCustomMutation", "zCustomAction"])
def test_builder_factories_in_a_project(factory, tmp_path, expected):
    spec = expected("convex-helpers")["builder_factories"][factory]
    kind = spec["kind"]
    public_base, internal_base = [b for b in spec["base_builder_accepts"] if not b.endswith("Generic")]
    source = spec["import_from"][-1]
    model = _project(tmp_path, {
        "lib.ts": f'import {{ {factory} }} from "{source}";\n'
                  f'import {{ {public_base}, {internal_base} }} from "./_generated/server";\n'
                  f"export const pub = {factory}({public_base}, {{ args: {{}}, input: async (ctx) => ({{ ctx, args: {{}} }}) }});\n"
                  f"export const priv = {factory}({internal_base}, {{ args: {{}}, input: async (ctx) => ({{ ctx, args: {{}} }}) }});\n",
        "fns.ts": 'import { pub, priv } from "./lib";\n'
                  "export const a = pub({ args: {}, handler: async () => null });\n"
                  "export const b = priv({ args: {}, handler: async () => null });\n",
    })
    fns = function_view(model)
    assert fns["api.fns.a"]["kind"] == kind and fns["api.fns.a"]["visibility"] == "public"
    assert fns["internal.fns.b"]["kind"] == kind and fns["internal.fns.b"]["visibility"] == "internal"
    assert not any(p.startswith(("api.lib.", "internal.lib.")) for p in fns)


def test_crud_in_package_facts(expected):
    exp = expected("convex-helpers")["crud"]["convex-helpers/server/crud"]
    facts = package_facts()["destructured"]["convex-helpers/server/crud"]["crud"]
    assert set(facts) == set(exp["returns"])
    for name, r in exp["returns"].items():
        assert facts[name] == [r["kind"], "internal"], name  # default visibility: internal


def test_crud_in_a_project(tmp_path, expected):
    exp = expected("convex-helpers")["crud"]["convex-helpers/server/crud"]
    model = _project(tmp_path, {
        "schema.ts": 'import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n'
                     "export default defineSchema({ posts: defineTable({ title: v.string() }) });\n",
        "posts.ts": 'import { crud } from "convex-helpers/server/crud";\nimport schema from "./schema";\n'
                    'export const { create, read, update, destroy, paginate } = crud(schema, "posts");\n',
    })
    fns = function_view(model)
    for name, r in exp["returns"].items():
        assert fns[f"internal.posts.{name}"]["kind"] == r["kind"], name
        assert f"api.posts.{name}" not in fns


def test_auth_tables_spread_in_a_project(tmp_path, expected):
    exp = expected("convex-auth")
    model = _project(tmp_path, {
        "schema.ts": 'import { defineSchema, defineTable } from "convex/server";\n'
                     'import { authTables } from "@convex-dev/auth/server";\nimport { v } from "convex/values";\n'
                     "export default defineSchema({ ...authTables, notes: defineTable({ body: v.string() }) });\n",
    })
    assert set(model.table_names()) == set(exp["authTables"]) | {"notes"}
    assert model.schema is not None and model.schema.unresolved == ()
    users = model.table("users")
    assert users is not None and users.source == "package"
    assert arg_names(users.document) == exp["authTables"]["users"]["fields"]


def test_host_is_the_same_as_loader(package_dir, expected):
    """A host fed file by file (as the server does) gives the same workpool model as load_host."""
    exp, root, model = _model_for("workpool", package_dir, expected)
    host = AnalysisHost()
    host.set_roots([root])
    for p in sorted(model.interfaces):
        host.set_file(p, Path(p).read_bytes())
    other = host.snapshot().project(root)
    assert other.functions == model.functions
    assert other.tables == model.tables
