"""Insert validators: `args` inferred from a handler's parameters and how it uses them, a missing
field of an existing `args`, and a `returns` validator inferred from what the handler returns.

Every inference answers only when it is sure; anything else becomes a placeholder (`v.any()`),
a tab stop in editors that support snippets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..model import FieldDef, TableDef, Validator
from ..syntax import node_text, string_value
from ..validators import call_args
from ..rules._db_util import doc_table, find_binding, is_db, is_system_db, member_call, query_chain
from ..rules._fn_util import append_property, infer_validator, insert_before_property, param_pattern
from ..rules.common import FUNCTION_NODES, handler_params, pair_of, unwrap, walk
from ._edit import add_imports, indent_of_line, indent_unit, make_fix, module_spec, on_own_line, ph, spec_variants, wrap

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

ANY = "v.any()"
RENDERABLE = frozenset({"string", "number", "int64", "boolean", "null", "any", "bytes", "id", "literal", "array", "object", "record", "union"})
_COMPARE = frozenset({"===", "!==", "==", "!="})
_ORDER = frozenset({"<", ">", "<=", ">="})
_ARITH = frozenset({"-", "*", "/", "%", "**"})
_RANGE_OPS = frozenset({"eq", "gt", "gte", "lt", "lte"})
_DOC_WRITES = frozenset({"insert", "patch", "replace"})
_ID_METHODS = frozenset({"get", "patch", "replace", "delete"})
_STRING_METHODS = frozenset({"trim", "toLowerCase", "toUpperCase", "startsWith", "endsWith", "split", "replace", "replaceAll", "padStart", "padEnd", "localeCompare", "normalize", "trimStart", "trimEnd", "charAt"})


# ----------------------------------------------------------------------------- rendering
def renderable(v: Validator | None, depth: int = 0) -> bool:
    if v is None or depth > 20 or v.kind not in RENDERABLE:
        return False
    if v.kind == "id" and not v.table:
        return False
    if v.kind == "literal" and not v.literal:
        return False
    if any(f.name.startswith("...") or not re.match(r"^[A-Za-z_$][\w$]*$", f.name) for f in v.fields):
        return False
    return all(renderable(f.validator, depth + 1) for f in v.fields) and all(renderable(i, depth + 1) for i in v.items)


def required(v: Validator) -> Validator:
    return Validator(v.kind, False, v.table, v.literal, v.fields, v.items, v.builder, v.text) if v.optional else v


def render(v: Validator | None) -> str | None:
    return v.render() if renderable(v) else None


def layout_object(fields: list[tuple[str, str]], indent: str, unit: str, wrap: str = "{ ") -> str:
    """`{ a: x, b: y }` on one line, or one field per line when long (indent = the line's indentation)."""
    if not fields:
        return "{}"
    one = "{ " + ", ".join(f"{k}: {val}" for k, val in fields) + " }"
    if len(one) + len(indent) <= 88 and "\n" not in one:
        return one
    inner = indent + unit
    body = "".join(f"{inner}{k}: {val},\n" for k, val in fields)
    return "{\n" + body + indent + "}"


# ----------------------------------------------------------------------------- args: which names, read how
class ArgsParam:
    """The handler's second parameter: which argument names it reads, through which expressions."""

    def __init__(self, ctx: "RuleContext", fn: Node) -> None:
        self.ctx = ctx
        self.fn = fn
        self.names: list[str] = []  # argument names in reading order
        self.refs: dict[str, list[Node]] = {}  # name → expression nodes holding the value
        self.defaults: dict[str, Node] = {}  # name → default value node (`{ limit = 10 }`)
        self.complete = True  # False: the whole object escapes (spread, passed on, rest pattern)
        self.param: Node | None = None
        self.pattern: Node | None = None
        params = handler_params(fn)
        if len(params) < 2:
            return
        self.param = params[1]
        self.pattern = param_pattern(params[1])
        body = fn.child_by_field_name("body")
        if self.pattern.type == "object_pattern":
            self._pattern(self.pattern, body)
        elif self.pattern.type == "identifier":
            self._identifier(node_text(self.pattern, ctx.data), body)
        else:
            self.complete = False

    def _add(self, name: str) -> None:
        if name not in self.refs:
            self.names.append(name)
            self.refs[name] = []

    def _pattern(self, pat: Node, scope: Node | None) -> None:
        data = self.ctx.data
        for c in pat.named_children:
            key = local = None
            if c.type == "shorthand_property_identifier_pattern":
                key = local = node_text(c, data)
            elif c.type == "object_assignment_pattern":
                left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                if left is not None:
                    key = local = node_text(left, data)
                    if right is not None:
                        self.defaults[key] = right
            elif c.type == "pair_pattern":
                k, val = c.child_by_field_name("key"), c.child_by_field_name("value")
                key = (string_value(k, data) if k is not None and k.type == "string" else node_text(k, data)) if k is not None else None
                if val is not None and val.type == "identifier":
                    local = node_text(val, data)
                elif val is not None and val.type == "assignment_pattern":
                    left, right = val.child_by_field_name("left"), val.child_by_field_name("right")
                    local = node_text(left, data) if left is not None and left.type == "identifier" else None
                    if key and right is not None:
                        self.defaults[key] = right
            elif c.type == "rest_pattern":
                self.complete = False
                continue
            elif c.type == "comment":
                continue
            if key is None:
                self.complete = False
                continue
            self._add(key)
            if local is not None and scope is not None:
                self.refs[key].extend(_identifier_uses(scope, local, data))

    def _identifier(self, name: str, body: Node | None) -> None:
        data = self.ctx.data
        for n in walk(body, {"identifier"}) if body is not None else ():
            if node_text(n, data) != name:
                continue
            p = n.parent
            if p is not None and p.type == "member_expression" and p.child_by_field_name("object") == n:
                prop = p.child_by_field_name("property")
                if prop is not None and prop.type == "property_identifier":
                    key = node_text(prop, data)
                    self._add(key)
                    self.refs[key].append(p)
                    continue
            if p is not None and p.type == "variable_declarator" and p.child_by_field_name("value") == n:
                nm = p.child_by_field_name("name")
                scope = p.parent.parent if p.parent is not None else None
                if nm is not None and nm.type == "object_pattern":
                    self._pattern(nm, scope)
                    continue
            if p is not None and p.type == "subscript_expression" and p.child_by_field_name("object") == n:
                idx = p.child_by_field_name("index")
                key = string_value(idx, data) if idx is not None and idx.type == "string" else None
                if key:
                    self._add(key)
                    self.refs[key].append(p)
                    continue
            self.complete = False


_BINDING_FIELD = {"variable_declarator": "name", "pair_pattern": "value", "object_assignment_pattern": "left", "assignment_pattern": "left"}


def _identifier_uses(scope: Node, name: str, data: bytes) -> list[Node]:
    """Identifiers reading `name` in `scope` (not the ones declaring a binding)."""
    out = []
    for n in walk(scope, {"identifier", "shorthand_property_identifier"}):
        if node_text(n, data) == name:
            p = n.parent
            field = _BINDING_FIELD.get(p.type) if p is not None else None
            if field is not None and p.child_by_field_name(field) == n:  # type: ignore[union-attr]
                continue
            out.append(n)
    return out


# ----------------------------------------------------------------------------- inference from use
def _outer(node: Node) -> Node:
    """Climb through parentheses, `as`, `!` and `await` around a value."""
    cur = node
    while cur.parent is not None and cur.parent.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression"):
        cur = cur.parent
    return cur


def _table(ctx: "RuleContext", name: str | None) -> TableDef | None:
    return ctx.project.table(name) if name else None


def _field(ctx: "RuleContext", table: str | None, path: str | None) -> Validator | None:
    from ..navigation import field_validator

    t = _table(ctx, table)
    return field_validator(t, path) if t is not None and path else None


def _enclosing_call(node: Node, methods: frozenset[str] | set[str], data: bytes, limit: int = 8) -> tuple[str, Node] | None:
    cur = node.parent
    for _ in range(limit):
        if cur is None:
            return None
        if cur.type == "call_expression":
            mc = member_call(cur, data)
            if mc is not None and mc[0] in methods:
                return mc[0], cur
        cur = cur.parent
    return None


def _literal_validator(node: Node | None) -> str | None:
    if node is None:
        return None
    node = unwrap(node)
    if node.type in ("string", "template_string"):
        return "v.string()"
    if node.type == "number":
        return "v.number()"
    if node.type in ("true", "false"):
        return "v.boolean()"
    if node.type == "null":
        return "v.null()"
    if node.type == "unary_expression" and node.named_children and node.named_children[0].type == "number":
        return "v.number()"
    return None


def infer_from_use(ctx: "RuleContext", ref: Node) -> str | None:
    """A validator for the value `ref` holds, from how the code uses it (None: no idea)."""
    data = ctx.data
    node = _outer(ref)
    p = node.parent
    if p is None:
        return None
    if p.type == "arguments":
        call = p.parent
        args = call_args(call) if call is not None else []
        mc = member_call(call, data) if call is not None else None
        if mc is None:
            return None
        method, obj = mc
        pos = next((i for i, a in enumerate(args) if a.start_byte == node.start_byte and a.end_byte == node.end_byte), -1)
        if method in _ID_METHODS and (is_db(ctx, obj) or is_system_db(ctx, obj)) and pos == 1 and args[0].type == "string":
            return f'v.id("{string_value(args[0], data)}")'
        if method == "normalizeId" and pos == 1:
            return "v.string()"
        if method == "take" and pos == 0:
            return "v.number()"
        if method == "paginate" and pos == 0:
            return "paginationOptsValidator"
        if method == "search" and pos == 1:
            return "v.string()"
        if method in _RANGE_OPS and pos == 1 and args and args[0].type == "string":
            found = _enclosing_call(call, {"withIndex"}, data, 12)
            if found is not None:
                ch = query_chain(ctx, member_call(found[1], data)[1])  # type: ignore[index]
                fv = _field(ctx, ch.table if ch else None, string_value(args[0], data))
                return render(required(fv)) if fv is not None else None
        if method == "eq" and len(args) == 2 and pos in (0, 1):
            other = args[1 - pos]
            fm = member_call(other, data)
            fa = call_args(unwrap(other)) if fm else []
            if fm and fm[0] == "field" and fa and fa[0].type == "string":
                found = _enclosing_call(call, {"filter"}, data, 12)
                ch = query_chain(ctx, member_call(found[1], data)[1]) if found is not None else None  # type: ignore[index]
                fv = _field(ctx, ch.table if ch else None, string_value(fa[0], data))
                return render(required(fv)) if fv is not None else None
        return None
    if p.type == "pair" and p.child_by_field_name("value") == node:
        key = p.child_by_field_name("key")
        return _written_field(ctx, p.parent, node_text(key, data) if key is not None else None)
    if node.type == "shorthand_property_identifier" and p.type == "object":
        return _written_field(ctx, p, node_text(node, data))
    if p.type == "binary_expression":
        op = p.child_by_field_name("operator")
        opt = node_text(op, data) if op is not None else ""
        left, right = p.child_by_field_name("left"), p.child_by_field_name("right")
        other = right if left is not None and left.start_byte == node.start_byte else left
        if opt in _COMPARE and other is not None:
            lit = _literal_validator(other)
            if lit is not None and lit != "v.null()":
                return lit
            o = unwrap(other)
            if o.type == "member_expression":
                prop = o.child_by_field_name("property")
                fv = _field(ctx, doc_table(ctx, o.child_by_field_name("object")), node_text(prop, data) if prop is not None else None)
                return render(required(fv)) if fv is not None else None
            return None
        if opt in _ORDER or opt in _ARITH:
            return "v.number()"
        return None
    if p.type == "member_expression" and p.child_by_field_name("object") == node:
        prop = p.child_by_field_name("property")
        name = node_text(prop, data) if prop is not None else ""
        if name in _STRING_METHODS:
            return "v.string()"
        return None
    if p.type == "template_substitution":
        return None
    return None


def _written_field(ctx: "RuleContext", obj: Node | None, key: str | None) -> str | None:
    """`db.insert("t", { key: x })` / `db.patch("t", id, { key: x })`: the validator of t.key."""
    if obj is None or key is None or obj.type != "object":
        return None
    args_node = _outer(obj).parent
    call = args_node.parent if args_node is not None and args_node.type == "arguments" else None
    mc = member_call(call, ctx.data) if call is not None else None
    if mc is None or mc[0] not in _DOC_WRITES or not is_db(ctx, mc[1]):
        return None
    args = call_args(call)
    if not args or args[0].type != "string" or args[-1].start_byte != _outer(obj).start_byte:
        return None
    fv = _field(ctx, string_value(args[0], ctx.data), key)
    return render(fv) if fv is not None else None


def _annotation_types(ctx: "RuleContext", fn: Node) -> dict[str, str]:
    """name → validator from the TypeScript annotation of the args parameter (an object type, or a
    same-file type alias / interface); only the certain ones (no `v.any()` inside)."""
    params = handler_params(fn)
    if len(params) < 2:
        return {}
    ann = params[1].child_by_field_name("type")
    t = ann.named_children[0] if ann is not None and ann.named_children else None
    if t is not None and t.type == "type_identifier":
        t = _type_declaration(ctx, node_text(t, ctx.data))
    if t is None or t.type not in ("object_type", "interface_body"):
        return {}
    out: dict[str, str] = {}
    for sig in t.named_children:
        nm, ty = sig.child_by_field_name("name"), sig.child_by_field_name("type")
        if sig.type != "property_signature" or nm is None:
            continue
        val = infer_validator(ty, ctx.data)
        if ANY in val:
            continue
        out[node_text(nm, ctx.data)] = f"v.optional({val})" if any(c.type == "?" for c in sig.children) else val
    return out


def _type_declaration(ctx: "RuleContext", name: str) -> Node | None:
    for stmt in ctx.root.named_children:
        decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
        if decl is None:
            continue
        nm = decl.child_by_field_name("name")
        if nm is None or node_text(nm, ctx.data) != name:
            continue
        if decl.type == "type_alias_declaration":
            return decl.child_by_field_name("value")
        if decl.type == "interface_declaration":
            return decl.child_by_field_name("body")
    return None


def infer_arg(ctx: "RuleContext", ap: ArgsParam, name: str, annotations: dict[str, str]) -> str:
    """The validator text of one argument (with a placeholder when nothing is known)."""
    if name in annotations:
        return annotations[name]
    found: str | None = None
    for ref in ap.refs.get(name, ()):
        found = infer_from_use(ctx, ref)
        if found is not None:
            break
    default = ap.defaults.get(name)
    if default is not None:
        found = found or _literal_validator(default)
        if found is not None and found.startswith("v.optional("):
            return found
        return f"v.optional({found})" if found is not None else ph(f"v.optional({ANY})")
    return found if found is not None else ph(ANY)


def infer_args(ctx: "RuleContext", fn: Node) -> list[tuple[str, str]] | None:
    """[(name, validator text)] for the handler's arguments; None when they cannot be listed."""
    ap = ArgsParam(ctx, fn)
    if not ap.complete:
        return None
    ann = _annotation_types(ctx, fn)
    return [(n, infer_arg(ctx, ap, n, ann)) for n in ap.names if re.match(r"^[A-Za-z_$][\w$]*$", n)]


# ----------------------------------------------------------------------------- imports the text needs
def _import_edits(ctx: "RuleContext", text: str) -> list[Edit] | None:
    needs = [("v", "convex/values", r"\bv\."), ("paginationOptsValidator", "convex/server", r"\bpaginationOptsValidator\b"),
             ("paginationResultValidator", "convex/server", r"\bpaginationResultValidator\b")]
    return add_imports(ctx, [(name, source) for name, source, pattern in needs if re.search(pattern, text)])


# ----------------------------------------------------------------------------- fixes
def args_fix(ctx: "RuleContext", reg: "Registration", fn: Node | None, kind: str = "quickfix") -> Fix | None:
    """Insert `args: {…}` before `handler`, inferred from the handler (`{}` when it reads none)."""
    if reg.config is None or reg.args is not None or fn is None:
        return None
    handler_prop = pair_of(reg.config, "handler", ctx.data)
    if handler_prop is None:
        return None
    fields = infer_args(ctx, fn)
    if fields is None:
        return None
    ind = indent_of_line(ctx.data, handler_prop.start_byte) if on_own_line(ctx.data, handler_prop.start_byte) else ""
    text = layout_object(fields, ind, indent_unit(ctx.data)) if ind else ("{ " + ", ".join(f"{k}: {val}" for k, val in fields) + " }" if fields else "{}")
    imp = _import_edits(ctx, text)
    if imp is None:
        return None
    app = "safe" if not fields else "unsafe"
    title = "Add args validator" if fields else "Add `args: {}`"
    return make_fix(ctx, title, [*imp, insert_before_property(ctx, handler_prop, f"args: {text}")], app, kind)


def declare_arg_fix(ctx: "RuleContext", reg: "Registration", fn: Node, name: str, obj: Node) -> Fix | None:
    """Add `name: <validator>` to the `args` object literal `obj` (args-destructure-mismatch)."""
    ap = ArgsParam(ctx, fn)
    val = infer_arg(ctx, ap, name, _annotation_types(ctx, fn))
    imp = _import_edits(ctx, val)
    if imp is None:
        return None
    return make_fix(ctx, f"Declare '{name}' in `args`", [*imp, append_property(ctx, obj, f"{name}: {val}")], "unsafe")


# ----------------------------------------------------------------------------- returns
def _returns(fn: Node) -> list[Node | None]:
    """Expressions the function returns (None for `return;` or falling off the end)."""
    body = fn.child_by_field_name("body")
    if body is None:
        return [None]
    if body.type != "statement_block":
        return [body]
    out: list[Node | None] = []
    stack = list(body.named_children)
    while stack:
        n = stack.pop()
        if n.type in FUNCTION_NODES or n.type in ("class_declaration", "class"):
            continue
        if n.type == "return_statement":
            out.append(n.named_children[0] if n.named_children else None)
            continue
        stack.extend(n.named_children)
    stmts = [c for c in body.named_children if c.type != "comment"]
    if not stmts or stmts[-1].type not in ("return_statement", "throw_statement"):
        out.append(None)
    return out


class _Returns:
    def __init__(self, ctx: "RuleContext", fn: Node) -> None:
        self.ctx = ctx
        self.fn = fn
        self.use_schema_doc = _project_uses_schema_doc(ctx)
        self.needs_schema = False

    def doc(self, table: str | None) -> str:
        t = _table(self.ctx, table)
        if t is None:
            return ph(ANY)
        if self.use_schema_doc:
            self.needs_schema = True
            return f'schema.doc("{t.name}")'
        system = (FieldDef("_id", Validator("id", table=t.name, builder="id")), FieldDef("_creationTime", Validator("number", builder="number")))
        d = t.document
        if d.kind == "object":
            v = Validator("object", fields=system + d.fields, builder="object")
        elif d.kind == "union" and all(m.kind == "object" for m in d.items):
            v = Validator("union", items=tuple(Validator("object", fields=system + m.fields, builder="object") for m in d.items), builder="union")
        else:
            return ph(ANY)
        return render(v) or ph(ANY)

    def nullable(self, text: str) -> str:
        return f"v.union({text}, v.null())"

    def infer(self, expr: Node | None, depth: int = 0) -> str:
        ctx, data = self.ctx, self.ctx.data
        if expr is None:
            return "v.null()"
        if depth > 6:
            return ph(ANY)
        e = unwrap(expr)
        if e.type == "await_expression" and e.named_children:
            e = unwrap(e.named_children[0])
        lit = _literal_validator(e)
        if lit is not None:
            return lit
        if e.type == "undefined" or (e.type == "identifier" and node_text(e, data) == "undefined"):
            return "v.null()"
        if e.type == "array" and not e.named_children:
            return f"v.array({ph(ANY)})"
        if e.type == "object":
            return self.object(e, depth)
        mc = member_call(e, data)
        if mc is not None:
            m, obj = mc
            ch = query_chain(ctx, obj) if m in ("collect", "take", "first", "unique", "paginate") else None
            if ch is not None:
                doc = self.doc(ch.table)
                if m in ("collect", "take"):
                    return f"v.array({doc})"
                if m == "paginate":
                    return f"paginationResultValidator({doc})"
                return self.nullable(doc)
            if m == "get" and (is_db(ctx, obj) or is_system_db(ctx, obj)):
                table = doc_table(ctx, e)
                return self.nullable(self.doc(table)) if table else self.nullable(ph(ANY))
            if m == "insert" and is_db(ctx, obj):
                a = call_args(e)
                if a and a[0].type == "string":
                    return f'v.id("{string_value(a[0], data)}")'
            if m in ("runQuery", "runMutation", "runAction"):
                return self.ref_returns(call_args(e))
        if e.type == "identifier":
            b = find_binding(e, data)
            if b is not None and b.kind == "var" and not b.destructured and b.value is not None:
                inner = self.infer(b.value, depth + 1)
                name = node_text(e, data)
                if inner.startswith("v.union(") and inner.endswith(", v.null())") and self.null_checked(name, expr):
                    return inner[len("v.union(") : -len(", v.null())")]
                return inner
        return ph(ANY)

    def ref_returns(self, args: list[Node]) -> str:
        if not args:
            return ph(ANY)
        ref = node_text(unwrap(args[0]), self.ctx.data).replace(" ", "").replace("\n", "")
        fd = self.ctx.project.function(ref)
        text = render(fd.returns) if fd is not None and fd.returns is not None else None
        return text or ph(ANY)

    def null_checked(self, name: str, at: Node) -> bool:
        """`if (!x) throw …` / `if (x === null) return …` before `at` in the handler."""
        body = self.fn.child_by_field_name("body")
        if body is None:
            return False
        pre = self.ctx.data[body.start_byte : at.start_byte].decode("utf-8", "replace")
        n = re.escape(name)
        return bool(re.search(rf"if\s*\(\s*(!\s*{n}|{n}\s*===?\s*(null|undefined))\s*\)\s*\{{?\s*(throw|return)\b", pre))

    def object(self, obj: Node, depth: int) -> str:
        data = self.ctx.data
        fields: list[tuple[str, str]] = []
        for c in obj.named_children:
            if c.type == "pair":
                k, val = c.child_by_field_name("key"), c.child_by_field_name("value")
                key = node_text(k, data) if k is not None else ""
                if k is not None and k.type == "string":
                    key = string_value(k, data) or ""
                if not re.match(r"^[A-Za-z_$][\w$]*$", key):
                    return ph(ANY)
                fields.append((key, self.infer(val, depth + 1)))
            elif c.type == "shorthand_property_identifier":
                name = node_text(c, data)
                b = find_binding(c, data)
                val = b.value if b is not None and b.kind == "var" and not b.destructured else None
                fields.append((name, self.infer(val, depth + 1) if val is not None else self.arg_field(c) or ph(ANY)))
            elif c.type == "comment":
                continue
            else:
                return ph(ANY)
        return "v.object({ " + ", ".join(f"{k}: {val}" for k, val in fields) + " })" if fields else "v.object({})"

    def arg_field(self, ident: Node) -> str | None:
        from ..rules._db_util import args_validator, handler_arg_key

        ha = handler_arg_key(self.ctx, ident)
        if ha is None:
            return None
        v = args_validator(self.ctx, ha[0])
        return render(v.field(ha[1])) if v is not None and v.kind == "object" else None


def _project_uses_schema_doc(ctx: "RuleContext") -> bool:
    for f in (*ctx.project.functions, *ctx.project.unexported):
        if f.returns is not None and "schema.doc" in repr(f.returns):
            return True
    for f in ctx.project.functions:
        if f.returns is not None and _has_doc(f.returns):
            return True
    return False


def _has_doc(v: Validator, depth: int = 0) -> bool:
    if depth > 10:
        return False
    return v.kind == "doc" or any(_has_doc(f.validator, depth + 1) for f in v.fields) or any(_has_doc(i, depth + 1) for i in v.items)


def infer_returns(ctx: "RuleContext", fn: Node) -> tuple[str, bool]:
    """(validator text, needs `schema` imported)."""
    r = _Returns(ctx, fn)
    seen: list[str] = []
    for e in _returns(fn):
        t = r.infer(e)
        if t not in seen:
            seen.append(t)
    if len(seen) == 2 and "v.null()" in seen:
        other = seen[0] if seen[1] == "v.null()" else seen[1]
        text = other if other.endswith(", v.null())") else f"v.union({other}, v.null())"
    elif len(seen) == 1:
        text = seen[0]
    else:
        text = "v.union(" + ", ".join(seen) + ")"
    return text, r.needs_schema


def _schema_import(ctx: "RuleContext") -> tuple[str, list[Edit]] | None:
    """(local name of the schema's default export, edits importing it)."""
    schema = ctx.project.schema
    if schema is None:
        return None
    spec = module_spec(ctx.path, schema.file)
    last = None
    for stmt in ctx.root.named_children:
        if stmt.type != "import_statement":
            continue
        last = stmt
        src = stmt.child_by_field_name("source")
        if src is not None and string_value(src, ctx.data) in spec_variants(spec):
            clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
            default = next((c for c in clause.named_children if c.type == "identifier"), None) if clause else None
            if default is not None:
                return node_text(default, ctx.data), []
    from ..rules._fn_util import _declares, point

    if _declares(ctx, "schema"):
        return None
    line = f'import schema from "{spec}";'
    if last is not None:
        return "schema", [Edit(ctx.path, point(last.end_byte), "\n" + line)]
    return "schema", [Edit(ctx.path, point(0), line + "\n")]


def returns_fix(ctx: "RuleContext", reg: "Registration", fn: Node | None, kind: str = "refactor.rewrite") -> Fix | None:
    """Insert `returns: …` before `handler`, inferred from the handler's return statements."""
    if reg.config is None or reg.returns is not None or fn is None:
        return None
    handler_prop = pair_of(reg.config, "handler", ctx.data)
    if handler_prop is None:
        return None
    text, needs_schema = infer_returns(ctx, fn)
    edits: list[Edit] = []
    if needs_schema:
        si = _schema_import(ctx)
        if si is None:
            return None
        if si[0] != "schema":
            text = text.replace("schema.doc(", f"{si[0]}.doc(")
        edits.extend(si[1])
    if on_own_line(ctx.data, handler_prop.start_byte):
        text = wrap(text, indent_of_line(ctx.data, handler_prop.start_byte), indent_unit(ctx.data), used=len("returns: "))
    imp = _import_edits(ctx, text)
    if imp is None:
        return None
    return make_fix(ctx, "Add returns validator", [*imp, *edits, insert_before_property(ctx, handler_prop, f"returns: {text}")], "unsafe", kind)


def object_syntax_fix(ctx: "RuleContext", reg: "Registration") -> Fix | None:
    """`query(async (ctx, { a }) => …)` → `query({ args: { a: <inferred> }, handler: async … })`
    (unsafe: the declared validators change what clients may send)."""
    fn = unwrap(reg.handler) if reg.handler is not None else None
    if reg.syntax != "legacy" or fn is None or len(handler_params(fn)) < 2:
        return None
    fields = infer_args(ctx, fn)
    if not fields:
        return None
    text = "{ " + ", ".join(f"{k}: {val}" for k, val in fields) + " }"
    imp = _import_edits(ctx, text)
    if imp is None:
        return None
    from ..rules._fn_util import point

    edits = [*imp, Edit(ctx.path, point(fn.start_byte), f"{{ args: {text}, handler: "), Edit(ctx.path, point(fn.end_byte), " }")]
    return make_fix(ctx, "Convert to the object syntax and declare the arguments", edits, "unsafe")
