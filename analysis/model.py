"""Frozen data: what a file declares (its *interface*) and what the project is made of.

Everything here is position-free except the `*Use` records (kept per file, never in the project
model) and `FileSummary.locations`. That is what makes the per-file interface a firewall: an edit
inside a function body changes neither the interface nor the project model (early cut-off), while
ranges are always read from the file's current summary.

Ranges are byte offsets (`TextRange`) into the file's UTF-8 text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .text import TextRange

FunctionKind = Literal["query", "mutation", "action", "httpAction", "unknown"]
Visibility = Literal["public", "internal"]
Runtime = Literal["convex", "node"]
IndexKind = Literal["db", "search", "vector"]


# --------------------------------------------------------------------------- validators
@dataclass(frozen=True, slots=True)
class FieldDef:
    name: str
    validator: "Validator"


@dataclass(frozen=True, slots=True)
class Validator:
    """A `v.*` validator tree.

    kind: string, number (v.number/v.float64), int64 (v.int64/v.bigint), boolean, null, any, bytes,
    id, literal, array, object, record, union, unknown (an expression we could not resolve).
    `builder` is the `v.` method as written (e.g. "float64", "bigint", "map"), for rules.
    """

    kind: str
    optional: bool = False
    table: str | None = None  # id
    literal: str | None = None  # literal: the value's source text ('"done"', '3', 'true')
    fields: tuple[FieldDef, ...] = ()  # object
    items: tuple["Validator", ...] = ()  # array: (element,); record: (key, value); union: members
    builder: str | None = None
    text: str | None = None  # source text for unknown

    def field(self, name: str) -> "Validator | None":
        for f in self.fields:
            if f.name == name:
                return f.validator
        return None

    def field_names(self) -> tuple[str, ...]:
        """Top-level field names (for a union of objects: the union of their fields, in order)."""
        if self.kind == "object":
            return tuple(f.name for f in self.fields)
        if self.kind == "union":
            seen: dict[str, None] = {}
            for m in self.items:
                for n in m.field_names():
                    seen.setdefault(n, None)
            return tuple(seen)
        return ()

    def render(self) -> str:
        """TypeScript-ish source for hover and fixes (`v.string()`, `v.optional(v.id("users"))`)."""
        inner = self._render_required()
        return f"v.optional({inner})" if self.optional else inner

    def _render_required(self) -> str:
        k = self.kind
        if k == "id":
            return f'v.id("{self.table}")'
        if k == "literal":
            return f"v.literal({self.literal})"
        if k == "object":
            body = ", ".join(f"{f.name}: {f.validator.render()}" for f in self.fields)
            return "v.object({ " + body + " })" if body else "v.object({})"
        if k == "array":
            return f"v.array({self.items[0].render() if self.items else 'v.any()'})"
        if k == "record":
            if len(self.items) == 2:
                return f"v.record({self.items[0].render()}, {self.items[1].render()})"
            return "v.record(v.string(), v.any())"
        if k == "union":
            return "v.union(" + ", ".join(m.render() for m in self.items) + ")"
        if k == "unknown":
            return self.text or "unknown"
        return f"v.{self.builder or k}()"


# --------------------------------------------------------------------------- schema
@dataclass(frozen=True, slots=True)
class IndexDef:
    name: str
    kind: IndexKind = "db"
    fields: tuple[str, ...] = ()  # db: field list (without the implicit _creationTime)
    staged: bool = False
    search_field: str | None = None
    filter_fields: tuple[str, ...] = ()
    vector_field: str | None = None
    dimensions: int | None = None


BUILTIN_INDEXES: tuple[IndexDef, ...] = (
    IndexDef("by_id", "db", ("_id",)),
    IndexDef("by_creation_time", "db", ("_creationTime",)),
)


@dataclass(frozen=True, slots=True)
class TableDef:
    name: str
    document: Validator  # object / union of objects / any / unknown
    indexes: tuple[IndexDef, ...] = ()
    source: str = "inline"  # inline | const | package:<name> | helper
    file: str = ""  # path of the file that defines it (for locations)
    anchor: str = ""  # key of its locations in `file`: the table name (inline) or the const name

    def index(self, name: str) -> IndexDef | None:
        for ix in self.indexes:
            if ix.name == name:
                return ix
        for ix in BUILTIN_INDEXES:
            if ix.name == name:
                return ix
        return None

    def queryable_indexes(self, kind: IndexKind = "db") -> tuple[IndexDef, ...]:
        own = tuple(ix for ix in self.indexes if ix.kind == kind and not ix.staged)
        return own + (BUILTIN_INDEXES if kind == "db" else ())

    def field_names(self) -> tuple[str, ...]:
        return self.document.field_names()


@dataclass(frozen=True, slots=True)
class SchemaDef:
    file: str
    tables: tuple[TableDef, ...] = ()
    schema_validation: bool = True
    strict_table_name_types: bool = True
    unresolved: tuple[str, ...] = ()  # spreads / references we could not resolve (names)

    def table(self, name: str) -> TableDef | None:
        for t in self.tables:
            if t.name == name:
                return t
        return None


# --------------------------------------------------------------------------- functions
@dataclass(frozen=True, slots=True)
class FunctionDef:
    """One registered Convex function (after builder resolution)."""

    module: str  # module path, e.g. "users/profile"
    name: str  # export name ("default" for export default)
    kind: FunctionKind
    visibility: Visibility
    runtime: Runtime
    file: str
    syntax: Literal["object", "legacy", "unknown"] = "object"
    args: Validator | None = None  # None: no args validator
    returns: Validator | None = None
    builder: str = ""  # the builder as written, e.g. "query", "authQuery"
    auth_builder: bool = False  # the builder performs an auth check
    exported: bool = True
    component: str | None = None  # component instance name when inside a component

    @property
    def api_path(self) -> str:
        root = "api" if self.visibility == "public" else "internal"
        return ".".join([root, *self.module.split("/"), self.name])

    @property
    def function_name(self) -> str:
        """The string name: "dir/file:name" (default export: "dir/file")."""
        return self.module if self.name == "default" else f"{self.module}:{self.name}"


@dataclass(frozen=True, slots=True)
class BuilderInfo:
    """What a builder symbol creates: a base registrar or a custom builder wrapping one."""

    kind: FunctionKind
    visibility: Visibility
    auth: bool = False  # performs an auth check
    origin: str = ""  # e.g. "_generated/server:query", "convex-helpers:customQuery(query)"


# --------------------------------------------------------------------------- http, crons, config
@dataclass(frozen=True, slots=True)
class HttpRoute:
    method: str | None
    path: str | None = None
    path_prefix: str | None = None
    handler: str = ""  # "inline" or the handler expression text
    handler_wrapped: bool = True


@dataclass(frozen=True, slots=True)
class CronJob:
    name: str | None
    method: str  # interval | hourly | daily | weekly | monthly | cron
    schedule: tuple[tuple[str, str], ...] = ()  # (key, source text) or (("cron", "0 * * * *"),)
    target: str | None = None  # reference expression text, e.g. "internal.jobs.cleanup"


@dataclass(frozen=True, slots=True)
class ComponentUse:
    name: str  # instance name (explicit name or the import's local default name)
    source: str  # import specifier of the component definition
    http_prefix: str | None = None


@dataclass(frozen=True, slots=True)
class ConvexConfig:
    kind: Literal["app", "component"]
    name: str | None = None  # defineComponent name
    env: tuple[tuple[str, str], ...] = ()  # (NAME, validator source)
    uses: tuple[ComponentUse, ...] = ()
    http_prefix: str | None = None


@dataclass(frozen=True, slots=True)
class AuthProvider:
    domain: str | None = None
    application_id: str | None = None
    type: str | None = None
    issuer: str | None = None


# --------------------------------------------------------------------------- imports & exports
@dataclass(frozen=True, slots=True)
class ImportDef:
    source: str  # module specifier as written
    names: tuple[tuple[str, str], ...] = ()  # (imported, local); "default" and "*" are special
    type_only: bool = False
    side_effect: bool = False  # import "x";
    is_require: bool = False


@dataclass(frozen=True, slots=True)
class BuilderDef:
    """`const authQuery = customQuery(query, customCtx(...))` and friends, local to a file."""

    name: str
    factory: str  # customQuery | customMutation | customAction | zCustomQuery | ... | alias
    base: str  # local name of the wrapped builder expression (identifier)
    auth: bool = False  # the customisation performs an auth check
    exported: bool = True
    refs: tuple[str, ...] = ()  # identifiers the customisation uses (helpers, consts): auth may come through them


@dataclass(frozen=True, slots=True)
class ExportedFunction:
    """A registrar call bound to an export, before builder resolution."""

    name: str  # export name ("default" for export default)
    builder: str  # callee identifier as written ("query", "authQuery", "ns.query" → "ns.query")
    syntax: Literal["object", "legacy", "unknown"] = "object"
    args: Validator | None = None
    returns: Validator | None = None
    has_args: bool = False  # an `args` key is present (even if unresolved)
    exported: bool = True
    local: str | None = None  # local binding name when exported via `export { local as name }`


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One entry of the `defineSchema({...})` object before cross-file resolution."""

    name: str | None  # table name; None for a spread
    table: TableDef | None = None  # resolved inline
    ref: str | None = None  # identifier referenced (`posts: postsTable` or `...authTables`)
    spread: bool = False


@dataclass(frozen=True, slots=True)
class FileInterface:
    """What other files and the project model can see of one file. Position-free and hashable."""

    path: str
    use_node: bool = False
    module_syntax: bool = True  # has a line starting with import/export (else the bundler skips it)
    imports: tuple[ImportDef, ...] = ()
    exports: tuple[str, ...] = ()  # every exported name
    reexports: tuple[tuple[str, str, str], ...] = ()  # (source, imported, exported); ("src","*","*")
    functions: tuple[ExportedFunction, ...] = ()
    builders: tuple[BuilderDef, ...] = ()
    # Schema pieces: consts holding tables / objects of tables (for cross-file schema resolution).
    table_consts: tuple[tuple[str, TableDef], ...] = ()  # (const name, table without name)
    table_groups: tuple[tuple[str, tuple[TableEntry, ...]], ...] = ()  # const name → entries
    validator_consts: tuple[tuple[str, Validator], ...] = ()
    schema: tuple[TableEntry, ...] | None = None  # entries of defineSchema (schema.ts)
    schema_options: tuple[tuple[str, str], ...] = ()
    http_routes: tuple[HttpRoute, ...] = ()
    crons: tuple[CronJob, ...] = ()
    config: ConvexConfig | None = None
    auth_providers: tuple[AuthProvider, ...] | None = None
    helpers_with_auth: tuple[str, ...] = ()  # exported helpers whose body performs an auth check


@dataclass(frozen=True, slots=True)
class Located:
    """A located item of a file, keyed for lookups from the project model."""

    key: tuple[str, ...]  # ("table", name) ("field", table, name) ("index", table, name) ("function", name) ...
    range: TextRange


class FileSummary:
    """Per-file facts: the interface (the firewall) plus located items and uses.

    Immutable by convention. `locations` and `uses` are materialised lazily from the statement-level
    facts (statement-relative ranges shifted to the statement's current offset), so an edit pays
    only for what a consumer reads.
    """

    __slots__ = ("path", "interface", "has_errors", "_parts", "_locations", "_uses", "_function_uses")

    def __init__(self, path: str, interface: FileInterface, has_errors: bool, parts: tuple = ()) -> None:
        self.path = path
        self.interface = interface
        self.has_errors = has_errors
        self._parts = parts  # ((base offset, StmtFacts), ...)
        self._locations: tuple[Located, ...] | None = None
        self._uses: tuple[Use, ...] | None = None
        self._function_uses: tuple[Use, ...] | None = None

    @property
    def locations(self) -> tuple[Located, ...]:
        if self._locations is None:
            self._locations = tuple(
                Located(key, TextRange(base + s, base + e)) for base, f in self._parts for key, s, e in f.locations
            )
        return self._locations

    @property
    def uses(self) -> tuple["Use", ...]:
        if self._uses is None:
            out = []
            for base, f in self._parts:
                fn = f.owner
                for kind, name, s, e, ctx, table, index in f.uses:
                    out.append(Use(kind, name, TextRange(base + s, base + e), ctx, table, index, fn))
            self._uses = tuple(out)
        return self._uses

    @property
    def function_uses(self) -> tuple["Use", ...]:
        """The `api.`/`internal.`/`components.` references (project-wide scans read only these)."""
        if self._function_uses is None:
            self._function_uses = tuple(u for u in self.uses if u.kind == "function")
        return self._function_uses

    def locate(self, *key: str) -> TextRange | None:
        for loc in self.locations:
            if loc.key == key:
                return loc.range
        return None


# --------------------------------------------------------------------------- uses (per file)
@dataclass(frozen=True, slots=True)
class Use:
    """A located reference inside code.

    kind:
      table      a table-name string (db.query/get/insert/..., v.id, schema.doc/id, vectorSearch)
      index      an index-name string (withIndex/withSearchIndex/vectorSearch); `table` set when known
      field      a field-name string (range builder, q.field, search, insert/patch keys); `table`
      function   an `api.`/`internal.`/`components.` reference; `name` is the dotted path
    `context` says where it sits: e.g. "db.query", "db.get", "v.id", "withIndex", "eq", "runQuery",
    "runAfter", "useQuery", "crons.interval", ... `function` is the enclosing export name if any.
    """

    kind: str
    name: str
    range: TextRange
    context: str = ""
    table: str | None = None
    index: str | None = None
    function: str | None = None
