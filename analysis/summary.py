"""File-level assembly: statements' facts → `FileSummary` (interface + located uses).

`summarize()` takes the previous statement cache of the same file and returns a new one: statements
whose bytes did not change are not re-extracted (their facts are reused, only their base offset
moves). Statements containing syntax errors are always re-extracted, never cached.
"""

from __future__ import annotations

import re

from tree_sitter import Tree

from .extract import Binding, StmtFacts, extract_statement
from .extract_uses import api_aliases
from .model import (
    AuthProvider,
    BuilderDef,
    ComponentUse,
    ConvexConfig,
    CronJob,
    ExportedFunction,
    FieldDef,
    FileInterface,
    FileSummary,
    HttpRoute,
    ImportDef,
    TableDef,
    TableEntry,
    Validator,
)
from .syntax import language_for

StmtCache = dict[tuple[str, bytes, tuple], StmtFacts]
_MODULE_SYNTAX = re.compile(rb"^[ \t]*(import|export)\b", re.M)


def summarize(path: str, data: bytes, tree: Tree, cache: StmtCache | None = None) -> tuple[FileSummary, StmtCache]:
    cache = cache or {}
    new_cache: StmtCache = {}
    lang = language_for(path)
    parts: list[tuple[int, StmtFacts]] = []
    root = tree.root_node
    aliases = api_aliases(root, data)  # part of the key: a statement's uses depend on them
    for stmt in root.children:
        if stmt.type == "comment":
            continue
        s, e = stmt.start_byte, stmt.end_byte
        if stmt.has_error:
            facts = extract_statement(stmt, data, lang, aliases)
        else:
            key = (stmt.type, data[s:e], aliases)
            facts = cache.get(key)
            if facts is None:
                facts = extract_statement(stmt, data, lang, aliases)
            new_cache[key] = facts
        parts.append((s, facts))
    iface = assemble(path, data, tuple(f for _, f in parts))
    return FileSummary(path, iface, root.has_error, tuple(parts)), new_cache


def assemble(path: str, data: bytes, facts: tuple[StmtFacts, ...]) -> FileInterface:
    imports: list[ImportDef] = []
    bindings: dict[str, Binding] = {}
    order: list[Binding] = []
    export_names: list[tuple[str, str]] = []
    reexports: list[tuple[str, str, str]] = []
    default: Binding | None = None
    default_ref: str | None = None
    calls = []
    use_node = False
    prologue = True
    for f in facts:
        if prologue:
            if f.directive is not None:
                if f.directive == "use node":
                    use_node = True
            else:
                prologue = False
        imports.extend(f.imports)
        for b in f.bindings:
            order.append(b)
            for n in (b.names if b.kind == "destructure" else (b.name,)):
                bindings[n] = b
        export_names.extend(f.export_names)
        reexports.extend(f.reexports)
        if f.default is not None:
            default = f.default
        if f.default_ref is not None:
            default_ref = f.default_ref
        calls.extend(f.calls)

    exported_locals = {local: exp for local, exp in export_names}
    if default_ref is not None:
        exported_locals.setdefault(default_ref, "default")
    exports: list[str] = []
    for b in order:
        if b.exported:
            exports.extend(b.names if b.kind == "destructure" else (b.name,))
    exports.extend(exp for _, exp in export_names)
    exports.extend(exp for _, _, exp in reexports if exp != "*")
    if default is not None or default_ref is not None:
        exports.append("default")

    validators = {b.name: b.validator for b in order if b.kind == "validator" and b.validator is not None}
    resolve = _Resolver(validators).resolve

    functions: list[ExportedFunction] = []

    def add_fn(b: Binding, name: str, exported: bool, local: str | None = None) -> None:
        functions.append(
            ExportedFunction(
                name, b.callee or "", b.syntax,  # type: ignore[arg-type]
                resolve(b.args) if b.args is not None else None,
                resolve(b.returns) if b.returns is not None else None,
                b.has_args, exported, local,
            )
        )

    for b in order:
        if b.kind == "call":
            if b.exported:
                add_fn(b, b.name, True)
            elif b.name in exported_locals:
                add_fn(b, exported_locals[b.name], True, local=b.name)
            else:
                add_fn(b, b.name, False)
        elif b.kind == "destructure" and (b.exported or any(n in exported_locals for n in b.names)):
            for n in b.names:
                functions.append(ExportedFunction(exported_locals.get(n, n), b.callee or "", "unknown", exported=True, local="destructure"))
    if default is not None and default.kind == "call":
        add_fn(default, "default", True)

    builders = []
    for b in order:
        if b.kind == "builder":
            auth = b.auth or any(bindings[r].auth for r in b.names if r in bindings and bindings[r] is not b)
            builders.append(BuilderDef(b.name, b.callee or "", b.base or "", auth, b.exported or b.name in exported_locals, b.names))
        elif b.kind == "alias" and b.callee:
            builders.append(BuilderDef(b.name, "alias", b.callee, False, b.exported or b.name in exported_locals))

    table_consts = tuple(
        (b.name, TableDef(b.table.name, resolve(b.table.document), b.table.indexes, "const", path, b.table.anchor))
        for b in order if b.kind == "table" and b.table is not None
    )
    table_groups = tuple((b.name, _resolve_entries(b.entries, resolve, path)) for b in order if b.kind == "tables")

    schema = None
    schema_options: tuple[tuple[str, str], ...] = ()
    sb = default if default is not None and default.kind == "schema" else (bindings.get(default_ref) if default_ref else None)
    if sb is not None and sb.kind == "schema":
        schema = _resolve_entries(sb.entries, resolve, path)
        schema_options = sb.options

    routers = {b.name: b.router for b in order if b.kind == "router"}
    http_routes: list[HttpRoute] = []
    crons: list[CronJob] = []
    uses: list[ComponentUse] = []
    for c in calls:
        kind = routers.get(c.receiver)
        if kind == "http" and c.route is not None:
            http_routes.append(c.route)
        elif kind == "crons" and c.cron is not None:
            crons.append(c.cron)
        elif kind in ("app", "component") and c.use is not None:
            local, nm, prefix = c.use
            source = next((imp.source for imp in imports for (_, loc) in imp.names if loc == local), local)
            uses.append(ComponentUse(nm or local, source, prefix))

    config = None
    cb = default if default is not None and default.kind == "router" else (bindings.get(default_ref) if default_ref else None)
    if cb is None:
        cb = next((b for b in order if b.kind == "router" and b.router in ("app", "component")), None)
    if cb is not None and cb.router in ("app", "component"):
        opts = dict(cb.options)
        env = tuple((k[4:], v) for k, v in cb.options if k.startswith("env:"))
        config = ConvexConfig(cb.router, opts.get("name"), env, tuple(uses), opts.get("httpPrefix"))  # type: ignore[arg-type]

    auth_providers = None
    ab = default if default is not None and default.kind == "authconfig" else (bindings.get(default_ref) if default_ref else None)
    if ab is not None and ab.kind == "authconfig":
        provs: dict[str, dict[str, str]] = {}
        for k, v in ab.options:
            i, _, key = k.partition(":")
            provs.setdefault(i, {})
            if key:
                provs[i][key] = v
        auth_providers = tuple(
            AuthProvider(p.get("domain"), p.get("applicationID"), p.get("type"), p.get("issuer")) for p in provs.values()
        )

    return FileInterface(
        path=path,
        use_node=use_node,
        module_syntax=bool(_MODULE_SYNTAX.search(data)),
        imports=tuple(imports),
        exports=tuple(dict.fromkeys(exports)),
        reexports=tuple(reexports),
        functions=tuple(functions),
        builders=tuple(builders),
        table_consts=table_consts,
        table_groups=table_groups,
        validator_consts=tuple((k, resolve(v)) for k, v in validators.items()),
        schema=schema,
        schema_options=schema_options,
        http_routes=tuple(http_routes),
        crons=tuple(crons),
        config=config,
        auth_providers=auth_providers,
        helpers_with_auth=tuple(b.name for b in order if b.kind == "function" and b.auth),
    )


def _resolve_entries(entries: tuple[TableEntry, ...], resolve, path: str) -> tuple[TableEntry, ...]:
    out = []
    for e in entries:
        if e.table is not None:
            t = e.table
            out.append(TableEntry(e.name, TableDef(t.name, resolve(t.document), t.indexes, t.source, path, t.anchor), e.ref, e.spread))
        else:
            out.append(e)
    return tuple(out)


class _Resolver:
    """Substitutes same-file validator constants (`status: statusValidator`, `...sharedFields`)."""

    def __init__(self, consts: dict[str, Validator]) -> None:
        self.consts = consts

    def resolve(self, v: Validator | None, depth: int = 0) -> Validator:
        if v is None:
            return Validator("unknown")
        if depth > 20 or not self.consts:
            return v
        if v.kind == "unknown" and v.text in self.consts:
            target = self.resolve(self.consts[v.text], depth + 1)
            if v.optional and not target.optional:
                return Validator(target.kind, True, target.table, target.literal, target.fields, target.items, target.builder, target.text)
            return target
        if v.kind == "object" and v.fields:
            fields: list[FieldDef] = []
            changed = False
            for f in v.fields:
                if f.name.startswith("..."):
                    src = self.consts.get(f.name[3:])
                    if src is not None:
                        src = self.resolve(src, depth + 1)
                        if src.kind == "object":
                            fields.extend(src.fields)
                            changed = True
                            continue
                    fields.append(f)
                    continue
                nv = self.resolve(f.validator, depth + 1)
                if nv is not f.validator:
                    changed = True
                fields.append(FieldDef(f.name, nv))
            if changed:
                return Validator("object", v.optional, v.table, v.literal, tuple(fields), v.items, v.builder, v.text)
            return v
        if v.items:
            items = tuple(self.resolve(i, depth + 1) for i in v.items)
            if any(a is not b for a, b in zip(items, v.items)):
                return Validator(v.kind, v.optional, v.table, v.literal, v.fields, items, v.builder, v.text)
        return v
