"""Per-statement extraction: one top-level statement → `StmtFacts`, with statement-relative ranges.

A statement's facts depend only on its own bytes (and grammar), so `summary.py` caches them by
(node type, bytes) and re-extracts only the statements an edit touched. Names are not resolved
here (is `authQuery` a builder? is `postsTable` a table?): that is the file- and project-level work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tree_sitter import Node, Query, QueryCursor

from .model import CronJob, HttpRoute, ImportDef, IndexDef, TableDef, TableEntry, Validator
from .syntax import TS, TSX, node_text, string_value
from .validators import call_args, key_name, parse_object_fields, parse_validator

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

_QUERY_SRC = """
(call_expression) @call
((member_expression object: (identifier) @root) @ref (#any-of? @root "api" "internal" "components"))
"""
_QUERIES = {id(TS): Query(TS, _QUERY_SRC), id(TSX): Query(TSX, _QUERY_SRC)}


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


def extract_statement(node: Node, data: bytes, language) -> StmtFacts:
    """Facts of one top-level statement. Never raises on odd syntax."""
    cx = _Ctx(data, node.start_byte)
    t = node.type
    facts: dict = {}
    if t == "import_statement":
        imp = _import(node, data)
        if imp is not None:
            facts["imports"] = (imp,)
    elif t == "export_statement":
        _export(node, data, cx, facts)
    elif t == "lexical_declaration" or t == "variable_declaration":
        facts["bindings"] = tuple(_declarators(node, data, cx, exported=False))
        _requires(node, data, facts)
    elif t == "function_declaration" or t == "generator_function_declaration":
        b = _function_binding(node, data, exported=False)
        if b:
            facts["bindings"] = (b,)
    elif t == "expression_statement":
        expr = node.named_children[0] if node.named_children else None
        if expr is not None and expr.type == "string":
            facts["directive"] = string_value(expr, data)
        elif expr is not None and expr.type == "call_expression":
            rc = _router_call(expr, data, cx)
            if rc is not None:
                facts["calls"] = (rc,)
    _scan_uses(node, data, cx, language)
    if cx.locs:
        facts["locations"] = tuple(cx.locs)
    if cx.uses:
        facts["uses"] = tuple(cx.uses)
    facts["has_error"] = node.has_error
    if facts.get("default") is not None:
        facts["owner"] = "default"
    elif facts.get("bindings"):
        facts["owner"] = facts["bindings"][0].names[0] if facts["bindings"][0].kind == "destructure" and facts["bindings"][0].names else facts["bindings"][0].name
    return StmtFacts(**facts)


# ----------------------------------------------------------------------------- imports / exports
def _import(node: Node, data: bytes) -> ImportDef | None:
    src = node.child_by_field_name("source")
    if src is None:
        return None
    source = string_value(src, data) or ""
    type_only = any(c.type == "type" for c in node.children)
    names: list[tuple[str, str]] = []
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    if clause is None:
        return ImportDef(source, (), type_only, side_effect=True)
    all_type = True
    for c in clause.named_children:
        if c.type == "identifier":
            names.append(("default", node_text(c, data)))
            all_type = False
        elif c.type == "namespace_import":
            ident = next((x for x in c.named_children if x.type == "identifier"), None)
            if ident is not None:
                names.append(("*", node_text(ident, data)))
            all_type = False
        elif c.type == "named_imports":
            for spec in c.named_children:
                if spec.type != "import_specifier":
                    continue
                spec_type = any(x.type == "type" for x in spec.children)
                nm = spec.child_by_field_name("name")
                al = spec.child_by_field_name("alias")
                if nm is None:
                    continue
                if spec_type:
                    continue
                all_type = False
                n = node_text(nm, data)
                names.append((n, node_text(al, data) if al is not None else n))
    return ImportDef(source, tuple(names), type_only or (all_type and not names and clause is not None))


def _requires(node: Node, data: bytes, facts: dict) -> None:
    """`const x = require("mod")` — recorded as an import for the runtime rules."""
    text = data[node.start_byte : node.end_byte]
    if b"require(" not in text:
        return
    for m in re.finditer(rb"\brequire\(\s*[\"']([^\"']+)[\"']\s*\)", text):
        facts.setdefault("imports", ())
        facts["imports"] = facts["imports"] + (ImportDef(m.group(1).decode("utf-8", "replace"), (), is_require=True),)


def _export(node: Node, data: bytes, cx: _Ctx, facts: dict) -> None:
    decl = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    src = node.child_by_field_name("source")
    if decl is not None:
        if decl.type in ("lexical_declaration", "variable_declaration"):
            facts["bindings"] = tuple(_declarators(decl, data, cx, exported=True))
        elif decl.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
            b = _function_binding(decl, data, exported=True)
            if b:
                facts["bindings"] = (b,)
                nm = decl.child_by_field_name("name")
                if nm is not None:
                    cx.loc(("export", b.name), nm)
        return
    is_default = any(c.type == "default" for c in node.children)
    if is_default:
        target = value
        if target is None:
            # export default function foo() {} / export default async function
            target = next((c for c in node.named_children if c.type not in ("comment",)), None)
        if target is None:
            return
        if target.type == "identifier":
            facts["default_ref"] = node_text(target, data)
            cx.loc(("export", "default"), target)
            return
        b = _classify(target, "default", data, cx, exported=True)
        facts["default"] = b
        cx.loc(("export", "default"), target if target.type != "call_expression" else (target.child_by_field_name("function") or target))
        return
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    source = string_value(src, data) if src is not None else None
    if clause is None:
        if source is not None:  # export * from "x" / export * as ns from "x"
            ns = next((c for c in node.named_children if c.type in ("namespace_export",)), None)
            facts["reexports"] = ((source, "*", node_text(ns, data).split()[-1] if ns is not None else "*"),)
        return
    pairs = []
    re_ = []
    for spec in clause.named_children:
        if spec.type != "export_specifier":
            continue
        if any(x.type == "type" for x in spec.children):
            continue
        nm = spec.child_by_field_name("name")
        al = spec.child_by_field_name("alias")
        if nm is None:
            continue
        local = node_text(nm, data)
        exported = node_text(al, data) if al is not None else local
        cx.loc(("export", exported), al if al is not None else nm)
        if source is not None:
            re_.append((source, local, exported))
        else:
            pairs.append((local, exported))
    if pairs:
        facts["export_names"] = tuple(pairs)
    if re_:
        facts["reexports"] = tuple(re_)


def _declarators(decl: Node, data: bytes, cx: _Ctx, exported: bool) -> list[Binding]:
    out = []
    for d in decl.named_children:
        if d.type != "variable_declarator":
            continue
        name_node = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name_node is None:
            continue
        if name_node.type == "object_pattern":
            names = []
            for p in name_node.named_children:
                if p.type == "shorthand_property_identifier_pattern":
                    names.append(node_text(p, data))
                    if exported:
                        cx.loc(("export", names[-1]), p)
                elif p.type == "pair_pattern":
                    v = p.child_by_field_name("value")
                    if v is not None and v.type == "identifier":
                        names.append(node_text(v, data))
                        if exported:
                            cx.loc(("export", names[-1]), v)
            callee = None
            if value is not None and value.type == "call_expression":
                f = value.child_by_field_name("function")
                callee = node_text(f, data) if f is not None else None
            out.append(Binding(",".join(names), "destructure", exported, callee=callee, names=tuple(names)))
            continue
        if name_node.type != "identifier":
            continue
        name = node_text(name_node, data)
        if exported:
            cx.loc(("export", name), name_node)
        cx.loc(("binding", name), name_node)
        if value is None:
            out.append(Binding(name, "other", exported))
            continue
        b = _classify(value, name, data, cx, exported)
        if not b.auth and b.kind in ("other", "call") and _BUILDER_AUTH.search(data[value.start_byte : value.end_byte]):
            b = replace(b, auth=True)  # e.g. a customisation held in a const: customCtx(async (ctx) => …getUserIdentity…)
        out.append(b)
    return out


def _function_binding(node: Node, data: bytes, exported: bool) -> Binding | None:
    nm = node.child_by_field_name("name")
    if nm is None:
        return None
    body = data[node.start_byte : node.end_byte]
    return Binding(node_text(nm, data), "function", exported, auth=bool(_AUTH_TEXT.search(body)))


def _unwrap(node: Node) -> Node:
    while node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression"):
        if not node.named_children:
            break
        node = node.named_children[0]
    return node


def _classify(value: Node, name: str, data: bytes, cx: _Ctx, exported: bool) -> Binding:
    value = _unwrap(value)
    t = value.type
    if t in ("arrow_function", "function_expression", "function"):
        body = data[value.start_byte : value.end_byte]
        return Binding(name, "function", exported, auth=bool(_AUTH_TEXT.search(body)))
    if t == "identifier":
        return Binding(name, "alias", exported, callee=node_text(value, data))
    if t == "object":
        keys = _object_keys(value, data)
        if "providers" in keys:
            return Binding(name, "authconfig", exported, options=_providers(keys["providers"], data))
        entries = _table_entries(value, data, cx, anchor_prefix=name)
        if entries and all(e.table is not None or e.spread or e.ref for e in entries) and any(e.table for e in entries):
            return Binding(name, "tables", exported, entries=entries)
        if _looks_like_validators(value, data):
            return Binding(name, "validator", exported, validator=Validator("object", fields=parse_object_fields(value, data)))
        if entries and any(e.ref or e.spread for e in entries) and name.lower().endswith("tables"):
            return Binding(name, "tables", exported, entries=entries)
        return Binding(name, "other", exported)
    if t == "member_expression":
        tbl = _table_def(value, data, cx, anchor=name)
        if tbl is not None:
            return Binding(name, "table", exported, table=tbl)
        return Binding(name, "other", exported)
    if t != "call_expression":
        return Binding(name, "other", exported)
    callee = value.child_by_field_name("function")
    if callee is None:
        return Binding(name, "other", exported)
    callee_text = node_text(callee, data)
    args = call_args(value)
    if callee.type == "identifier":
        if callee_text in BUILDER_FACTORIES:
            base = node_text(_unwrap(args[0]), data) if args else ""
            rest = data[args[1].start_byte : value.end_byte] if len(args) > 1 else b""
            auth = bool(_BUILDER_AUTH.search(rest))
            refs = tuple(sorted({m.decode() for m in _IDENT.findall(rest)} - {"ctx", "async", "await", "const", "return", "args", "true", "false", "null", "undefined"}))
            return Binding(name, "builder", exported, callee=callee_text, base=base, auth=auth, names=refs)
        if callee_text == "defineSchema":
            entries = _table_entries(args[0], data, cx, anchor_prefix=None) if args and args[0].type == "object" else ()
            opts = _literal_options(args[1], data) if len(args) > 1 else ()
            return Binding(name, "schema", exported, entries=entries, options=opts)
        if callee_text in ("cronJobs", "httpRouter"):
            return Binding(name, "router", exported, router="crons" if callee_text == "cronJobs" else "http")
        if callee_text in ("defineApp", "defineComponent"):
            opts: list[tuple[str, str]] = []
            if callee_text == "defineComponent" and args:
                opts.append(("name", string_value(args[0], data) or ""))
            opt_node = args[0] if callee_text == "defineApp" and args else (args[1] if len(args) > 1 else None)
            if opt_node is not None and opt_node.type == "object":
                for p in opt_node.named_children:
                    if p.type == "pair":
                        k = key_name(p.child_by_field_name("key"), data)
                        v = p.child_by_field_name("value")
                        if k == "env" and v is not None and v.type == "object":
                            for f in parse_object_fields(v, data):
                                opts.append(("env:" + f.name, f.validator.render()))
                        elif k and v is not None:
                            opts.append((k, string_value(v, data) or node_text(v, data)))
            return Binding(name, "router", exported, router="app" if callee_text == "defineApp" else "component", options=tuple(opts))
    tbl = _table_def(value, data, cx, anchor=name)
    if tbl is not None:
        return Binding(name, "table", exported, table=tbl)
    if callee.type == "member_expression":
        obj = callee.child_by_field_name("object")
        if obj is not None and node_text(obj, data) in ("v", "vv") or callee_text.endswith((".extend", ".pick", ".omit", ".partial")):
            return Binding(name, "validator", exported, validator=parse_validator(value, data))
    # A candidate registrar call: builder(arg) where arg is an object with a handler or a function.
    if args:
        first = _unwrap(args[0])
        if first.type == "object":
            keys = _object_keys(first, data)
            if "handler" in keys:
                a = keys.get("args")
                r = keys.get("returns")
                return Binding(
                    name, "call", exported, callee=callee_text, syntax="object",
                    args=parse_validator(a, data) if a is not None else None,
                    returns=parse_validator(r, data) if r is not None else None,
                    has_args=a is not None, handler=True,
                )
        elif first.type in ("arrow_function", "function_expression", "function"):
            return Binding(name, "call", exported, callee=callee_text, syntax="legacy", handler=True)
    if callee.type == "identifier" and callee_text[:1].islower() and (callee_text.startswith("v") is False):
        return Binding(name, "other", exported, callee=callee_text)
    return Binding(name, "other", exported)


def _object_keys(obj: Node, data: bytes) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for p in obj.named_children:
        if p.type == "pair":
            k = p.child_by_field_name("key")
            v = p.child_by_field_name("value")
            kn = key_name(k, data) if k is not None else None
            if kn and v is not None:
                out[kn] = v
        elif p.type == "method_definition":
            nm = p.child_by_field_name("name")
            if nm is not None:
                out[node_text(nm, data)] = p
        elif p.type == "shorthand_property_identifier":
            out[node_text(p, data)] = p
    return out


def _providers(node: Node, data: bytes) -> tuple[tuple[str, str], ...]:
    """auth.config.ts providers, flattened as ("i:key", value) pairs."""
    node = _unwrap(node)
    out: list[tuple[str, str]] = []
    if node.type != "array":
        return ()
    for i, el in enumerate(node.named_children):
        el = _unwrap(el)
        if el.type != "object":
            continue
        out.append((f"{i}:", ""))
        for k, v in _object_keys(el, data).items():
            out.append((f"{i}:{k}", string_value(v, data) if v.type == "string" else node_text(v, data)))
    return tuple(out)


_VALIDATOR_METHODS = frozenset({"optional", "partial", "extend", "pick", "omit", "nullable"})
_VALIDATOR_HELPERS = frozenset({"nullable", "literals", "partial", "deprecated", "pretend", "pretendRequired"})


def _validator_call(node: Node, data: bytes) -> bool:
    """`v.x(...)`, `nullable(...)`-style helpers, or `someValidator.optional()/.partial()/...`."""
    node = _unwrap(node)
    if node.type != "call_expression":
        return False
    f = node.child_by_field_name("function")
    if f is None:
        return False
    if f.type == "identifier":
        return node_text(f, data) in _VALIDATOR_HELPERS
    if f.type != "member_expression":
        return False
    obj = f.child_by_field_name("object")
    prop = f.child_by_field_name("property")
    if obj is None or prop is None:
        return False
    return node_text(obj, data) in ("v", "vv") or node_text(prop, data) in _VALIDATOR_METHODS


def _looks_like_validators(obj: Node, data: bytes) -> bool:
    """An object literal of validators (`{ a: v.string(), b: nullable(x), ...shared, c }`).

    Every property value must be a validator call or an identifier (spreads and shorthand
    properties are allowed), and at least one value must be a validator call.
    """
    calls = 0
    for p in obj.named_children:
        if p.type == "pair":
            val = p.child_by_field_name("value")
            if val is None:
                return False
            if _validator_call(val, data):
                calls += 1
            elif _unwrap(val).type != "identifier":
                return False
        elif p.type not in ("spread_element", "shorthand_property_identifier", "comment"):
            return False
    return calls > 0


def _literal_options(node: Node, data: bytes) -> tuple[tuple[str, str], ...]:
    if node.type != "object":
        return ()
    out = []
    for k, v in _object_keys(node, data).items():
        out.append((k, node_text(v, data)))
    return tuple(out)


# ----------------------------------------------------------------------------- schema
def _table_entries(obj: Node, data: bytes, cx: _Ctx, anchor_prefix: str | None) -> tuple[TableEntry, ...]:
    entries: list[TableEntry] = []
    for p in obj.named_children:
        if p.type == "pair":
            k = p.child_by_field_name("key")
            v = p.child_by_field_name("value")
            name = key_name(k, data) if k is not None else None
            if name is None or v is None:
                continue
            v = _unwrap(v)
            if anchor_prefix is None:
                cx.loc(("table", name), k)
            anchor = name if anchor_prefix is None else f"{anchor_prefix}.{name}"
            if anchor_prefix is not None:
                cx.loc(("table", anchor), k)
            if v.type == "identifier":
                entries.append(TableEntry(name, ref=node_text(v, data)))
            else:
                tbl = _table_def(v, data, cx, anchor=anchor)
                if tbl is not None:
                    entries.append(TableEntry(name, table=TableDef(name, tbl.document, tbl.indexes, tbl.source, "", anchor)))
                else:
                    entries.append(TableEntry(name, ref=node_text(v, data)[:200]))
        elif p.type == "shorthand_property_identifier":
            name = node_text(p, data)
            if anchor_prefix is None:
                cx.loc(("table", name), p)
            entries.append(TableEntry(name, ref=name))
        elif p.type == "spread_element" and p.named_children:
            entries.append(TableEntry(None, ref=node_text(p.named_children[0], data), spread=True))
    return tuple(entries)


def _table_def(node: Node, data: bytes, cx: _Ctx, anchor: str) -> TableDef | None:
    """`defineTable(...)` with its `.index/.searchIndex/.vectorIndex/.staged` chain."""
    chain: list[tuple[str, list[Node], Node]] = []
    cur = _unwrap(node)
    while cur.type == "call_expression":
        f = cur.child_by_field_name("function")
        if f is None:
            return None
        if f.type == "identifier":
            break
        if f.type != "member_expression":
            return None
        prop = f.child_by_field_name("property")
        obj = f.child_by_field_name("object")
        if prop is None or obj is None:
            return None
        chain.append((node_text(prop, data), call_args(cur), prop))
        cur = _unwrap(obj)
    document: Validator | None = None
    source = "inline"
    if cur.type == "call_expression":
        f = cur.child_by_field_name("function")
        if f is None or node_text(f, data) != "defineTable":
            return None
        args = call_args(cur)
        if args:
            a = _unwrap(args[0])
            document = Validator("object", fields=parse_object_fields(a, data)) if a.type == "object" else parse_validator(a, data)
            _field_locations(a, data, cx, anchor)
        else:
            document = Validator("object")
    elif cur.type == "member_expression":
        # convex-helpers: Table("name", {...}).table
        prop = cur.child_by_field_name("property")
        obj = cur.child_by_field_name("object")
        if prop is None or obj is None or node_text(prop, data) != "table" or obj.type != "call_expression":
            return None
        f = obj.child_by_field_name("function")
        if f is None or node_text(f, data) != "Table":
            return None
        args = call_args(obj)
        if len(args) > 1 and args[1].type == "object":
            document = Validator("object", fields=parse_object_fields(args[1], data))
            _field_locations(args[1], data, cx, anchor)
        else:
            document = Validator("unknown", text="Table()")
        source = "helper"
    else:
        return None
    indexes: list[IndexDef] = []
    for method, args, _prop in reversed(chain):
        if method not in ("index", "searchIndex", "vectorIndex") or not args:
            continue
        name = string_value(args[0], data)
        if name is None:
            continue
        cx.loc(("index", anchor, name), args[0])
        cfg = _unwrap(args[1]) if len(args) > 1 else None
        if method == "index":
            fields_node = cfg
            staged = False
            if cfg is not None and cfg.type == "object":
                keys = _object_keys(cfg, data)
                fields_node = keys.get("fields")
                staged = _is_true(keys.get("staged"), data)
            fields = _string_list(fields_node, data, cx, anchor, name)
            indexes.append(IndexDef(name, "db", fields, staged))
        elif cfg is not None and cfg.type == "object":
            keys = _object_keys(cfg, data)
            staged = _is_true(keys.get("staged"), data)
            filt = _string_list(keys.get("filterFields"), data, cx, anchor, name)
            if method == "searchIndex":
                sf = keys.get("searchField")
                sfv = string_value(sf, data) if sf is not None else None
                if sf is not None and sfv is not None:
                    cx.use("field", sfv, sf, "searchField", anchor, name)
                indexes.append(IndexDef(name, "search", (), staged, search_field=sfv, filter_fields=filt))
            else:
                vf = keys.get("vectorField")
                vfv = string_value(vf, data) if vf is not None else None
                if vf is not None and vfv is not None:
                    cx.use("field", vfv, vf, "vectorField", anchor, name)
                dims = keys.get("dimensions")
                try:
                    d = int(node_text(dims, data)) if dims is not None else None
                except ValueError:
                    d = None
                indexes.append(IndexDef(name, "vector", (), staged, filter_fields=filt, vector_field=vfv, dimensions=d))
    return TableDef("", document or Validator("unknown"), tuple(indexes), source, "", anchor)


def _field_locations(obj: Node, data: bytes, cx: _Ctx, anchor: str) -> None:
    if obj.type == "call_expression":  # v.object({...})
        args = call_args(obj)
        if args and args[0].type == "object":
            obj = args[0]
        else:
            return
    if obj.type != "object":
        return
    for p in obj.named_children:
        if p.type == "pair":
            k = p.child_by_field_name("key")
            kn = key_name(k, data) if k is not None else None
            if kn:
                cx.loc(("field", anchor, kn), k)
        elif p.type == "shorthand_property_identifier":
            cx.loc(("field", anchor, node_text(p, data)), p)


def _is_true(node: Node | None, data: bytes) -> bool:
    return node is not None and node_text(node, data) == "true"


def _string_list(node: Node | None, data: bytes, cx: _Ctx, anchor: str, index: str) -> tuple[str, ...]:
    if node is None:
        return ()
    node = _unwrap(node)
    if node.type == "string":
        v = string_value(node, data)
        if v is not None:
            cx.use("field", v, node, "index-fields", anchor, index)
        return (v,) if v is not None else ()
    if node.type != "array":
        return ()
    out = []
    for c in node.named_children:
        v = string_value(c, data)
        if v is not None:
            out.append(v)
            cx.use("field", v, c, "index-fields", anchor, index)
    return tuple(out)


# ----------------------------------------------------------------------------- http / crons / app
def _router_call(call: Node, data: bytes, cx: _Ctx) -> RouterCall | None:
    f = call.child_by_field_name("function")
    if f is None or f.type != "member_expression":
        return None
    obj = f.child_by_field_name("object")
    prop = f.child_by_field_name("property")
    if obj is None or prop is None or obj.type != "identifier":
        return None
    receiver = node_text(obj, data)
    method = node_text(prop, data)
    args = call_args(call)
    if method == "route" and args and _unwrap(args[0]).type == "object":
        keys = _object_keys(_unwrap(args[0]), data)
        def sv(k):
            n = keys.get(k)
            return string_value(n, data) if n is not None else None
        h = keys.get("handler")
        handler = ""
        wrapped = True
        if h is not None:
            hu = _unwrap(h)
            if hu.type == "call_expression":
                hf = hu.child_by_field_name("function")
                hname = node_text(hf, data) if hf is not None else ""
                handler = "inline" if hname in ("httpAction", "httpActionGeneric") else node_text(hu, data)[:120]
                wrapped = hname in ("httpAction", "httpActionGeneric") or not hname[:1].islower() or hname.startswith(("http", "with", "cors"))
            elif hu.type in ("arrow_function", "function_expression", "function"):
                handler, wrapped = "inline-function", False
            else:
                handler = node_text(hu, data)[:120]
        route = HttpRoute(sv("method"), sv("path"), sv("pathPrefix"), handler, wrapped)
        cx.loc(("route", str(route.method), route.path or route.path_prefix or ""), call)
        return RouterCall(receiver, method, route=route)
    if method in CRON_METHODS and args:
        name = string_value(args[0], data)
        sched: list[tuple[str, str]] = []
        ref_idx = 1
        if method == "hourly" and len(args) > 1 and _unwrap(args[1]).type != "object":
            ref_idx = 1
        elif len(args) > 1:
            s = _unwrap(args[1])
            if s.type == "object":
                sched = [(k, node_text(v, data)) for k, v in _object_keys(s, data).items()]
            else:
                sched = [("cron", string_value(s, data) or node_text(s, data))]
            ref_idx = 2
        target = node_text(args[ref_idx], data) if len(args) > ref_idx else None
        if name is not None:
            cx.loc(("cron", name), args[0])
        return RouterCall(receiver, method, cron=CronJob(name, method, tuple(sched), target))
    if method == "use" and args:
        comp = node_text(_unwrap(args[0]), data)
        nm = prefix = None
        if len(args) > 1 and _unwrap(args[1]).type == "object":
            keys = _object_keys(_unwrap(args[1]), data)
            if "name" in keys:
                nm = string_value(keys["name"], data)
            if "httpPrefix" in keys:
                prefix = string_value(keys["httpPrefix"], data)
        return RouterCall(receiver, method, use=(comp, nm, prefix))
    return None


# ----------------------------------------------------------------------------- uses
def _chain_table(node: Node, data: bytes) -> str | None:
    """Walk a query chain down to `db.query("t")` and return t."""
    cur = node
    for _ in range(32):
        cur = _unwrap(cur)
        if cur.type == "call_expression":
            f = cur.child_by_field_name("function")
            if f is None or f.type != "member_expression":
                return None
            prop = f.child_by_field_name("property")
            if prop is not None and node_text(prop, data) == "query":
                args = call_args(cur)
                return string_value(args[0], data) if args else None
            cur = f.child_by_field_name("object")
            if cur is None:
                return None
        elif cur.type == "member_expression":
            cur = cur.child_by_field_name("object")
            if cur is None:
                return None
        else:
            return None
    return None


def _enclosing_builder(node: Node, data: bytes) -> tuple[str, str | None, str | None] | None:
    """For a call inside a withIndex/withSearchIndex/filter/vectorSearch callback: (context, table, index)."""
    cur = node.parent
    for _ in range(24):
        if cur is None:
            return None
        if cur.type == "arguments":
            call = cur.parent
            if call is not None and call.type == "call_expression":
                f = call.child_by_field_name("function")
                if f is not None and f.type == "member_expression":
                    prop = f.child_by_field_name("property")
                    m = node_text(prop, data) if prop is not None else ""
                    if m in ("withIndex", "withSearchIndex", "filter"):
                        args = call_args(call)
                        idx = string_value(args[0], data) if args and m != "filter" else None
                        return m, _chain_table(f.child_by_field_name("object"), data), idx
                    if m == "vectorSearch":
                        args = call_args(call)
                        t = string_value(args[0], data) if args else None
                        i = string_value(args[1], data) if len(args) > 1 else None
                        return m, t, i
        if cur.type in ("program", "statement_block") and cur.parent is not None and cur.parent.type in ("program",):
            return None
        cur = cur.parent
    return None


def _scan_uses(stmt: Node, data: bytes, cx: _Ctx, language) -> None:
    text = data[stmt.start_byte : stmt.end_byte]
    if b"(" not in text and b"api" not in text and b"internal" not in text and b"components" not in text:
        return
    q = _QUERIES[id(language)]
    cursor = QueryCursor(q)
    cursor.set_byte_range(stmt.start_byte, stmt.end_byte)
    # `Node.parent` costs O(depth): uses nested deeper than this are not collected (no real code
    # gets there; pathological nesting would otherwise be quadratic).
    cursor.set_max_start_depth(MAX_USE_DEPTH)
    for pattern, caps in cursor.matches(stmt):
        if pattern == 1:
            ref = caps["ref"][0]
            # outermost member expression
            for _ in range(MAX_USE_DEPTH):
                parent = ref.parent
                if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != ref:
                    break
                ref = parent
            if ref.parent is not None and ref.parent.type == "call_expression" and ref.parent.child_by_field_name("function") == ref:
                continue
            name = "".join(node_text(ref, data).split())
            context = ""
            p = ref.parent
            if p is not None and p.type == "arguments" and p.parent is not None:
                f = p.parent.child_by_field_name("function")
                if f is not None:
                    ftxt = node_text(f, data)
                    context = ftxt.rsplit(".", 1)[-1] if "." in ftxt else ftxt
                    if ftxt.startswith(("crons.",)) or context in CRON_METHODS:
                        context = "crons." + context
            cx.use("function", name, ref, context)
            continue
        call = caps["call"][0]
        f = call.child_by_field_name("function")
        if f is None or f.type != "member_expression":
            continue
        prop = f.child_by_field_name("property")
        obj = f.child_by_field_name("object")
        if prop is None or obj is None:
            continue
        m = data[prop.start_byte : prop.end_byte].decode("utf-8", "replace")
        if m in DB_METHODS:
            ot = data[obj.start_byte : obj.end_byte]
            if not (ot.endswith(b"db") or ot.endswith(b"db.system")):
                continue
            args = call_args(call)
            if not args:
                continue
            t = string_value(args[0], data) if args[0].type == "string" else None
            if t is None:
                continue
            ctxname = "db.system." + m if ot.endswith(b"system") else "db." + m
            cx.use("table", t, args[0], ctxname, t)
            if m in ("insert", "patch", "replace"):
                obj_arg = args[1] if m == "insert" and len(args) > 1 else (args[2] if len(args) > 2 else None)
                if obj_arg is not None and obj_arg.type == "object":
                    for pair in obj_arg.named_children:
                        k = pair.child_by_field_name("key") if pair.type == "pair" else (pair if pair.type == "shorthand_property_identifier" else None)
                        kn = key_name(k, data) if k is not None else None
                        if kn:
                            cx.use("field", kn, k, "db." + m, t)
        elif m in ("withIndex", "withSearchIndex"):
            args = call_args(call)
            if args and args[0].type == "string":
                idx = string_value(args[0], data)
                if idx is not None:
                    cx.use("index", idx, args[0], m, _chain_table(obj, data))
        elif m == "vectorSearch":
            args = call_args(call)
            t = string_value(args[0], data) if args and args[0].type == "string" else None
            if t is not None:
                cx.use("table", t, args[0], "vectorSearch", t)
            if len(args) > 1 and args[1].type == "string":
                i = string_value(args[1], data)
                if i is not None:
                    cx.use("index", i, args[1], "vectorSearch", t)
        elif m in RANGE_METHODS or m == "field":
            args = call_args(call)
            if not args or args[0].type != "string":
                continue
            fld = string_value(args[0], data)
            enc = _enclosing_builder(call, data)
            if fld is None or enc is None:
                continue
            kind_ctx, table, index = enc
            if kind_ctx == "filter" and m != "field":
                continue
            cx.use("field", fld, args[0], "q.field" if m == "field" else m, table, index)
        elif m in ("id", "doc"):
            ot = node_text(obj, data)
            args = call_args(call)
            if ot in ("v", "vv", "schema") and args and args[0].type == "string" and (m == "id" or ot == "schema"):
                t = string_value(args[0], data)
                if t is not None:
                    cx.use("table", t, args[0], f"{ot}.{m}", t)
