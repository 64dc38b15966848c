"""Rule metadata and the context a rule's `check` receives.

A rule module defines `RULE = Rule(...)` and `def check(ctx: RuleContext) -> Iterator[Diagnostic]`,
and its docstring holds the docs (sections: What it does / Why is this bad? / Example / Use instead /
When not to use it / Fix safety / References).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Literal, Mapping

import bisect

from tree_sitter import Node, Query, QueryCursor

from ..diagnostics import Diagnostic, Edit, Fix, Severity
from ..model import BuilderInfo, FileSummary
from ..syntax import language_for
from ..text import TextRange

if TYPE_CHECKING:  # pragma: no cover
    from ..host import Analysis
    from ..project import ProjectModel

FixAvailability = Literal["none", "sometimes", "always"]
_TYPE_QUERIES: dict[tuple[int, tuple[str, ...]], Query] = {}
#: Node types collected together on the first request (the ones rules walk for).
# Every query is a full traversal of the tree (~0.15 ms per file whatever it captures), so the types
# that most files end up asking for come from one query; rarer types get a query of their own.
COMMON_NODE_TYPES = (
    "call_expression", "variable_declarator", "identifier", "shorthand_property_identifier",
    "member_expression", "new_expression", "expression_statement",
    "shorthand_property_identifier_pattern", "class_declaration", "function_declaration",
    "import_specifier", "required_parameter", "optional_parameter", "import_clause",
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Literal["correctness", "performance", "security", "style", "suspicious"]
    default_severity: Severity
    summary: str  # one line: what it flags
    enabled_by_default: bool = True
    fix: FixAvailability = "none"
    applicability: Literal["safe", "unsafe", "display-only"] | None = None
    ep_alias: str | None = None  # @convex-dev/eslint-plugin id
    since: str = "0.1.0"
    options: Mapping[str, Any] = field(default_factory=dict)  # option name → default
    messages: Mapping[str, str] = field(default_factory=dict)  # message id → template
    files: Literal["any", "schema", "functions", "http", "crons", "config"] = "any"

    def message(self, message_id: str, **fmt: Any) -> str:
        return self.messages[message_id].format(**fmt)


@dataclass(frozen=True, slots=True)
class Registration:
    """A registrar call in this file (`export const f = query({...})`), resolved through the model."""

    name: str  # export name, local const name, or "default"
    exported: bool
    call: Node  # the call_expression node
    callee: Node  # the callee node (`query`, `authQuery`)
    builder: BuilderInfo
    config: Node | None  # first argument when it is an object literal (object syntax)
    handler: Node | None  # the handler function node (object `handler` value/method, or the legacy function)
    args: Node | None  # the `args` value node
    returns: Node | None  # the `returns` value node
    syntax: Literal["object", "legacy"]
    statement: Node  # top-level statement holding it

    @property
    def kind(self) -> str:
        return self.builder.kind

    @property
    def visibility(self) -> str:
        return self.builder.visibility


class RuleContext:
    """Everything a rule may read about one file. Built once per file per lint run."""

    def __init__(
        self,
        snap: "Analysis",
        path: str,
        project: "ProjectModel",
        rule_options: Mapping[str, Any] | None = None,
        settings: Any = None,
    ) -> None:
        self.snap = snap
        self.path = path
        self.project = project
        st = snap.state(path)
        assert st is not None
        self.data: bytes = st.data
        self.tree = st.tree
        self.root: Node = st.tree.root_node
        self.summary: FileSummary = st.summary
        self.settings = settings or snap.settings
        self.module = project.module(path)
        self.options: Mapping[str, Any] = rule_options or {}
        self._rule: Rule | None = None
        self._registrations: list[Registration] | None = None
        self._nodes: dict[str, tuple[list[int], list[Node]]] = {}
        self._memo: dict[Any, Any] = {}
        self.want_fixes = True
        self.first_fix_only = False

    # ------------------------------------------------------------------ text helpers
    def text(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def range(self, node: Node) -> TextRange:
        return TextRange(node.start_byte, node.end_byte)

    def range_inside_quotes(self, rng: TextRange) -> TextRange:
        """The content of a string literal's range (without its quotes)."""
        d = self.data
        if rng.end - rng.start >= 2 and d[rng.start : rng.start + 1] in (b'"', b"'", b"`"):
            end = rng.end - 1 if d[rng.end - 1 : rng.end] == d[rng.start : rng.start + 1] else rng.end
            return TextRange(rng.start + 1, end)
        return rng

    @property
    def in_functions_dir(self) -> bool:
        return self.module is not None

    @property
    def is_entry(self) -> bool:
        return self.module is not None and self.module.entry and self.summary.interface.module_syntax

    @property
    def special(self) -> str | None:
        return self.module.special if self.module else None

    # ------------------------------------------------------------------ node index
    def walk(self, node: Node, types: frozenset[str] | set[str]) -> Iterator[Node]:
        """The nodes of the given types inside `node` (itself included), in document order.

        Rules ask for a few node types many times over (61 rules, each walking handlers or the whole
        file): walking the tree in Python for each was most of the lint time. Here each type is
        collected once per file by a tree-sitter query (a C-side traversal) and every request is two
        binary searches in that list."""
        s, e = node.start_byte, node.end_byte
        out: list[Node] = []
        for t in types:
            starts, nodes = self._index(t)
            lo = bisect.bisect_left(starts, s)
            hi = bisect.bisect_right(starts, e)
            out.extend(n for n in nodes[lo:hi] if n.end_byte <= e)
        if len(types) > 1:
            out.sort(key=lambda n: (n.start_byte, -n.end_byte))
        return iter(out)

    def _index(self, node_type: str) -> tuple[list[int], list[Node]]:
        found = self._nodes.get(node_type)
        if found is None:
            # The types most rules ask for come from one traversal (its cost is the tree walk, not
            # the number of patterns); any other type gets a query of its own.
            batch = COMMON_NODE_TYPES if node_type in COMMON_NODE_TYPES else (node_type,)
            lang = language_for(self.path)
            key = (id(lang), batch)
            query = _TYPE_QUERIES.get(key)
            if query is None:
                query = _TYPE_QUERIES[key] = Query(lang, "\n".join(f"({t}) @{t}" for t in batch))
            captures = QueryCursor(query).captures(self.root)
            for t in batch:
                nodes = captures.get(t, [])
                nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
                self._nodes[t] = ([n.start_byte for n in nodes], nodes)
            found = self._nodes[node_type]
        return found

    def member_calls(self, node: Node | None = None) -> list[tuple[Node, str, Node]]:
        """(call, method, receiver) of every `x.m(...)` call inside `node` (default: the file), in
        document order. Built once per file from the node index: a dozen rules scan these."""
        table = self._memo.get("member-calls")
        if table is None:
            data = self.data
            starts, rows = [], []
            _, calls = self._index("call_expression")
            for call in calls:
                f = call.child_by_field_name("function")
                if f is None or f.type != "member_expression":
                    continue
                prop, obj = f.child_by_field_name("property"), f.child_by_field_name("object")
                if prop is None or obj is None:
                    continue
                starts.append(call.start_byte)
                rows.append((call, data[prop.start_byte : prop.end_byte].decode("utf-8", "replace"), obj))
            table = self._memo["member-calls"] = (starts, rows)
        starts, rows = table
        if node is None:
            return rows
        s, e = node.start_byte, node.end_byte
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_right(starts, e)
        return [r for r in rows[lo:hi] if r[0].end_byte <= e]

    def memo(self, key: Any, compute: Any) -> Any:
        """A per-file value shared by every rule of this lint run (computed on first use)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # ------------------------------------------------------------------ reporting
    def diagnostic(
        self,
        where: Node | TextRange,
        message: str,
        fixes: Any = (),
        severity: Severity | None = None,
        tags: tuple[str, ...] = (),
    ) -> Diagnostic:
        """`fixes`: a sequence of Fix, or a callable returning an iterable of Fix or None (computed
        only when fixes are wanted: the language server lints on every keystroke and computes fixes
        on request). With `first_fix_only`, a generator is run only up to its first fix."""
        assert self._rule is not None, "diagnostic() called outside a rule"
        rng = where if isinstance(where, TextRange) else TextRange(where.start_byte, where.end_byte)
        if not self.want_fixes:
            fixes = ()
        elif callable(fixes) or self.first_fix_only:
            found = (f for f in (fixes() if callable(fixes) else fixes) if f is not None)
            fixes = [f for f in (next(found, None),) if f is not None] if self.first_fix_only else list(found)
        return Diagnostic(self.path, rng, self._rule.id, message, severity or self._rule.default_severity, tuple(fixes), tags)

    def fix(self, title: str, edits: list[Edit] | tuple[Edit, ...], applicability: str | None = None, kind: str = "quickfix") -> Fix:
        app = applicability or (self._rule.applicability if self._rule and self._rule.applicability else "safe")
        return Fix(title, app, tuple(edits), kind)  # type: ignore[arg-type]

    def edit(self, where: Node | TextRange, new_text: str, path: str | None = None, snippet: bool = False) -> Edit:
        rng = where if isinstance(where, TextRange) else TextRange(where.start_byte, where.end_byte)
        return Edit(path or self.path, rng, new_text, snippet)

    # ------------------------------------------------------------------ Convex structure
    @property
    def registrations(self) -> list[Registration]:
        if self._registrations is None:
            from .common import find_registrations

            self._registrations = find_registrations(self)
        return self._registrations

    def registration_at(self, node: Node) -> Registration | None:
        """The registration whose call contains `node`."""
        for r in self.registrations:
            if r.call.start_byte <= node.start_byte and node.end_byte <= r.call.end_byte:
                return r
        return None

    def builder(self, name: str) -> BuilderInfo | None:
        return self.project.builder(self.path, name)


def check_signature(ctx: RuleContext) -> Iterator[Diagnostic]:  # pragma: no cover - documentation only
    """The signature every rule module's `check` has."""
    yield from ()
