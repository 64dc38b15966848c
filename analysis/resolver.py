"""Name resolution for the project model (module specifiers → files: `specifiers.py`): builder symbols → (kind,
visibility, auth) through imports, re-exports, aliases and custom-builder factories, validator
constants across files, and schema entries → tables (same file, other files, well-known packages)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Mapping

from .config import Settings
from .discovery import ConvexRoot, ModuleInfo
from .specifiers import generated_server, resolve_import
from .model import (
    BuilderInfo,
    FieldDef,
    FileInterface,
    FunctionDef,
    IndexDef,
    SchemaDef,
    TableDef,
    TableEntry,
    Validator,
)

_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")



@lru_cache(maxsize=1)
def package_facts() -> dict:
    return json.loads(resources.files("convex_lsp.analysis.data").joinpath("packages.json").read_text("utf-8"))


def _package_table(name: str, spec: dict) -> TableDef:
    fields = []
    for fname, t in spec["fields"].items():
        optional = t.endswith("?")
        t = t.rstrip("?")
        if t.startswith("id:"):
            v = Validator("id", optional, table=t[3:], builder="id")
        else:
            v = Validator({"string": "string", "number": "number", "boolean": "boolean"}.get(t, "any"), optional, builder=t)
        fields.append(FieldDef(fname, v))
    idx = tuple(IndexDef(n, "db", tuple(f)) for n, f in spec["indexes"].items())
    return TableDef(name, Validator("object", fields=tuple(fields)), idx, "package", "", name)


class Resolver:
    def __init__(self, root: ConvexRoot, interfaces: Mapping[str, FileInterface], settings: Settings) -> None:
        self.root = root
        self.ifaces = interfaces
        self.settings = settings
        self.files = set(interfaces)
        self.facts = package_facts()
        self.builder_cache: dict[tuple[str, str], BuilderInfo | None] = {}
        self.auth_helper_names = {n for i in interfaces.values() for n in i.helpers_with_auth} | set(settings.auth_helpers)
        self.import_cache: dict[tuple[str, str], str | None] = {}
        self.vconst_cache: dict[tuple[str, str], tuple[str, Validator] | None] = {}

    def resolve(self, file: str, spec: str) -> str | None:
        key = (file, spec)
        if key not in self.import_cache:
            self.import_cache[key] = resolve_import(file, spec, self.files)
        return self.import_cache[key]

    # ------------------------------------------------------------------ symbols
    def import_of(self, file: str, local: str) -> tuple[str, str] | None:
        """(source specifier, imported name) of a local binding, if imported."""
        iface = self.ifaces.get(file)
        if iface is None:
            return None
        for imp in iface.imports:
            if imp.type_only:
                continue
            for imported, loc in imp.names:
                if loc == local:
                    return imp.source, imported
        return None

    def exported_symbol(self, file: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """Follow `export { a as b }` and re-exports to (file, local name) that defines `name`."""
        iface = self.ifaces.get(file)
        if iface is None or depth > 10:
            return None
        for src, imported, exported in iface.reexports:
            if exported == name or (imported == "*" and exported == "*"):
                target = self.resolve(file, src)
                if target is None:
                    if exported == name:
                        return None
                    continue
                r = self.exported_symbol(target, imported if exported == name else name, depth + 1)
                if r is not None:
                    return r
        return file, name

    def builder_info(self, file: str, name: str, depth: int = 0) -> BuilderInfo | None:
        key = (file, name)
        if key in self.builder_cache:
            return self.builder_cache[key]
        self.builder_cache[key] = None  # cycle guard
        info = self._builder_info(file, name, depth)
        self.builder_cache[key] = info
        return info

    def _builder_info(self, file: str, name: str, depth: int) -> BuilderInfo | None:
        if depth > 12:
            return None
        regs = self.facts["registrars"]
        custom = dict(self.settings.custom_builders)
        iface = self.ifaces.get(file)
        if "." in name:  # ns.query where ns = import * as ns
            ns, _, member = name.partition(".")
            imp = self.import_of(file, ns)
            if imp and imp[1] == "*":
                target = self.resolve(file, imp[0])
                if target:
                    return self.builder_info(target, member, depth + 1)
                if generated_server(imp[0]) and member in regs["_generated/server"]:
                    k, vis = regs["_generated/server"][member]
                    return BuilderInfo(k, vis, False, f"_generated/server:{member}")
            return None
        if iface is not None:
            for b in iface.builders:
                if b.name != name:
                    continue
                if b.factory == "alias":
                    return self.builder_info(file, b.base, depth + 1)
                base = self.builder_info(file, b.base, depth + 1) if b.base else None
                kind = {"customQuery": "query", "customMutation": "mutation", "customAction": "action",
                        "zCustomQuery": "query", "zCustomMutation": "mutation", "zCustomAction": "action"}.get(b.factory, "unknown")
                vis = base.visibility if base else "public"
                auth = b.auth or (base.auth if base else False) or any(r in self.auth_helper_names for r in b.refs)
                return BuilderInfo(kind, vis, auth, f"{b.factory}({b.base})")  # type: ignore[arg-type]
        imp = self.import_of(file, name)
        if imp is not None:
            source, imported = imp
            if generated_server(source) and imported in regs["_generated/server"]:
                k, vis = regs["_generated/server"][imported]
                return BuilderInfo(k, vis, False, f"_generated/server:{imported}")
            if source == "convex/server" and imported in regs["convex/server"]:
                k, vis = regs["convex/server"][imported]
                return BuilderInfo(k, vis, False, f"convex/server:{imported}")
            target = self.resolve(file, source)
            if target is not None:
                sym = self.exported_symbol(target, imported)
                if sym is not None:
                    return self.builder_info(sym[0], sym[1], depth + 1)
        if name in custom:
            wrapped = custom[name]
            for group in regs.values():
                if wrapped in group:
                    k, vis = group[wrapped]
                    return BuilderInfo(k, vis, False, f"setting:{wrapped}")
        return None

    # ------------------------------------------------------------------ validators across files
    def validator_const(self, file: str, name: str) -> tuple[str, Validator] | None:
        """The validator const `name` visible in `file`: declared there or imported from a local file."""
        key = (file, name)
        if key in self.vconst_cache:
            return self.vconst_cache[key]
        self.vconst_cache[key] = None
        found: tuple[str, Validator] | None = None
        iface = self.ifaces.get(file)
        if iface is not None:
            for n, v in iface.validator_consts:
                if n == name:
                    found = (file, v)
                    break
            else:
                imp = self.import_of(file, name)
                target = self.resolve(file, imp[0]) if imp is not None and imp[1] not in ("*", "default") else None
                sym = self.exported_symbol(target, imp[1]) if target is not None and imp is not None else None
                if sym is not None and sym != (file, name):
                    found = self.validator_const(sym[0], sym[1])
        self.vconst_cache[key] = found
        return found

    def validator(self, file: str, v: Validator | None, depth: int = 0) -> Validator | None:
        """Substitute validator consts imported from other files (same-file ones are already resolved)."""
        if v is None or depth > 12:
            return v
        if v.kind == "unknown":
            if v.text and _IDENT.match(v.text):
                hit = self.validator_const(file, v.text)
                if hit is not None and hit[1].kind != "unknown":
                    target = self.validator(hit[0], hit[1], depth + 1)
                    if target is not None and v.optional and not target.optional:
                        return Validator(target.kind, True, target.table, target.literal, target.fields, target.items, target.builder, target.text)
                    return target
            return v
        if v.kind == "object" and v.fields:
            fields: list[FieldDef] = []
            changed = False
            for f in v.fields:
                if f.name.startswith("...") and _IDENT.match(f.name[3:]):
                    hit = self.validator_const(file, f.name[3:])
                    src = self.validator(hit[0], hit[1], depth + 1) if hit is not None else None
                    if src is not None and src.kind == "object":
                        fields.extend(src.fields)
                        changed = True
                        continue
                    fields.append(f)
                    continue
                nv = self.validator(file, f.validator, depth + 1)
                changed = changed or nv is not f.validator
                fields.append(FieldDef(f.name, nv if nv is not None else f.validator))
            if changed:
                return Validator("object", v.optional, v.table, v.literal, tuple(fields), v.items, v.builder, v.text)
            return v
        if v.items:
            items = tuple(self.validator(file, i, depth + 1) or i for i in v.items)
            if any(a is not b for a, b in zip(items, v.items)):
                return Validator(v.kind, v.optional, v.table, v.literal, v.fields, items, v.builder, v.text)
        return v

    def table(self, t: TableDef, name: str, file: str) -> TableDef:
        doc = self.validator(t.file or file, t.document) or t.document
        return TableDef(name, doc, t.indexes, t.source, t.file or file, t.anchor)

    # ------------------------------------------------------------------ schema
    def schema(self) -> SchemaDef | None:
        fdir = self.root.functions_dir
        for ext in (".ts", ".js", ".tsx"):
            path = f"{fdir}/schema{ext}"
            iface = self.ifaces.get(path)
            if iface is not None and iface.schema is not None:
                break
        else:
            return None
        tables: dict[str, TableDef] = {}
        unresolved: list[str] = []
        for entry in iface.schema:
            for t in self.entry_tables(path, entry, unresolved, 0):
                tables[t.name] = t
        opts = dict(iface.schema_options)
        return SchemaDef(path, tuple(tables.values()), opts.get("schemaValidation", "true") != "false",
                         opts.get("strictTableNameTypes", "true") != "false", tuple(unresolved))

    def entry_tables(self, file: str, entry: TableEntry, unresolved: list[str], depth: int) -> list[TableDef]:
        if entry.table is not None:
            return [self.table(entry.table, entry.name or entry.table.name, file)]
        ref = entry.ref or ""
        if depth > 8:
            unresolved.append(ref)
            return []
        if not entry.spread:
            t = self.const_table(file, ref, depth)
            if t is None:
                unresolved.append(ref)
                return []
            return [self.table(t, entry.name or "", file)]
        group = self.const_group(file, ref, depth)
        if group is None:
            unresolved.append("..." + ref)
            return []
        return group

    def _lookup(self, file: str, name: str, depth: int) -> tuple[str, str] | None:
        """Where a local name of `file` is defined: (file, const name) — same file or through an import."""
        iface = self.ifaces.get(file)
        if iface is None:
            return None
        if any(n == name for n, _ in iface.table_consts) or any(n == name for n, _ in iface.table_groups):
            return file, name
        imp = self.import_of(file, name)
        if imp is None:
            return None
        target = self.resolve(file, imp[0])
        if target is None:
            return ("pkg:" + imp[0], imp[1])
        sym = self.exported_symbol(target, imp[1])
        return sym

    def const_table(self, file: str, name: str, depth: int) -> TableDef | None:
        loc = self._lookup(file, name.split(".")[0], depth)
        if loc is None or loc[0].startswith("pkg:"):
            return None
        iface = self.ifaces.get(loc[0])
        if iface is None:
            return None
        for n, t in iface.table_consts:
            if n == loc[1]:
                return t
        return None

    def const_group(self, file: str, name: str, depth: int) -> list[TableDef] | None:
        loc = self._lookup(file, name, depth)
        if loc is None:
            return None
        if loc[0].startswith("pkg:"):
            pkg = loc[0][4:]
            spec = self.facts["tables"].get(pkg, {}).get(loc[1])
            if spec is None:
                return None
            return [_package_table(n, s) for n, s in spec.items()]
        iface = self.ifaces.get(loc[0])
        if iface is None:
            return None
        for n, entries in iface.table_groups:
            if n == loc[1]:
                out: list[TableDef] = []
                unresolved: list[str] = []
                for e in entries:
                    out.extend(self.entry_tables(loc[0], e, unresolved, depth + 1))
                return out
        return None

    # ------------------------------------------------------------------ functions
    def functions(self, modules: Mapping[str, ModuleInfo], runtime_of) -> tuple[list[FunctionDef], list[FunctionDef]]:
        exported: list[FunctionDef] = []
        unexported: list[FunctionDef] = []
        destructured = self.facts["destructured"]
        for path, iface in self.ifaces.items():
            info = modules.get(path)
            if info is None or not iface.functions:
                continue
            entry = info.entry and iface.module_syntax
            for fn in iface.functions:
                if fn.local == "destructure":
                    kind_vis = None
                    imp = self.import_of(path, fn.builder)
                    if imp is not None:
                        kind_vis = destructured.get(imp[0], {}).get(imp[1], {}).get(fn.name)
                    if kind_vis is None:
                        continue
                    b = BuilderInfo(kind_vis[0], kind_vis[1], False, f"{fn.builder}()")
                else:
                    b = self.builder_info(path, fn.builder)
                    if b is None:
                        continue
                fd = FunctionDef(
                    module=info.module, name=fn.name, kind=b.kind, visibility=b.visibility,
                    runtime=runtime_of(path), file=path, syntax=fn.syntax,
                args=self.validator(path, fn.args), returns=self.validator(path, fn.returns),
                    builder=fn.builder, auth_builder=b.auth, exported=fn.exported,
                    component=None,
                )
                if fn.exported and entry and b.kind != "unknown":
                    exported.append(fd)
                else:
                    unexported.append(fd)
        return exported, unexported


