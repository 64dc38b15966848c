"""Plain data of completion: what is at the cursor (`CompletionContext`), what is offered
(`CompletionItem`), and the tables of Convex calling APIs both sides read."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import TextRange


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """What can be completed at the cursor.

    kind:
      table          a table-name string (`call` says where: "db.query", "v.id", "db.system.get", ...)
      index          an index-name string of `table` (`index_kind` db/search/vector)
      index_field    a field string in a range/search builder (`call` eq/gt/.../search; `previous`
                     holds the builder calls before it as (method, field))
      filter_field   a `q.field("…")` string inside `.filter`
      schema_field   a field string in an index definition of schema code (`anchor`: the table's
                     key or const name; `present`: fields already listed; `call` names the slot)
      doc_key        a key of the document object of insert/patch/replace (`path`: nested keys)
      function_ref   the next segment after `api.` / `internal.` / `components.` (`root`, `path`)
      ref_root       an identifier argument of a function-reference consumer (`consumer`)
      validator      the builder after `v.`
      statement      a statement start (`scope` top|block)
      chain_snippet  a member position on a `defineTable(...)` chain (replace range covers the dot)
      schema_entry   a key position of the `defineSchema({...})` object
    """

    kind: str
    partial: str
    replace: TextRange
    quoted: bool = False
    call: str = ""
    table: str | None = None
    index: str | None = None
    index_kind: str = "db"
    previous: tuple[tuple[str, str | None], ...] = ()
    path: tuple[str, ...] = ()
    root: str | None = None
    consumer: str | None = None
    present: tuple[str, ...] = ()
    anchor: str | None = None
    scope: str = ""
    keys: tuple[str, ...] = ()  # schema_field fallback: keys of the defineTable({...}) literal


@dataclass(frozen=True, slots=True)
class CompletionItem:
    label: str
    kind: str  # table | index | field | function | module | validator | snippet
    detail: str = ""
    documentation: str = ""  # markdown
    insert_text: str | None = None
    insert_text_is_snippet: bool = False
    sort_text: str | None = None
    filter_text: str | None = None
    replace_range: TextRange | None = None

    # Aliases read by the server's converter.
    @property
    def snippet(self) -> bool:
        return self.insert_text_is_snippet

    @property
    def range(self) -> TextRange | None:
        return self.replace_range


DB_TABLE_METHODS = frozenset({"query", "insert", "get", "patch", "replace", "delete", "normalizeId"})
RANGE_METHODS = frozenset({"eq", "gt", "gte", "lt", "lte", "search", "neq"})
CONSUMERS = {
    # calling API → accepted function kinds
    "useQuery": ("query",), "runQuery": ("query",), "usePaginatedQuery": ("query",),
    "fetchQuery": ("query",), "preloadQuery": ("query",), "useQueries": ("query",),
    "onUpdate": ("query",), "watchQuery": ("query",), "prefetchQuery": ("query",),
    "runMutation": ("mutation",), "useMutation": ("mutation",), "fetchMutation": ("mutation",),
    "runAction": ("action",), "useAction": ("action",), "fetchAction": ("action",),
    "runAfter": ("mutation", "action"), "runAt": ("mutation", "action"),
    "interval": ("mutation", "action"), "hourly": ("mutation", "action"), "daily": ("mutation", "action"),
    "weekly": ("mutation", "action"), "monthly": ("mutation", "action"), "cron": ("mutation", "action"),
}
# Which argument of a consumer is the function reference (default: the first).
REF_ARG = {"runAfter": (1,), "runAt": (1,), "interval": (2,), "daily": (2,), "weekly": (2,), "monthly": (2,),
           "cron": (2,), "hourly": (1, 2)}
REF_ROOTS = ("api", "internal", "components")
