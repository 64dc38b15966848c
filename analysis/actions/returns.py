"""Insert a `returns` validator inferred from what the handler returns: documents of a table (as
`v.object({...})` with the system fields, or `schema.doc("t")` when the project uses it), null,
arrays, paginated results. Answers only when sure; anything else becomes a placeholder."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..model import FieldDef, Validator
from ..syntax import node_text, string_value
from ..validators import call_args
from ..rules._db_util import doc_table, find_binding, is_db, is_system_db, member_call, query_chain
from ..rules._fn_util import insert_before_property
from ..rules.common import FUNCTION_NODES, pair_of, unwrap
from ._edit import indent_of_line, indent_unit, make_fix, module_spec, on_own_line, ph, spec_variants, wrap

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

from .infer import _literal_validator, _table  # noqa: F401
from ._vbase import _import_edits  # noqa: F401
from ._vbase import ANY, render  # noqa: F401 - shared helpers of the validator actions

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
    from ..rules._fn_util import point
    from ..rules._import_util import _declares

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


