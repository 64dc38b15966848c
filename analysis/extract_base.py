"""Shared pieces of per-statement extraction: the facts records, the extraction context, small
syntax helpers and the vocabulary (builder factories, db methods, cron methods)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from .model import CronJob, HttpRoute, ImportDef, TableDef, TableEntry, Validator
from .syntax import node_text
from .validators import object_keys as _object_keys  # noqa: F401 - used by the extract_* modules

BUILDER_FACTORIES = {
    "customQuery": "query",
    "customMutation": "mutation",
    "customAction": "action",
    "zCustomQuery": "query",
    "zCustomMutation": "mutation",
    "zCustomAction": "action",
}
DB_METHODS = frozenset({"query", "insert", "get", "patch", "replace", "delete", "normalizeId"})
RANGE_METHODS = frozenset({"eq", "gt", "gte", "lt", "lte", "search", "neq"})
CRON_METHODS = frozenset({"interval", "hourly", "daily", "weekly", "monthly", "cron"})
REF_ROOTS = ("api", "internal", "components")
MAX_USE_DEPTH = 200
_AUTH_TEXT = re.compile(rb"getUserIdentity|getAuthUserId|getAuthSessionId")
# A builder customisation that authenticates, or that enforces row-level security.
_BUILDER_AUTH = re.compile(rb"getUserIdentity|getAuthUserId|getAuthSessionId|wrapDatabaseReader|wrapDatabaseWriter|RowLevelSecurity|\b(?:require|assert|ensure|check)[A-Z_]\w*\s*\(")
_IDENT = re.compile(rb"\b[A-Za-z_$][\w$]*\b")


@dataclass(frozen=True, slots=True)
class Binding:
    """A top-level name and what its value is, syntactically."""

    name: str
    kind: str  # call | builder | alias | table | tables | schema | validator | router | destructure | function | other
    exported: bool = False
    callee: str | None = None  # call / destructure: callee text; builder: factory; alias: target
    base: str | None = None  # builder: wrapped builder expression text
    syntax: str = "object"  # call: object | legacy
    args: Validator | None = None
    returns: Validator | None = None
    has_args: bool = False
    handler: bool = False  # call: first argument has a handler or is a function
    auth: bool = False  # builder/function: mentions an auth check
    table: TableDef | None = None
    entries: tuple[TableEntry, ...] = ()
    validator: Validator | None = None
    router: str | None = None  # crons | http | app | component
    names: tuple[str, ...] = ()  # destructure: the bound names
    options: tuple[tuple[str, str], ...] = ()  # schema options / config options


@dataclass(frozen=True, slots=True)
class RouterCall:
    receiver: str
    method: str
    route: HttpRoute | None = None
    cron: CronJob | None = None
    use: tuple[str, str | None, str | None] | None = None  # (component local name, name, httpPrefix)


@dataclass(frozen=True, slots=True)
class StmtFacts:
    imports: tuple[ImportDef, ...] = ()
    bindings: tuple[Binding, ...] = ()
    export_names: tuple[tuple[str, str], ...] = ()  # (local, exported) from `export { a as b }`
    reexports: tuple[tuple[str, str, str], ...] = ()
    default: Binding | None = None  # `export default <expr>` (name "default")
    default_ref: str | None = None  # `export default someIdentifier`
    calls: tuple[RouterCall, ...] = ()
    directive: str | None = None
    locations: tuple[tuple[tuple[str, ...], int, int], ...] = ()  # relative ranges
    uses: tuple[tuple[str, str, int, int, str, str | None, str | None], ...] = ()  # kind,name,s,e,ctx,table,index
    has_error: bool = False
    owner: str | None = None  # the binding this statement declares (enclosing function of its uses)


class _Ctx:
    __slots__ = ("data", "base", "locs", "uses")

    def __init__(self, data: bytes, base: int) -> None:
        self.data = data
        self.base = base
        self.locs: list[tuple[tuple[str, ...], int, int]] = []
        self.uses: list[tuple[str, str, int, int, str, str | None, str | None]] = []

    def loc(self, key: tuple[str, ...], node: Node) -> None:
        self.locs.append((key, node.start_byte - self.base, node.end_byte - self.base))

    def use(self, kind: str, name: str, node: Node, context: str, table: str | None = None, index: str | None = None) -> None:
        self.uses.append((kind, name, node.start_byte - self.base, node.end_byte - self.base, context, table, index))


def _unwrap(node: Node) -> Node:
    while node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression"):
        if not node.named_children:
            break
        node = node.named_children[0]
    return node


def _is_true(node: Node | None, data: bytes) -> bool:
    return node is not None and node_text(node, data) == "true"
