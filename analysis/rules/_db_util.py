"""Helpers for the database and schema rules: name bindings, db receivers, query chains, id tables.

Everything is syntax plus the project model; nothing here is type-checked, so each helper answers
only when it is sure (None / False otherwise) and the rules stay quiet on doubt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from tree_sitter import Node

from ..syntax import node_text, string_value
from ..text import TextRange
from ..validators import call_args
from .common import handler_params, is_test_file, unwrap  # is_test_file: re-exported for the rules

if TYPE_CHECKING:  # pragma: no cover
    from .base import RuleContext

from ._db_bindings import (  # noqa: F401 - re-exported for the rules
    CHAIN_METHODS,
    DB_TYPES,
    QUERY_TYPES,
    find_binding,
    import_sources,
    type_name,
)

# ----------------------------------------------------------------------------- db receivers
def is_db(ctx: "RuleContext", node: Node | None, depth: int = 0) -> bool:
    """`ctx.db`, `this.db`, a `db` parameter / destructured `{ db }`, a `DatabaseReader`-typed name."""
    if node is None or depth > 6:
        return False
    node = unwrap(node)
    data = ctx.data
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return prop is not None and node_text(prop, data) == "db"
    if node.type != "identifier":
        return False
    b = find_binding(node, data)
    named_db = node_text(node, data) == "db"
    if b is None:
        return named_db
    if b.type is not None:
        tn = type_name(b.type, data)
        return tn in DB_TYPES or tn == "[db]"
    if b.kind == "param":
        return b.key == "db" if b.destructured else named_db
    if b.kind == "var":
        if b.destructured:
            return b.key == "db"
        return b.value is not None and is_db(ctx, b.value, depth + 1)
    return False


def is_system_db(ctx: "RuleContext", node: Node | None) -> bool:
    if node is None:
        return False
    node = unwrap(node)
    if node.type != "member_expression":
        return False
    prop = node.child_by_field_name("property")
    return prop is not None and node_text(prop, ctx.data) in ("system", "privateSystem") and is_db(ctx, node.child_by_field_name("object"))


def member_call(node: Node, data: bytes) -> tuple[str, Node] | None:
    """`x.m(...)` → ("m", x)."""
    node = unwrap(node)
    if node.type != "call_expression":
        return None
    f = node.child_by_field_name("function")
    if f is None or f.type != "member_expression":
        return None
    prop, obj = f.child_by_field_name("property"), f.child_by_field_name("object")
    if prop is None or obj is None:
        return None
    return node_text(prop, data), obj


# ----------------------------------------------------------------------------- query chains
@dataclass
class Chain:
    table: str | None
    root: Node  # the db.query(...) call, or the identifier of a Query-typed parameter
    db: Node | None  # the db receiver node (None for a typed parameter)
    calls: list[tuple[str, Node]] = field(default_factory=list)  # (method, call node) from the root outwards
    inline: bool = True  # the whole chain is one expression (no variable hop)

    def index_call(self) -> Node | None:
        return next((c for m, c in self.calls if m in ("withIndex", "withSearchIndex")), None)


def query_chain(ctx: "RuleContext", node: Node | None, depth: int = 0) -> Chain | None:
    """The db query an expression evaluates to (through chain methods and `const q = …` hops)."""
    if node is None or depth > 6:
        return None
    data = ctx.data
    calls: list[tuple[str, Node]] = []
    cur = unwrap(node)
    for _ in range(40):
        mc = member_call(cur, data)
        if mc is not None:
            m, obj = mc
            if m == "query":
                args = call_args(cur)
                if is_db(ctx, obj) or is_system_db(ctx, obj):
                    table = string_value(args[0], data) if args and args[0].type in ("string", "template_string") else None
                    return Chain(table, cur, obj, calls[::-1])
                inner = member_call(obj, data)
                if not args and inner is not None and inner[0] == "table" and is_db(ctx, inner[1]):
                    targs = call_args(unwrap(obj))
                    table = string_value(targs[0], data) if targs and targs[0].type == "string" else None
                    return Chain(table, cur, inner[1], calls[::-1])
                return None
            if m not in CHAIN_METHODS:
                return None
            calls.append((m, cur))
            cur = unwrap(obj)
            continue
        if cur.type != "identifier":
            return None
        b = find_binding(cur, data)
        if b is None:
            return None
        if b.kind == "var" and not b.destructured and b.value is not None:
            inner_chain = query_chain(ctx, b.value, depth + 1)
            if inner_chain is None:
                return None
            inner_chain.calls.extend(calls[::-1])
            inner_chain.inline = False
            return inner_chain
        if b.type is not None and type_name(b.type, data) in QUERY_TYPES and convex_import(ctx, type_name(b.type, data)):
            return Chain(None, cur, None, calls[::-1], inline=False)
        return None
    return None


def convex_import(ctx: "RuleContext", name: str) -> bool:
    """`name` is imported (types included) from convex/server or the generated server/dataModel."""
    for stmt in ctx.root.named_children:
        if stmt.type != "import_statement":
            continue
        src = stmt.child_by_field_name("source")
        spec = string_value(src, ctx.data) if src is not None else None
        if spec and (spec.startswith("convex/") or "_generated/" in spec) and name in import_sources(stmt, ctx.data):
            return True
    return False


def range_calls(ctx: "RuleContext", call: Node) -> list[tuple[str, str | None, Node]] | None:
    """`withIndex("i", q => q.eq("a", 1).gt("b", 2))` → [("eq", "a", node), ("gt", "b", node)] (None: not a plain chain)."""
    args = call_args(call)
    if len(args) < 2:
        return []
    fn = unwrap(args[1])
    if fn.type not in ("arrow_function", "function_expression"):
        return None
    params = handler_params(fn)
    if len(params) != 1:
        return None
    pname = node_text(params[0].child_by_field_name("pattern") or params[0], ctx.data)
    body = fn.child_by_field_name("body")
    if body is not None and body.type == "statement_block":
        stmts = [c for c in body.named_children if c.type != "comment"]
        if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
            return None
        body = stmts[0].named_children[0]
    out: list[tuple[str, str | None, Node]] = []
    cur = unwrap(body) if body is not None else None
    while cur is not None:
        if cur.type == "identifier" and node_text(cur, ctx.data) == pname:
            return out[::-1]
        mc = member_call(cur, ctx.data)
        if mc is None:
            return None
        a = call_args(unwrap(cur))
        out.append((mc[0], string_value(a[0], ctx.data) if a and a[0].type == "string" else None, unwrap(cur)))
        cur = unwrap(mc[1])
    return None


# ----------------------------------------------------------------------------- edits
def import_edit(ctx: "RuleContext", name: str, source: str):
    """An edit importing `name` from `source` (None when already imported)."""
    data = ctx.data
    for stmt in ctx.root.named_children:
        if stmt.type != "import_statement":
            continue
        src = stmt.child_by_field_name("source")
        if src is None or string_value(src, data) != source:
            continue
        if name in import_sources(stmt, data):
            return None
        clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
        named = next((c for c in clause.named_children if c.type == "named_imports"), None) if clause is not None else None
        specs = [c for c in named.named_children if c.type == "import_specifier"] if named is not None else []
        if specs and not any(c.type == "type" for c in stmt.children):
            return ctx.edit(TextRange(specs[-1].end_byte, specs[-1].end_byte), f", {name}")
    imports = [s for s in ctx.root.named_children if s.type == "import_statement"]
    at = imports[-1].end_byte if imports else 0
    text = f'\nimport {{ {name} }} from "{source}";' if imports else f'import {{ {name} }} from "{source}";\n'
    return ctx.edit(TextRange(at, at), text)


# ----------------------------------------------------------------------------- schema lookups
def schema_table(ctx: "RuleContext", name: str | None):
    """The schema's table `name`, or None when there is no schema, no such table, or its
    definition is only partly known (e.g. `posts: postsTable.index(…)` adds indexes to a const)."""
    schema = ctx.project.schema
    if schema is None or name is None:
        return None
    t = schema.table(name)
    if t is None:
        return None
    iface = ctx.project.interfaces.get(schema.file)
    for e in (iface.schema or ()) if iface is not None else ():
        if e.name == name and e.table is None and e.ref and not e.ref.replace(".", "").replace("_", "").isalnum():
            return None
    return t


def index_calls(ctx: "RuleContext") -> Iterator[tuple[str, Node, str | None, Node | None]]:
    """(method, call, table, index-name string node) of withIndex / withSearchIndex / vectorSearch calls."""
    data = ctx.data
    if b"withIndex" not in data and b"withSearchIndex" not in data and b"vectorSearch" not in data:
        return
    for call, method, receiver in ctx.member_calls():
        if method not in ("withIndex", "withSearchIndex", "vectorSearch"):
            continue
        mc = (method, receiver)
        args = call_args(call)
        if mc[0] == "vectorSearch":
            if len(args) >= 2 and args[0].type == "string":
                yield mc[0], call, string_value(args[0], data), args[1] if args[1].type == "string" else None
            continue
        ch = query_chain(ctx, mc[1])
        if ch is None or ch.calls or not args:
            continue
        yield mc[0], call, ch.table, args[0] if args[0].type == "string" else None


def method_prop(call: Node) -> Node:
    """The property node (`filter`) of a member call `x.filter(…)`."""
    return call.child_by_field_name("function").child_by_field_name("property")  # type: ignore[union-attr]


def index_definition(ctx: "RuleContext", table, index: str) -> tuple[str, Node] | None:
    """(file, `.index(…)`/`.searchIndex(…)` call node) that defines `index` of a schema table."""
    if not table.file:
        return None
    summary, tree = ctx.snap.summary(table.file), ctx.snap.tree(table.file)
    rng = summary.locate("index", table.anchor, index) if summary is not None else None
    if rng is None or tree is None:
        return None
    node = tree.root_node.descendant_for_byte_range(rng.start, rng.end)
    call = node.parent.parent if node is not None and node.parent is not None else None
    return (table.file, call) if call is not None and call.type == "call_expression" else None


def filter_fields_literal(ctx: "RuleContext", table, index: str) -> bool:
    """The search/vector index's `filterFields` is absent or a literal list of strings."""
    found = index_definition(ctx, table, index)
    if found is None:
        return False
    args = call_args(found[1])
    cfg = unwrap(args[1]) if len(args) > 1 else None
    if cfg is None or cfg.type != "object":
        return False
    data = ctx.snap.text(found[0]) or b""
    for p in cfg.named_children:
        k = p.child_by_field_name("key") if p.type == "pair" else (p if p.type == "shorthand_property_identifier" else None)
        if k is not None and node_text(k, data) == "filterFields":
            v = p.child_by_field_name("value") if p.type == "pair" else None
            return v is not None and unwrap(v).type == "array" and all(c.type == "string" for c in unwrap(v).named_children)
    return True


from ._db_inference import args_validator, doc_table, handler_arg_key, infer_id_table  # noqa: E402,F401 - re-exported
