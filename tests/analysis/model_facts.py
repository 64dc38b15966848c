"""Compare a `ProjectModel` with hand-written expected facts (subset semantics).

Shared by the fixture, example and corpus tests. The expected format is the one of
`tests/fixtures/projects/README.md`; the corpus oracles (`tests/corpus/expected/*.json`) use the
same shapes with camelCase index keys (`searchField`, ...), which are accepted too. Unknown keys
are ignored. `check_facts` returns every mismatch as a readable line instead of stopping at the
first one.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from convex_lsp.analysis.model import Validator
from convex_lsp.analysis.project import ProjectModel

_CAMEL = {
    "searchField": "search_field",
    "filterFields": "filter_fields",
    "vectorField": "vector_field",
    "pathPrefix": "path_prefix",
}
UNRESOLVED = "<unresolved>"


def arg_names(args: Validator | None) -> Any:
    """Top-level arg names, None without an args validator, UNRESOLVED when not statically known."""
    if args is None:
        return None
    if args.kind == "object" and not any(f.name.startswith("...") for f in args.fields):
        return [f.name for f in args.fields]
    return UNRESOLVED


def module_entry(model: ProjectModel, path: str) -> bool:
    info = model.modules[path]
    return info.entry and model.interfaces[path].module_syntax


def function_view(model: ProjectModel) -> dict[str, dict[str, Any]]:
    return {
        f.api_path: {
            "kind": f.kind,
            "visibility": f.visibility,
            "runtime": f.runtime,
            "args": arg_names(f.args),
            "syntax": f.syntax,
            "auth_builder": f.auth_builder,
            "file": f.file,
            "module": f.module,
        }
        for f in model.functions
    }


def table_view(model: ProjectModel) -> dict[str, dict[str, Any]]:
    out = {}
    for t in model.tables:
        out[t.name] = {
            "fields": list(t.field_names()),
            "indexes": {
                ix.name: {
                    "kind": ix.kind,
                    "fields": list(ix.fields),
                    "search_field": ix.search_field,
                    "filter_fields": list(ix.filter_fields),
                    "vector_field": ix.vector_field,
                    "dimensions": ix.dimensions,
                    "staged": ix.staged,
                }
                for ix in t.indexes
            },
        }
    return out


def module_view(model: ProjectModel) -> dict[str, dict[str, Any]]:
    return {
        info.module: {
            "entry": module_entry(model, path),
            "invalid": bool(info.invalid_components),
            "runtime": "node" if model.interfaces[path].use_node else "convex",
        }
        for path, info in model.modules.items()
    }


def _module_key(key: str, modules: dict[str, Any]) -> str | None:
    """Module keys are module paths; the corpus oracles sometimes write `/` as `.` (`vector.index`)."""
    if key in modules:
        return key
    parts = key.split(".")
    # try every way of turning dots into slashes, fewest changes first
    cands = []
    for mask in range(1, 1 << (len(parts) - 1)):
        s = parts[0]
        for i, p in enumerate(parts[1:]):
            s += ("/" if mask >> i & 1 else ".") + p
        cands.append((bin(mask).count("1"), s))
    for _, c in sorted(cands):
        if c in modules:
            return c
    return None


def check_facts(model: ProjectModel, expected: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    err = errors.append

    if "tables" in expected:
        tables = table_view(model)
        want = expected["tables"]
        if set(tables) != set(want):
            err(f"tables: missing {sorted(set(want) - set(tables))}, unexpected {sorted(set(tables) - set(want))}")
        for name, spec in want.items():
            got = tables.get(name)
            if got is None:
                continue
            if "fields" in spec and set(got["fields"]) != set(spec["fields"]):
                err(f"tables.{name}.fields: got {sorted(got['fields'])}, want {sorted(spec['fields'])}")
            if "indexes" in spec:
                if set(got["indexes"]) != set(spec["indexes"]):
                    err(f"tables.{name}.indexes: got {sorted(got['indexes'])}, want {sorted(spec['indexes'])}")
                for ix_name, ix_spec in spec["indexes"].items():
                    gi = got["indexes"].get(ix_name)
                    if gi is None:
                        continue
                    for k, v in ix_spec.items():
                        k = _CAMEL.get(k, k)
                        if k in gi and gi[k] != v:
                            err(f"tables.{name}.indexes.{ix_name}.{k}: got {gi[k]!r}, want {v!r}")
            if "staged_indexes" in spec:
                staged = {n for n, ix in got["indexes"].items() if ix["staged"]}
                if staged != set(spec["staged_indexes"]):
                    err(f"tables.{name}.staged_indexes: got {sorted(staged)}, want {sorted(spec['staged_indexes'])}")

    fns = function_view(model)
    for path, spec in expected.get("functions", {}).items():
        got = fns.get(path)
        if got is None:
            err(f"functions: {path} missing")
            continue
        for k, v in spec.items():
            if k not in got:
                continue
            g = got[k]
            if k == "args" and v is not None and isinstance(g, list):
                if sorted(g) != sorted(v):
                    err(f"functions.{path}.args: got {g}, want {v}")
            elif g != v:
                err(f"functions.{path}.{k}: got {g!r}, want {v!r}")
    for path in expected.get("absent_functions", ()):
        if path in fns:
            err(f"absent_functions: {path} is registered")

    if "http_routes" in expected:
        got_r = Counter(
            (r.method, r.path, r.path_prefix) for _, r in model.http_routes
        )
        want_r = Counter(
            (r.get("method"), r.get("path"), r.get("path_prefix", r.get("pathPrefix"))) for r in expected["http_routes"]
        )
        if got_r != want_r:
            err(f"http_routes: got {sorted(got_r.elements(), key=str)}, want {sorted(want_r.elements(), key=str)}")

    if "crons" in expected:
        got_c = {(c.name, c.method, c.target) for _, c in model.crons}
        want_c = {(c.get("name"), c.get("method"), c.get("target")) for c in expected["crons"]}
        if got_c != want_c:
            err(f"crons: got {sorted(got_c, key=str)}, want {sorted(want_c, key=str)}")

    if "components" in expected or "component_uses" in expected:
        uses = model.config.uses if model.config else ()
        got_u = {(u.name, u.source) for u in uses}
        want_u = {(u["name"], u.get("source", u.get("import"))) for u in expected.get("components", expected.get("component_uses", []))}
        if got_u != want_u:
            err(f"components: got {sorted(got_u)}, want {sorted(want_u)}")

    if "modules" in expected:
        mods = module_view(model)
        for key, spec in expected["modules"].items():
            mk = _module_key(key, mods)
            got = mods.get(mk) if mk else None
            if got is None:
                if spec.get("entry"):
                    err(f"modules.{key}: not found")
                continue
            for k, v in spec.items():
                if k in got and got[k] != v:
                    err(f"modules.{key}.{k}: got {got[k]!r}, want {v!r}")
    return errors
