"""Per-statement extraction: one top-level statement → `StmtFacts`, with statement-relative ranges.

A statement's facts depend only on its own bytes (and grammar), so `summary.py` caches them by
(node type, bytes) and re-extracts only the statements an edit touched. Names are not resolved
here (is `authQuery` a builder? is `postsTable` a table?): that is the file- and project-level work.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tree_sitter import Node

from .extract_base import (  # noqa: F401 - re-exported: summary.py and tests import them from here
    _AUTH_TEXT,
    _BUILDER_AUTH,
    _IDENT,
    BUILDER_FACTORIES,
    Binding,
    StmtFacts,
    _Ctx,
    _object_keys,
    _unwrap,
)
from .extract_routes import _providers, _router_call
from .extract_schema import _table_def, _table_entries
from .extract_uses import _scan_uses
from .model import ImportDef, Validator
from .syntax import node_text, string_value
from .validators import call_args, key_name, parse_object_fields, parse_validator

_SHARED_SECRET = re.compile(rb"(?i)\bsecret\b|api_?key|\btoken\b")


def extract_statement(node: Node, data: bytes, language, aliases: tuple[tuple[str, str], ...] = ()) -> StmtFacts:
    """Facts of one top-level statement. Never raises on odd syntax. `aliases`: the file's local
    names for api/internal/components (`import { api as A }`, see `api_aliases`)."""
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
    _scan_uses(node, data, cx, language, aliases)
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
            # A shared-secret check (server-to-server builders: `secret` arg compared with an env var)
            # authenticates the caller as much as an identity check does.
            auth = bool(_BUILDER_AUTH.search(rest)) or bool(_SHARED_SECRET.search(rest) and b"process.env" in rest)
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
