"""Local names and their declared types: which declaration a name refers to, `Id<"t">` tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..model import Validator
from ..syntax import node_text, string_value
from .common import FUNCTION_NODES, handler_params

if TYPE_CHECKING:  # pragma: no cover
    pass

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
