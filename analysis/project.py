"""The project model of one Convex root, built from file interfaces only (never from trees).

`build_project` assembles modules, functions (with api paths), the schema, routes, crons, config and
the import graph; the name resolution it relies on (imports, builders, validator constants, schema
entries across files and packages) lives in `resolver.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from .config import Settings
from .discovery import ConvexRoot, ModuleInfo, component_dirs, module_info
from .model import (
    AuthProvider,
    BuilderInfo,
    ConvexConfig,
    CronJob,
    FileInterface,
    FunctionDef,
    HttpRoute,
    SchemaDef,
    TableDef,
)

_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


from .resolver import Resolver, _package_table, package_facts  # noqa: F401 - re-exported
from .specifiers import alias_spec, resolve_import, with_aliases  # noqa: F401 - resolve_import re-exported


@dataclass(frozen=True)
class ProjectModel:
    root: ConvexRoot
    modules: Mapping[str, ModuleInfo]  # path → info (files under the functions dir)
    interfaces: Mapping[str, FileInterface]
    schema: SchemaDef | None
    functions: tuple[FunctionDef, ...]
    unexported: tuple[FunctionDef, ...]  # registered but not exported (or in non-entry files)
    http_routes: tuple[tuple[str, HttpRoute], ...]  # (file, route)
    crons: tuple[tuple[str, CronJob], ...]
    config: ConvexConfig | None
    config_file: str | None
    auth_providers: tuple[AuthProvider, ...] | None
    imports: Mapping[str, tuple[str, ...]]  # file → resolved local files it value-imports
    builders: Mapping[tuple[str, str], BuilderInfo]  # (file, local name) → builder
    auth_helpers: frozenset[str]  # names of helpers (any file) that perform an auth check
    _by_api: Mapping[str, FunctionDef] = field(default_factory=dict)
    _by_file: Mapping[str, tuple[FunctionDef, ...]] = field(default_factory=dict)  # exported and unexported

    # ------------------------------------------------------------------ lookups
    @property
    def tables(self) -> tuple[TableDef, ...]:
        return self.schema.tables if self.schema else ()

    def table(self, name: str) -> TableDef | None:
        return self.schema.table(name) if self.schema else None

    def table_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    def function(self, path: str) -> FunctionDef | None:
        """By api path (`api.a.b`, `internal.a.b`) or string name (`a:b`)."""
        return self._by_api.get(path)

    def functions_in(self, file: str) -> tuple[FunctionDef, ...]:
        """The deployed functions of `file`."""
        deployed = self._deployed_ids
        return tuple(f for f in self._by_file.get(file, ()) if id(f) in deployed)

    def function_at(self, file: str, name: str) -> FunctionDef | None:
        """The registration named `name` in `file` (export name, or local name when not exported)."""
        for f in self._by_file.get(file, ()):
            if f.name == name:
                return f
        return None

    @property
    def _deployed_ids(self) -> frozenset[int]:
        cached = self.__dict__.get("_deployed_cache")
        if cached is None:
            cached = frozenset(id(f) for f in self.functions)
            object.__setattr__(self, "_deployed_cache", cached)
        return cached

    def builder(self, file: str, name: str) -> BuilderInfo | None:
        return self.builders.get((file, name))

    def module(self, path: str) -> ModuleInfo | None:
        return self.modules.get(path)

    def resolve(self, file: str, spec: str) -> str | None:
        """The file of the root an import specifier of `file` names (relative, or through the
        root's tsconfig `paths` aliases); None for packages and files outside the root."""
        if self.root.aliases and not spec.startswith("."):
            spec = alias_spec(file, spec, self.root.aliases, self.interfaces) or spec
        return resolve_import(file, spec, self.interfaces)

    def importers_of(self, file: str) -> tuple[str, ...]:
        return tuple(f for f, deps in self.imports.items() if file in deps)


def build_project(root: ConvexRoot, interfaces: Mapping[str, FileInterface], settings: Settings | None = None) -> ProjectModel:
    """Build the model of `root` from the interfaces of the files under it. Pure."""
    settings = settings or Settings()
    if root.aliases:
        files = set(interfaces)
        interfaces = {p: with_aliases(p, i, root.aliases, files) for p, i in interfaces.items()}
    b = Resolver(root, interfaces, settings)
    skip = component_dirs(root, interfaces.keys())
    modules: dict[str, ModuleInfo] = {}
    for path in sorted(interfaces):
        info = module_info(root, path, skip)
        if info is not None and not any(path.startswith(d + "/") for d in skip):
            modules[path] = info
        elif info is not None:
            modules[path] = ModuleInfo(path, info.module, False, "inside a component directory", info.invalid_components, None)
    runtime_of = lambda p: "node" if interfaces[p].use_node else "convex"  # noqa: E731
    fns, unexported = b.functions(modules, runtime_of)
    fns.sort(key=lambda f: (f.module, f.name))
    by_api: dict[str, FunctionDef] = {}
    for f in fns:
        by_api[f.api_path] = f
        by_api[f.function_name] = f
    routes: list[tuple[str, HttpRoute]] = []
    crons: list[tuple[str, CronJob]] = []
    config = None
    config_file = None
    auth = None
    fdir = root.functions_dir
    for path, iface in sorted(interfaces.items()):
        info = modules.get(path)
        special = info.special if info else None
        if special == "http":
            routes.extend((path, r) for r in iface.http_routes)
        elif special == "crons":
            crons.extend((path, c) for c in iface.crons)
        elif special == "convex.config" or (root.kind == "component" and path.startswith(fdir + "/convex.config.")):
            config, config_file = iface.config, path
        elif special == "auth.config":
            auth = iface.auth_providers
    imports: dict[str, tuple[str, ...]] = {}
    builders: dict[tuple[str, str], BuilderInfo] = {}
    auth_helpers: set[str] = set(settings.auth_helpers)
    for path, iface in interfaces.items():
        deps = []
        for imp in iface.imports:
            if imp.type_only:
                continue
            t = b.resolve(path, imp.source)
            if t is not None:
                deps.append(t)
        imports[path] = tuple(dict.fromkeys(deps))
        auth_helpers.update(iface.helpers_with_auth)
        for imp in iface.imports:
            for _, local in imp.names:
                info_b = b.builder_info(path, local)
                if info_b is not None:
                    builders[(path, local)] = info_b
        for bd in iface.builders:
            info_b = b.builder_info(path, bd.name)
            if info_b is not None:
                builders[(path, bd.name)] = info_b
    for name, wrapped in settings.custom_builders:
        for path in interfaces:
            info_b = b.builder_info(path, name)
            if info_b is not None:
                builders.setdefault((path, name), info_b)
    by_file: dict[str, list[FunctionDef]] = {}
    for f in (*fns, *unexported):
        by_file.setdefault(f.file, []).append(f)
    return ProjectModel(
        root=root,
        modules=modules,
        interfaces=dict(interfaces),
        schema=b.schema(),
        functions=tuple(fns),
        unexported=tuple(unexported),
        http_routes=tuple(routes),
        crons=tuple(crons),
        config=config,
        config_file=config_file,
        auth_providers=auth,
        imports=imports,
        builders=builders,
        auth_helpers=frozenset(auth_helpers),
        _by_api=by_api,
        _by_file={k: tuple(v) for k, v in by_file.items()},
    )
