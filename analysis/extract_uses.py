"""Uses inside a statement: table/index/field strings in db calls, range builders and validators,
and `api.`/`internal.`/`components.` references with the API they are passed to."""

from __future__ import annotations

from tree_sitter import Node, Query, QueryCursor

from .extract_base import CRON_METHODS, DB_METHODS, MAX_USE_DEPTH, RANGE_METHODS, _Ctx, _unwrap
from .syntax import node_text, string_value
from .validators import call_args, key_name

_ROOTS = ("api", "internal", "components")
_QUERY_SRC = """
(call_expression) @call
((member_expression object: (identifier) @root) @ref (#any-of? @root {roots}))
"""
_QUERIES: dict[tuple[int, tuple[str, ...]], Query] = {}


def _query(language, aliases: tuple[tuple[str, str], ...]) -> Query:
    """The uses query; `aliases` ((local, api|internal|components), …) adds the local names of
    `import { api as A }` as roots."""
    key = (id(language), aliases)
    q = _QUERIES.get(key)
    if q is None:
        roots = " ".join(f'"{r}"' for r in (*_ROOTS, *(a for a, _ in aliases)))
        q = _QUERIES[key] = Query(language, _QUERY_SRC.format(roots=roots))
    return q


def api_aliases(root: Node, data: bytes) -> tuple[tuple[str, str], ...]:
    """((local, imported), …) for `import { api as A }` (and internal, components) from a
    `_generated/api` module: references through `A.x.y` are `api.x.y`. Read before the statements,
    since a statement's uses depend on it (it is part of their cache key)."""
    if b" as " not in data or b"_generated/api" not in data:
        return ()
    out = []
    for stmt in root.children:
        if stmt.type != "import_statement":
            continue
        src = stmt.child_by_field_name("source")
        spec = string_value(src, data) if src is not None else None
        if not spec or not spec.rstrip("/").removesuffix(".js").endswith("_generated/api"):
            continue
        for spec_node in _named_specifiers(stmt):
            name, alias = spec_node.child_by_field_name("name"), spec_node.child_by_field_name("alias")
            if name is not None and alias is not None and node_text(name, data) in ("api", "internal", "components"):
                out.append((node_text(alias, data), node_text(name, data)))
    return tuple(out)


def _named_specifiers(stmt: Node) -> list[Node]:
    clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
    named = next((c for c in clause.named_children if c.type == "named_imports"), None) if clause else None
    return [c for c in named.named_children if c.type == "import_specifier"] if named is not None else []


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


def _scan_uses(stmt: Node, data: bytes, cx: _Ctx, language, aliases: tuple[tuple[str, str], ...] = ()) -> None:
    text = data[stmt.start_byte : stmt.end_byte]
    if b"(" not in text and b"api" not in text and b"internal" not in text and b"components" not in text and not aliases:
        return
    q = _query(language, aliases)
    canonical = dict(aliases)
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
            if canonical:
                head, dot, rest = name.partition(".")
                name = canonical.get(head, head) + dot + rest
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
