"""Helpers for the database and schema rules: name bindings, db receivers, query chains, id tables.

Everything is syntax plus the project model; nothing here is type-checked, so each helper answers
only when it is sure (None / False otherwise) and the rules stay quiet on doubt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from tree_sitter import Node

from ..model import Validator
from ..syntax import node_text, string_value
from ..text import TextRange
from ..validators import call_args, parse_validator
from .common import FUNCTION_NODES, handler_params, unwrap, walk

if TYPE_CHECKING:  # pragma: no cover
    from .base import Registration, RuleContext

DB_TYPES = frozenset({"DatabaseReader", "DatabaseWriter", "GenericDatabaseReader", "GenericDatabaseWriter",
                      "GenericDatabaseReaderWithTable", "GenericDatabaseWriterWithTable"})
QUERY_TYPES = frozenset({"Query", "OrderedQuery", "QueryInitializer"})
CHAIN_METHODS = frozenset({"withIndex", "withSearchIndex", "order", "filter", "fullTableScan"})
ID_TYPES = frozenset({"Id", "GenericId"})
_SCOPES = frozenset({"statement_block", "program", "switch_case", "switch_default", "class_body"})
_DECLS = frozenset({"lexical_declaration", "variable_declaration"})


@dataclass
class Binding:
    kind: str  # param | var | for | import | function
    node: Node  # parameter / variable_declarator / for_in_statement / import_specifier / declaration
    key: str | None = None  # the property it is destructured from ({ key } / { key: name })
    type: Node | None = None  # its type annotation (the type node itself)
    value: Node | None = None  # var initializer / for-of iterable
    func: Node | None = None  # function owning a parameter
    index: int = -1  # parameter position
    destructured: bool = False


def _type_of(node: Node | None) -> Node | None:
    if node is None:
        return None
    if node.type == "type_annotation":
        return node.named_children[0] if node.named_children else None
    return node


def _match(pat: Node | None, name: str, data: bytes) -> tuple[bool, str | None, bool]:
    """Does pattern `pat` bind `name`? → (found, property key, destructured)."""
    if pat is None:
        return False, None, False
    t = pat.type
    if t in ("identifier", "shorthand_property_identifier_pattern"):
        return node_text(pat, data) == name, None, False
    if t in ("assignment_pattern", "object_assignment_pattern"):
        return _match(pat.child_by_field_name("left") or (pat.named_children[0] if pat.named_children else None), name, data)
    if t == "object_pattern":
        for c in pat.named_children:
            if c.type == "shorthand_property_identifier_pattern" and node_text(c, data) == name:
                return True, name, True
            if c.type == "object_assignment_pattern":
                left = c.child_by_field_name("left")
                if left is not None and node_text(left, data) == name:
                    return True, name, True
            if c.type == "pair_pattern":
                k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                found, sub, _ = _match(v, name, data)
                if found:
                    return True, (node_text(k, data) if sub is None and v is not None and v.type in ("identifier", "assignment_pattern") and k is not None else None), True
            if c.type == "rest_pattern" and _match(c.named_children[0] if c.named_children else None, name, data)[0]:
                return True, None, True
        return False, None, False
    if t in ("array_pattern", "rest_pattern"):
        for c in pat.named_children:
            if _match(c, name, data)[0]:
                return True, None, True
    return False, None, False


def _prop_type(obj_type: Node | None, key: str | None, data: bytes) -> Node | None:
    if obj_type is None or key is None or obj_type.type != "object_type":
        return None
    for p in obj_type.named_children:
        if p.type == "property_signature":
            nm = p.child_by_field_name("name")
            if nm is not None and node_text(nm, data) == key:
                return _type_of(p.child_by_field_name("type"))
    return None


def _declared_in(decl: Node, name: str, data: bytes) -> Binding | None:
    for d in decl.named_children:
        if d.type != "variable_declarator":
            continue
        found, key, destr = _match(d.child_by_field_name("name"), name, data)
        if found:
            tp = _type_of(d.child_by_field_name("type"))
            return Binding("var", d, key, tp if not destr else None, d.child_by_field_name("value"), destructured=destr)
    return None


def find_binding(ident: Node, data: bytes) -> Binding | None:
    """The declaration an identifier refers to (lexical scopes, parameters, imports). None: global."""
    name = node_text(ident, data)
    cur = ident.parent
    while cur is not None:
        t = cur.type
        if t in FUNCTION_NODES:
            for i, p in enumerate(handler_params(cur)):
                pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
                found, key, destr = _match(pat, name, data)
                if found:
                    tp = _type_of(p.child_by_field_name("type")) if p.type != "identifier" else None
                    return Binding("param", p, key, _prop_type(tp, key, data) if destr else tp, None, cur, i, destr)
        elif t in _SCOPES:
            for c in cur.named_children:
                if c.type in ("export_statement", "ambient_declaration"):
                    c = c.child_by_field_name("declaration") or next((x for x in c.named_children if x.type in _DECLS), c)
                if c.type in _DECLS:
                    b = _declared_in(c, name, data)
                    if b is not None:
                        return b
                elif c.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
                    nm = c.child_by_field_name("name")
                    if nm is not None and node_text(nm, data) == name:
                        return Binding("function", c)
                elif c.type == "import_statement" and name in import_sources(c, data):
                    return Binding("import", c, value=c.child_by_field_name("source"))
        elif t == "for_in_statement":
            left = cur.child_by_field_name("left")
            found, key, destr = _match(left, name, data)
            if found and ident.start_byte >= left.end_byte:  # type: ignore[union-attr]
                return Binding("for", cur, key, None, cur.child_by_field_name("right"), destructured=destr)
        elif t == "for_statement":
            init = cur.child_by_field_name("initializer")
            if init is not None and init.type in _DECLS:
                b = _declared_in(init, name, data)
                if b is not None:
                    return b
        elif t == "catch_clause":
            if _match(cur.child_by_field_name("parameter"), name, data)[0]:
                return Binding("param", cur)
        cur = cur.parent
    return None


def import_sources(stmt: Node, data: bytes) -> dict[str, str]:
    """Local names an import statement binds (type imports included) → imported name."""
    out: dict[str, str] = {}
    clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
    for c in clause.named_children if clause is not None else []:
        if c.type == "identifier":
            out[node_text(c, data)] = "default"
        elif c.type == "namespace_import":
            out.update((node_text(x, data), "*") for x in c.named_children if x.type == "identifier")
        elif c.type == "named_imports":
            for spec in c.named_children:
                nm, al = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                if nm is not None:
                    out[node_text(al if al is not None else nm, data)] = node_text(nm, data)
    return out


def type_name(tp: Node | None, data: bytes) -> str:
    """`GenericDatabaseReader<DM>` → "GenericDatabaseReader"; `QueryCtx["db"]` → '["db"]'."""
    if tp is None:
        return ""
    if tp.type == "generic_type":
        tp = tp.child_by_field_name("name") or tp
    if tp.type == "lookup_type":
        return "[" + node_text(tp, data).rsplit("[", 1)[-1].strip("\"'] ") + "]"
    return node_text(tp, data).rsplit(".", 1)[-1]


def type_table(tp: Node | None, data: bytes, names: frozenset[str] = ID_TYPES) -> str | None:
    """`Id<"t">` (also `Id<"t"> | null`) → "t"."""
    if tp is None:
        return None
    if tp.type in ("union_type", "parenthesized_type"):
        tables = {type_table(c, data, names) for c in tp.named_children if node_text(c, data) not in ("null", "undefined")}
        return tables.pop() if len(tables) == 1 else None
    if tp.type != "generic_type" or type_name(tp, data) not in names:
        return None
    targs = tp.child_by_field_name("type_arguments")
    lits = [c for c in (targs.named_children if targs is not None else []) if c.type == "literal_type"]
    if len(lits) != 1 or not lits[0].named_children or lits[0].named_children[0].type != "string":
        return None
    return string_value(lits[0].named_children[0], data)


def validator_table(v: Validator | None) -> str | None:
    if v is None:
        return None
    if v.kind == "id":
        return v.table
    if v.kind == "union":
        tables = {validator_table(m) for m in v.items if m.kind != "null"}
        return tables.pop() if len(tables) == 1 else None
    return None


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


# ----------------------------------------------------------------------------- id and document tables
def handler_arg_key(ctx: "RuleContext", expr: Node) -> tuple["Registration", str] | None:
    """`args.x` / destructured `{ x }` of a registered handler's args parameter → (registration, "x")."""
    expr = unwrap(expr)
    reg = ctx.registration_at(expr)
    if reg is None or reg.handler is None:
        return None
    if expr.type == "member_expression":
        obj, prop = expr.child_by_field_name("object"), expr.child_by_field_name("property")
        if obj is None or prop is None or obj.type != "identifier" or prop.type != "property_identifier":
            return None
        b = find_binding(obj, ctx.data)
        if b is not None and b.kind == "param" and b.func == reg.handler and b.index == 1 and not b.destructured:
            return reg, node_text(prop, ctx.data)
        return None
    if expr.type in ("identifier", "shorthand_property_identifier"):
        b = find_binding(expr, ctx.data)
        if b is not None and b.kind == "param" and b.func == reg.handler and b.index == 1 and b.key:
            return reg, b.key
    return None


def args_validator(ctx: "RuleContext", reg: "Registration") -> Validator | None:
    """The registration's `args` validator (same-file validator consts resolved)."""
    for f in (*ctx.project.functions, *ctx.project.unexported):
        if f.file == ctx.path and f.name == reg.name and f.args is not None:
            return f.args
    if reg.args is None:
        return None
    v = parse_validator(reg.args, ctx.data)
    if v.kind == "unknown" and v.text:
        for name, cv in ctx.summary.interface.validator_consts:
            if name == v.text:
                return cv
    return v


def infer_id_table(ctx: "RuleContext", expr: Node | None, depth: int = 0) -> str | None:
    """The table of an id expression, when certain: `v.id("t")` args, `Id<"t">` annotations,
    `doc._id` of documents read from table t, schema fields typed `v.id("t")`, `db.insert("t", …)`."""
    if expr is None or depth > 6:
        return None
    data = ctx.data
    if expr.type == "as_expression" and len(expr.named_children) > 1:
        return type_table(expr.named_children[1], data)
    expr = unwrap(expr)
    if expr.type == "await_expression" and expr.named_children:
        expr = unwrap(expr.named_children[0])
    ha = handler_arg_key(ctx, expr)
    if ha is not None:
        v = args_validator(ctx, ha[0])
        return validator_table(v.field(ha[1])) if v is not None and v.kind == "object" else None
    if expr.type == "identifier":
        b = find_binding(expr, data)
        if b is None:
            return None
        if b.type is not None:
            return type_table(b.type, data)
        if b.kind == "var" and b.value is not None and not b.destructured:
            return infer_id_table(ctx, b.value, depth + 1)
        if b.kind == "var" and b.destructured and b.key and b.value is not None:
            return _field_id_table(ctx, doc_table(ctx, b.value, depth + 1), b.key)
        if b.kind == "for" and b.value is not None and not b.destructured:
            src = unwrap(b.value)
            ha = handler_arg_key(ctx, src)
            if ha is not None:
                v = args_validator(ctx, ha[0])
                fv = v.field(ha[1]) if v is not None and v.kind == "object" else None
                return validator_table(fv.items[0]) if fv is not None and fv.kind == "array" and fv.items else None
        return None
    if expr.type == "member_expression":
        obj, prop = expr.child_by_field_name("object"), expr.child_by_field_name("property")
        if obj is None or prop is None:
            return None
        return _field_id_table(ctx, doc_table(ctx, obj, depth + 1), node_text(prop, data))
    mc = member_call(expr, data)
    if mc is not None and mc[0] in ("insert", "normalizeId") and (is_db(ctx, mc[1]) or is_system_db(ctx, mc[1])):
        a = call_args(expr)
        return string_value(a[0], data) if a and a[0].type == "string" else None
    return None


def _field_id_table(ctx: "RuleContext", table: str | None, name: str) -> str | None:
    if table is None:
        return None
    if name == "_id":
        return table
    t = ctx.project.table(table)
    return validator_table(t.document.field(name)) if t is not None and t.document.kind == "object" else None


def doc_table(ctx: "RuleContext", expr: Node | None, depth: int = 0) -> str | None:
    """The table of a document expression (`await db.get("t", id)`, `….first()`, a for-of item of `….collect()`)."""
    if expr is None or depth > 6:
        return None
    data = ctx.data
    expr = unwrap(expr)
    if expr.type == "await_expression" and expr.named_children:
        expr = unwrap(expr.named_children[0])
    if expr.type == "identifier":
        b = find_binding(expr, data)
        if b is None or b.destructured:
            return None
        if b.type is not None:
            return type_table(b.type, data, frozenset({"Doc"}))
        if b.kind == "var":
            return doc_table(ctx, b.value, depth + 1)
        if b.kind == "for" and b.value is not None:
            return _list_table(ctx, b.value, depth + 1)
        if b.kind == "param" and b.index == 0 and b.func is not None:
            return _callback_item_table(ctx, b.func, depth + 1)
        return None
    mc = member_call(expr, data)
    if mc is None:
        return None
    m, obj = mc
    a = call_args(expr)
    if m == "get" and (is_db(ctx, obj) or is_system_db(ctx, obj)):
        if len(a) == 2 and a[0].type == "string":
            return string_value(a[0], data)
        return infer_id_table(ctx, a[0], depth + 1) if len(a) == 1 else None
    if m in ("first", "unique"):
        ch = query_chain(ctx, obj)
        return ch.table if ch is not None else None
    return None


ITEM_CALLBACKS = frozenset({"map", "forEach", "filter", "flatMap", "some", "every", "find", "findLast"})


def _callback_item_table(ctx: "RuleContext", fn: Node, depth: int) -> str | None:
    """`docs.map((d) => …)` / `asyncMap(docs, async (d) => …)`: the table of `d`."""
    args_node = fn.parent
    call = args_node.parent if args_node is not None and args_node.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return None
    a = call_args(call)
    mc = member_call(call, ctx.data)
    if mc is not None and mc[0] in ITEM_CALLBACKS and a and a[0] == fn:
        return _list_table(ctx, mc[1], depth)
    f = call.child_by_field_name("function")
    if f is not None and node_text(f, ctx.data) == "asyncMap" and len(a) == 2 and a[1] == fn:
        return _list_table(ctx, a[0], depth)
    return None


def _list_table(ctx: "RuleContext", expr: Node, depth: int) -> str | None:
    expr = unwrap(expr)
    if expr.type == "await_expression" and expr.named_children:
        expr = unwrap(expr.named_children[0])
    if expr.type == "member_expression" and node_text(expr.child_by_field_name("property") or expr, ctx.data) == "page":
        obj = expr.child_by_field_name("object")
        b = find_binding(obj, ctx.data) if obj is not None and obj.type == "identifier" else None
        src = b.value if b is not None and b.kind == "var" and not b.destructured else obj
        src = unwrap(src) if src is not None else None
        if src is not None and src.type == "await_expression" and src.named_children:
            src = unwrap(src.named_children[0])
        mc = member_call(src, ctx.data) if src is not None else None
        ch = query_chain(ctx, mc[1]) if mc is not None and mc[0] == "paginate" else None
        return ch.table if ch is not None else None
    if expr.type == "identifier":
        b = find_binding(expr, ctx.data)
        return _list_table(ctx, b.value, depth + 1) if b is not None and b.kind == "var" and b.value is not None and b.type is None and depth < 6 else None
    mc = member_call(expr, ctx.data)
    if mc is not None and mc[0] in ("collect", "take"):
        ch = query_chain(ctx, mc[1])
        return ch.table if ch is not None else None
    ch = query_chain(ctx, expr)
    return ch.table if ch is not None else None


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
    for call in walk(ctx.root, frozenset({"call_expression"})):
        mc = member_call(call, data)
        if mc is None or mc[0] not in ("withIndex", "withSearchIndex", "vectorSearch"):
            continue
        args = call_args(call)
        if mc[0] == "vectorSearch":
            if len(args) >= 2 and args[0].type == "string":
                yield mc[0], call, string_value(args[0], data), args[1] if args[1].type == "string" else None
            continue
        ch = query_chain(ctx, mc[1])
        if ch is None or ch.calls or not args:
            continue
        yield mc[0], call, ch.table, args[0] if args[0].type == "string" else None


def is_test_file(path: str) -> bool:
    """convex-test / vitest files: not deployed, so the performance rules skip them."""
    base = path.rsplit("/", 1)[-1]
    return ".test." in base or ".spec." in base or "/__tests__/" in path


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
