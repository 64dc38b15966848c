"""Schema extraction: `defineSchema({...})` entries, `defineTable(...)` with its index chain, field
and index locations, index field uses."""

from __future__ import annotations

from tree_sitter import Node

from .extract_base import _Ctx, _is_true, _object_keys, _unwrap
from .model import IndexDef, TableDef, TableEntry, Validator
from .syntax import node_text, string_value
from .validators import call_args, key_name, parse_object_fields, parse_validator

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


def _field_locations(obj: Node, data: bytes, cx: _Ctx, anchor: str, prefix: str = "", depth: int = 0) -> None:
    """Where each field is declared, nested objects included (`meta.pinned` for
    `meta: v.object({ pinned: … })`, also inside `v.optional(…)`)."""
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
                cx.loc(("field", anchor, prefix + kn), k)
                inner = _object_validator(p.child_by_field_name("value"), data)
                if inner is not None and depth < 8:
                    _field_locations(inner, data, cx, anchor, f"{prefix}{kn}.", depth + 1)
        elif p.type == "shorthand_property_identifier":
            cx.loc(("field", anchor, prefix + node_text(p, data)), p)


def _object_validator(node: Node | None, data: bytes) -> Node | None:
    """The `v.object(…)` call of a field's validator, through `v.optional(…)`; None otherwise."""
    for _ in range(4):
        if node is None or node.type != "call_expression":
            return None
        f = node.child_by_field_name("function")
        name = node_text(f, data).rsplit(".", 1)[-1] if f is not None else ""
        if name == "object":
            return node
        if name != "optional":
            return None
        args = call_args(node)
        node = args[0] if args else None
    return None


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
