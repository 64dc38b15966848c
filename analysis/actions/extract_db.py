"""no-db-in-action: move a `ctx.db…` expression of an action into a new internal query (reads) or
internal mutation (writes) in the same module, and call it with `ctx.runQuery`/`ctx.runMutation`.

Restricted to what can be moved as text: the expression's free names become the new function's
arguments (`args.x` keeps its name and its validator; other locals are passed by value, validated
as `v.any()` for the user to tighten); names bound inside it (callback parameters) stay."""

from __future__ import annotations

import posixpath
import textwrap
from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..syntax import node_text
from ..text import TextRange
from ..rules._fn_util import param_pattern
from ..rules.common import FUNCTION_NODES, handler_params, member_chain
from ._edit import add_imports, fresh_name, indent_of_line, make_fix, module_spec

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

WRITES = {"insert", "patch", "replace", "delete"}
GLOBALS = {"undefined", "null", "true", "false", "Date", "Math", "JSON", "Number", "String", "Boolean",
           "Array", "Object", "Promise", "Error", "console", "BigInt", "Symbol", "Infinity", "NaN"}


def _chain_top(node: Node) -> Node:
    """The whole call/member chain that `ctx.db` starts (`ctx.db.query("t").withIndex(…).take(5)`)."""
    cur = node
    while cur.parent is not None:
        p = cur.parent
        if p.type == "member_expression" and p.child_by_field_name("object") == cur:
            cur = p
        elif p.type == "call_expression" and p.child_by_field_name("function") == cur:
            cur = p
        else:
            break
    return cur


def _bound_inside(expr: Node, data: bytes) -> set[str]:
    out: set[str] = set()
    stack = [expr]
    while stack:
        n = stack.pop()
        if n.type in FUNCTION_NODES:
            for p in handler_params(n):
                pat = param_pattern(p)
                if pat.type == "identifier":
                    out.add(node_text(pat, data))
        stack.extend(n.children)
    return out


def extract_db_fix(ctx: "RuleContext", reg: "Registration", db_use: Node) -> Fix | None:
    if db_use.type != "member_expression" or reg.handler is None or reg.kind != "action":
        return None
    expr = _chain_top(db_use)
    if expr.type != "call_expression":
        return None
    methods = member_chain(db_use.parent, ctx.data) if db_use.parent is not None and db_use.parent.type == "member_expression" else []
    kind = "mutation" if any(m in WRITES for m in methods[2:3]) else "query"
    params = handler_params(reg.handler)
    ctx_name = node_text(param_pattern(params[0]), ctx.data) if params else "ctx"
    args_name = None
    if len(params) > 1 and param_pattern(params[1]).type == "identifier":
        args_name = node_text(param_pattern(params[1]), ctx.data)
    bound = _bound_inside(expr, ctx.data)
    free: dict[str, str] = {}  # argument name → expression passed from the action
    renames: list[tuple[Node, str]] = []
    for ident in ctx.walk(expr, {"identifier", "shorthand_property_identifier"}):
        name = node_text(ident, ctx.data)
        if name == ctx_name or name in bound or name in GLOBALS:
            continue
        parent = ident.parent
        if name == args_name and parent is not None and parent.type == "member_expression":
            prop = parent.child_by_field_name("property")
            if prop is None:
                return None
            free.setdefault(node_text(prop, ctx.data), f"{args_name}.{node_text(prop, ctx.data)}")
            continue
        if name == args_name:
            return None  # the whole args object is used: not movable as text
        if ident.type == "shorthand_property_identifier":
            renames.append((ident, f"{name}: args.{name}"))
        else:
            renames.append((ident, f"args.{name}"))
        free.setdefault(name, name)
    text = ctx.data[expr.start_byte : expr.end_byte]
    for node, new in sorted(renames, key=lambda r: -r[0].start_byte):
        s, e = node.start_byte - expr.start_byte, node.end_byte - expr.start_byte
        text = text[:s] + new.encode() + text[e:]
    body = text.decode("utf-8", "replace").replace(f"{ctx_name}.db", "ctx.db")
    exported = {f.name for f in ctx.project.functions_in(ctx.path)} | set(ctx.summary.interface.exports)
    fn_name = fresh_name(f"{reg.name}{'Data' if kind == 'query' else 'Write'}", exported)
    builder = "internalQuery" if kind == "query" else "internalMutation"
    fd = ctx.project.function_at(ctx.path, reg.name)
    known = fd.args if fd is not None and fd.args is not None and fd.args.kind == "object" else None

    def validator(name: str, source: str) -> str:
        if known is not None and args_name and source == f"{args_name}.{name}":
            v = known.field(name)
            if v is not None and v.kind != "unknown":
                return v.render()
        return "v.any()"

    arg_fields = ", ".join(f"{k}: {validator(k, src)}" for k, src in free.items())
    stmt = reg.statement
    indent = indent_of_line(ctx.data, stmt.start_byte)
    new_fn = (
        f"\n\n{indent}export const {fn_name} = {builder}({{\n"
        f"{indent}  args: {{ {arg_fields} }},\n"
        f"{indent}  handler: async (ctx, args) => {{\n"
        f"{indent}    return {body};\n"
        f"{indent}  }},\n"
        f"{indent}}});"
    )
    module = ctx.module.module if ctx.module is not None else None
    if module is None:
        return None
    ref = ".".join(["internal", *module.split("/"), fn_name])
    passed = ", ".join(k if v == k else f"{k}: {v}" for k, v in free.items())
    call = f"{ctx_name}.{'runQuery' if kind == 'query' else 'runMutation'}({ref}, {{ {passed} }})" if free else \
        f"{ctx_name}.{'runQuery' if kind == 'query' else 'runMutation'}({ref}, {{}})"
    fdir = ctx.project.root.functions_dir
    server = module_spec(ctx.path, posixpath.join(fdir, "_generated", "server.ts"))
    api = module_spec(ctx.path, posixpath.join(fdir, "_generated", "api.ts"))
    if ctx.summary.interface.use_node:
        # queries and mutations cannot live in a "use node" file: the new function gets a file of its own
        return _into_new_file(ctx, module, fn_name, builder, kind, new_fn, expr, call, ctx_name, passed, api)
    imports = add_imports(ctx, [(builder, server), ("internal", api), ("v", "convex/values")])
    if imports is None:
        return None
    edits = [*imports, ctx.edit(TextRange(expr.start_byte, expr.end_byte), call), ctx.edit(TextRange(stmt.end_byte, stmt.end_byte), new_fn)]
    return make_fix(ctx, f"Move this database access into internal {kind} '{fn_name}'", edits, "unsafe")


def _into_new_file(ctx: "RuleContext", module: str, fn_name: str, builder: str, kind: str, new_fn: str, expr: Node, call: str, ctx_name: str, passed: str, api: str) -> Fix | None:
    """The "use node" case: `work.ts` → the function in a new `workDb.ts` (`workDb2.ts`, … when taken)."""
    fdir = ctx.project.root.functions_dir.rstrip("/")
    new_module = f"{module}Db"
    n = 2
    while any(ctx.snap.text(f"{fdir}/{new_module}{ext}") is not None for ext in (".ts", ".tsx", ".js")):
        new_module = f"{module}Db{n}"
        n += 1
    new_path = f"{fdir}/{new_module}.ts"
    server = module_spec(new_path, f"{fdir}/_generated/server.ts")
    content = f'import {{ v }} from "convex/values";\nimport {{ {builder} }} from "{server}";\n' + textwrap.dedent(new_fn.lstrip("\n")).join(["\n", "\n"])
    ref = ".".join(["internal", *new_module.split("/"), fn_name])
    method = "runQuery" if kind == "query" else "runMutation"
    new_call = f"{ctx_name}.{method}({ref}, {{ {passed} }})" if passed else f"{ctx_name}.{method}({ref}, {{}})"
    imports = add_imports(ctx, [("internal", api)])
    if imports is None:
        return None
    edits = [*imports, ctx.edit(TextRange(expr.start_byte, expr.end_byte), new_call), Edit(new_path, TextRange(0, 0), content)]
    return make_fix(ctx, f"Move this database access into internal {kind} '{fn_name}' in {new_module}.ts", edits, "unsafe")
