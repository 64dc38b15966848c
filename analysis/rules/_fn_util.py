"""Helpers for the function/registration/runtime rules: scope, handler parameters, text edits
(object properties, named imports) and validator inference from TypeScript annotations."""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from tree_sitter import Node

from ..diagnostics import Edit
from ..syntax import node_text, string_value
from ..text import TextRange
from ._ctx_util import ctx_names
from .base import Registration, RuleContext
from .common import FUNCTION_NODES, handler_params, is_test_file, unwrap, walk

REGISTRAR_KINDS = ("query", "mutation", "action")
TYPE_NODES = frozenset({"type_annotation", "type_alias_declaration", "interface_declaration", "type_arguments",
                        "type_query", "type_parameters", "implements_clause", "ambient_declaration"})


def is_generated(ctx: RuleContext) -> bool:
    return ctx.module is not None and ctx.module.reason == "generated code"


def in_scope(ctx: RuleContext) -> bool:
    """A file of the functions dir that Convex code runs from (not `_generated`, not a test file)."""
    return ctx.module is not None and not is_generated(ctx) and not is_test_file(ctx.path)


def function_registrations(ctx: RuleContext) -> Iterator[Registration]:
    """Query/mutation/action registrations (httpAction and unresolved kinds excluded)."""
    if not in_scope(ctx):
        return
    for r in ctx.registrations:
        if r.kind in REGISTRAR_KINDS:
            yield r


def resolved_handler(ctx: RuleContext, reg: Registration) -> Node | None:
    """The handler function node; `handler: named` resolves a same-file function/const."""
    h = reg.handler
    if h is None:
        return None
    h = unwrap(h)
    if h.type in FUNCTION_NODES:
        return h
    if h.type in ("identifier", "shorthand_property_identifier"):
        name = node_text(h, ctx.data)
        for stmt in ctx.root.named_children:
            decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
            if decl is None:
                continue
            if decl.type == "function_declaration" and node_text(decl.child_by_field_name("name"), ctx.data) == name:
                return decl
            if decl.type in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    nm, val = d.child_by_field_name("name"), d.child_by_field_name("value")
                    if nm is not None and val is not None and node_text(nm, ctx.data) == name and unwrap(val).type in FUNCTION_NODES:
                        return unwrap(val)
    return None


def param_pattern(param: Node) -> Node:
    pat = param.child_by_field_name("pattern") if param.type in ("required_parameter", "optional_parameter") else None
    return pat if pat is not None else param


def is_referenced(body: Node | None, name: str, data: bytes, exclude: Node | None = None) -> bool:
    if body is None:
        return False
    for n in walk(body, {"identifier", "shorthand_property_identifier"}):
        if exclude is not None and exclude.start_byte <= n.start_byte and n.end_byte <= exclude.end_byte:
            continue
        if node_text(n, data) == name:
            return True
    return False


def args_param_state(ctx: RuleContext, fn: Node | None) -> str:
    """"none" (no 2nd parameter, `{}`, or a name never read), "used", or "unknown" (no function)."""
    if fn is None:
        return "unknown"
    params = handler_params(fn)
    if len(params) < 2:
        return "none"
    pat = param_pattern(params[1])
    if pat.type == "object_pattern" and not pat.named_children:
        return "none"
    if pat.type == "identifier" and not is_referenced(fn.child_by_field_name("body"), node_text(pat, ctx.data), ctx.data):
        return "none"
    return "used"


def in_type_position(node: Node) -> bool:
    cur = node.parent
    while cur is not None:
        if cur.type in TYPE_NODES:
            return True
        cur = cur.parent
    return False


def line_indent(data: bytes, offset: int) -> str:
    start = data.rfind(b"\n", 0, offset) + 1
    m = re.match(rb"[ \t]*", data[start:offset])
    return m.group(0).decode() if m else ""


def insert_before_property(ctx: RuleContext, prop: Node, text: str) -> Edit:
    """Insert `text,` before the property `prop` of an object literal, on its own line when `prop` is."""
    data = ctx.data
    start = data.rfind(b"\n", 0, prop.start_byte) + 1
    if data[start : prop.start_byte].strip() == b"":
        return ctx.edit(point(prop.start_byte), f"{text},\n{line_indent(data, prop.start_byte)}")
    return ctx.edit(point(prop.start_byte), f"{text}, ")


def append_property(ctx: RuleContext, obj: Node, text: str, data: bytes | None = None, path: str | None = None) -> Edit:
    """Add `text` as the last property of the object literal `obj` (of `path`, default this file)."""
    data = ctx.data if data is None else data
    props = [c for c in obj.named_children if c.type != "comment"]
    if not props:
        return ctx.edit(span(obj.start_byte, obj.end_byte), "{ " + text + " }", path)
    last = props[-1]
    between = data[last.end_byte : obj.end_byte - 1]
    comma = between.find(b",")
    at = last.end_byte + comma + 1 if comma >= 0 else last.end_byte
    sep = "" if comma >= 0 else ","
    if b"\n" in between:
        return ctx.edit(point(at), f"{sep}\n{line_indent(data, last.start_byte)}{text}" + ("," if comma >= 0 else ""), path)
    return ctx.edit(point(at), f"{sep} {text}" + ("," if comma >= 0 else ""), path)


def point(offset: int) -> TextRange:
    return TextRange(offset, offset)


def span(start: int, end: int) -> TextRange:
    return TextRange(start, end)


def prologue_end(ctx: RuleContext) -> int:
    """Offset after the directive prologue (start of the line following the last directive)."""
    end = 0
    for stmt in ctx.root.named_children:
        if stmt.type == "comment":
            continue
        if is_directive(stmt, ctx.data) is None:
            break
        end = stmt.end_byte
    if end == 0:
        return 0
    nl = ctx.data.find(b"\n", end)
    return len(ctx.data) if nl < 0 else nl + 1


def is_directive(stmt: Node, data: bytes) -> str | None:
    if stmt.type != "expression_statement" or len(stmt.named_children) != 1:
        return None
    s = stmt.named_children[0]
    return string_value(s, data) if s.type == "string" else None


def generated_spec(ctx: RuleContext, module: str = "server") -> str:
    fdir = ctx.project.root.functions_dir
    rel = posixpath.relpath(f"{fdir}/_generated/{module}", posixpath.dirname(ctx.path))
    return rel if rel.startswith(".") else "./" + rel


_TS_SIMPLE = {"string": "v.string()", "number": "v.number()", "boolean": "v.boolean()", "null": "v.null()",
              "bigint": "v.int64()", "any": "v.any()", "unknown": "v.any()"}


def infer_validator(type_node: Node | None, data: bytes) -> str:
    """A validator for a TypeScript type annotation (`v.any()` when unsure)."""
    if type_node is None:
        return "v.any()"
    t = type_node.named_children[0] if type_node.type == "type_annotation" and type_node.named_children else type_node
    text = node_text(t, data).strip()
    if text in _TS_SIMPLE:
        return _TS_SIMPLE[text]
    if t.type == "literal_type":
        return f"v.literal({text})"
    if t.type == "array_type" and t.named_children:
        return f"v.array({infer_validator(t.named_children[0], data)})"
    if t.type == "union_type":
        return f"v.union({', '.join(infer_validator(c, data) for c in _union_members(t))})"
    m = re.fullmatch(r"Id<\s*([\"'])(\w+)\1\s*>", text)
    if m:
        return f'v.id("{m.group(2)}")'
    m = re.fullmatch(r"Array<(.+)>", text)
    if m and t.type == "generic_type":
        args = t.child_by_field_name("type_arguments")
        return f"v.array({infer_validator(args.named_children[0], data) if args and args.named_children else 'v.any()'})"
    return "v.any()"


def _union_members(t: Node) -> list[Node]:
    out: list[Node] = []
    for c in t.named_children:
        out.extend(_union_members(c) if c.type == "union_type" else [c])
    return out


def pattern_keys(pat: Node, data: bytes) -> tuple[list[tuple[str, Node]], bool]:
    """Keys of an object pattern as (name, key node); complete=False when it has a `...rest`."""
    out: list[tuple[str, Node]] = []
    complete = True
    for c in pat.named_children:
        key = None
        if c.type == "shorthand_property_identifier_pattern":
            key = c
        elif c.type == "pair_pattern":
            key = c.child_by_field_name("key")
        elif c.type == "object_assignment_pattern":
            key = c.child_by_field_name("left")
        elif c.type == "rest_pattern":
            complete = False
        if key is not None:
            name = string_value(key, data) if key.type == "string" else node_text(key, data)
            if name is not None:
                out.append((name, key))
            else:
                complete = False
    return out, complete


def arg_reads(ctx: RuleContext, fn: Node) -> tuple[list[tuple[str, Node]], bool]:
    """The argument names a handler reads (its second parameter), with the node naming each, and
    whether that list is complete (False when the whole object escapes or is spread)."""
    params = handler_params(fn)
    if len(params) < 2:
        return [], True
    pat = param_pattern(params[1])
    if pat.type == "object_pattern":
        return pattern_keys(pat, ctx.data)
    if pat.type != "identifier":
        return [], False
    name = node_text(pat, ctx.data)
    body = fn.child_by_field_name("body")
    out: list[tuple[str, Node]] = []
    complete = True
    for n in _occurrences(body, name, ctx.data) if body is not None else ():
        p = n.parent
        if n.type == "identifier" and p is not None and p.type == "member_expression" and p.child_by_field_name("object") == n:
            prop = p.child_by_field_name("property")
            if prop is not None and prop.type == "property_identifier":
                out.append((node_text(prop, ctx.data), prop))
                continue
        if p is not None and p.type == "subscript_expression" and p.child_by_field_name("object") == n:
            idx = p.child_by_field_name("index")
            if idx is not None and idx.type == "string":
                out.append((string_value(idx, ctx.data) or "", idx))
                continue
        if p is not None and p.type == "variable_declarator" and p.child_by_field_name("value") == n:
            nm = p.child_by_field_name("name")
            if nm is not None and nm.type == "object_pattern":
                keys, comp = pattern_keys(nm, ctx.data)
                out.extend(keys)
                complete = complete and comp
                continue
        complete = False
    return out, complete


def _occurrences(scope: Node, name: str, data: bytes) -> Iterator[Node]:
    """The identifier nodes spelled `name` inside `scope`, in document order: found in the text and
    looked up in the tree (C-side), which is much cheaper than visiting every identifier."""
    want = name.encode()
    size = len(want)
    at, end = scope.start_byte, scope.end_byte
    while True:
        at = data.find(want, at, end)
        if at < 0:
            return
        n = scope.descendant_for_byte_range(at, at + size)
        if n is not None and n.start_byte == at and n.end_byte == at + size and n.type in ("identifier", "shorthand_property_identifier"):
            yield n
        at += size


def annotated_arg_types(fn: Node, data: bytes) -> dict[str, str] | None:
    """name → inferred validator from an object-type annotation of the handler's second parameter
    (`(ctx, args: { a: string; b?: number })`); None without one."""
    params = handler_params(fn)
    if len(params) < 2:
        return None
    ann = params[1].child_by_field_name("type")
    obj = ann.named_children[0] if ann is not None and ann.named_children else None
    if obj is None or obj.type != "object_type":
        return None
    out: dict[str, str] = {}
    for sig in obj.named_children:
        nm, ty = sig.child_by_field_name("name"), sig.child_by_field_name("type")
        if sig.type != "property_signature" or nm is None:
            return None
        val = infer_validator(ty, data)
        out[node_text(nm, data)] = f"v.optional({val})" if any(c.type == "?" for c in sig.children) else val
    return out


def is_type_only(stmt: Node) -> bool:
    """`import type …`, `export type { … } from`, or every specifier marked `type` (erased)."""
    if any(c.type == "type" for c in stmt.children):
        return True
    clause = next((c for c in stmt.named_children if c.type in ("import_clause", "export_clause")), None)
    if clause is None:
        return False
    specs = [s for n in (clause, *clause.named_children) for s in n.named_children if s.type in ("import_specifier", "export_specifier")]
    others = [c for c in clause.named_children if c.type in ("identifier", "namespace_import")]
    return bool(specs) and not others and all(any(c.type == "type" for c in s.children) for s in specs)


def ctx_members(ctx: RuleContext, reg: Registration) -> set[str]:
    """Names of the ctx members the handler reads (`ctx.user` → "user"; destructured `{ db }` → "db")."""
    name, members = ctx_names(reg, ctx.data)
    out = set(members.values())
    for me in ctx.walk(reg.handler, {"member_expression"}) if name is not None and reg.handler is not None else ():
        obj, prop = me.child_by_field_name("object"), me.child_by_field_name("property")
        if obj is not None and prop is not None and obj.type == "identifier" and node_text(obj, ctx.data) == name:
            out.add(node_text(prop, ctx.data))
    return out


def callee_last_name(call: Node, data: bytes) -> str:
    """`f(…)` → "f", `a.b.f(…)` → "f", anything else → ""."""
    f = call.child_by_field_name("function")
    if f is not None and f.type == "member_expression":
        f = f.child_by_field_name("property")
    return node_text(f, data) if f is not None and f.type in ("identifier", "property_identifier") else ""
