"""Bound an unbounded `.collect()`: convert the query to pagination, or take the first n.

"Convert to pagination" adds `paginationOpts: paginationOptsValidator` to `args` (and the import
from "convex/server"), reads it in the handler, replaces `.collect()` with
`.paginate(<args>.paginationOpts)` and turns a `returns: v.array(X)` into
`paginationResultValidator(X)`. It is offered when the collected documents are what the query
returns (directly, or through a `const` that is only returned), so that the result becomes the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from ..diagnostics import Edit, Fix
from ..syntax import node_text
from ..text import TextRange
from ..validators import call_args
from ..rules._db_util import find_binding, member_call, query_chain
from ..rules._fn_util import append_property, insert_before_property, param_pattern, pattern_keys, point, resolved_handler
from ..rules.common import FUNCTION_NODES, handler_params, pair_of, unwrap
from ._edit import add_imports, identifiers, make_fix, ph

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

POV = "paginationOptsValidator"
PRV = "paginationResultValidator"


def take_fix(ctx: "RuleContext", collect_call: Node, applicability: str = "display-only") -> Fix:
    """`.collect()` → `.take(n)` with n a placeholder."""
    prop = collect_call.child_by_field_name("function").child_by_field_name("property")  # type: ignore[union-attr]
    edit = Edit(ctx.path, TextRange(prop.start_byte, collect_call.end_byte), f"take({ph('100')})")
    return make_fix(ctx, "Replace with .take(…)", [edit], applicability)


def _returned_directly(ctx: "RuleContext", call: Node, fn: Node) -> bool:
    """The collected array is what `fn` returns: `return await q.collect()`, an arrow body, or
    `const xs = await q.collect(); return xs;` with `xs` used nowhere else."""
    cur = call
    while cur.parent is not None and cur.parent.type in ("await_expression", "parenthesized_expression"):
        cur = cur.parent
    p = cur.parent
    if p is None:
        return False
    if p.type == "return_statement":
        return _enclosing_function(p) == fn
    if p == fn and fn.child_by_field_name("body") == cur:
        return True
    if p.type == "variable_declarator" and p.child_by_field_name("value") == cur:
        nm = p.child_by_field_name("name")
        decl = p.parent
        if nm is None or nm.type != "identifier" or decl is None or decl.type != "lexical_declaration":
            return False
        if not any(c.type == "const" for c in decl.children):
            return False
        name = node_text(nm, ctx.data)
        body = fn.child_by_field_name("body")
        uses = [n for n in _walk_ids(body, name, ctx.data) if n.start_byte != nm.start_byte]
        return len(uses) == 1 and uses[0].parent is not None and uses[0].parent.type == "return_statement" and _enclosing_function(uses[0]) == fn and find_binding(uses[0], ctx.data) is not None
    return False


def _walk_ids(node: Node | None, name: str, data: bytes) -> list[Node]:
    out = []
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "shorthand_property_identifier") and node_text(n, data) == name:
            out.append(n)
        stack.extend(n.children)
    return out


def _enclosing_function(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None and cur.type not in FUNCTION_NODES:
        cur = cur.parent
    return cur


def pagination_fix(ctx: "RuleContext", collect_call: Node, kind: str = "quickfix") -> Fix | None:
    """Convert the query holding this `.collect()` to a paginated query."""
    reg = ctx.registration_at(collect_call)
    if reg is None or reg.kind != "query" or reg.syntax != "object" or reg.config is None:
        return None
    fn = resolved_handler(ctx, reg)
    if fn is None or fn is not unwrap(reg.handler) or _enclosing_function(collect_call) != fn:  # type: ignore[arg-type]
        return None
    mc = member_call(collect_call, ctx.data)
    if mc is None or mc[0] != "collect" or call_args(collect_call):
        return None
    chain = query_chain(ctx, mc[1])
    if chain is None or not _returned_directly(ctx, collect_call, fn):
        return None
    if any(m == "withSearchIndex" for m, _ in chain.calls):
        return None
    edits: list[Edit] = []
    others = _other_returns(ctx, fn, collect_call)
    if others is None:
        return None
    edits.extend(others)
    access = _opts_access(ctx, reg, fn, edits)
    if access is None:
        return None
    imports: list[tuple[str, str]] = []
    if not _declare(ctx, reg, edits, imports):
        return None
    prop = collect_call.child_by_field_name("function").child_by_field_name("property")  # type: ignore[union-attr]
    edits.append(Edit(ctx.path, TextRange(prop.start_byte, collect_call.end_byte), f"paginate({access})"))
    if not _returns_edits(ctx, reg, edits, imports):
        return None
    imp = add_imports(ctx, imports)
    if imp is None:
        return None
    return make_fix(ctx, "Convert to pagination", [*imp, *edits], "unsafe", kind)


EMPTY_PAGE = '{ page: [], isDone: true, continueCursor: "" }'


def _other_returns(ctx: "RuleContext", fn: Node, collect_call: Node) -> list[Edit] | None:
    """The handler's other `return []` become an empty page; any other early result: None."""
    body = fn.child_by_field_name("body")
    if body is None or body.type != "statement_block":
        return []
    out: list[Edit] = []
    stack = list(body.named_children)
    while stack:
        n = stack.pop()
        if n.type in FUNCTION_NODES or n.type in ("class_declaration", "class"):
            continue
        if n.type == "return_statement":
            if n.start_byte <= collect_call.start_byte and collect_call.end_byte <= n.end_byte:
                continue
            value = unwrap(n.named_children[0]) if n.named_children else None
            if value is not None and value.type == "identifier" and _collected_into(ctx, value, collect_call):
                continue
            if value is None or value.type != "array" or value.named_children:
                return None
            out.append(Edit(ctx.path, TextRange(value.start_byte, value.end_byte), EMPTY_PAGE))
            continue
        stack.extend(n.named_children)
    return out


def _collected_into(ctx: "RuleContext", ident: Node, collect_call: Node) -> bool:
    b = find_binding(ident, ctx.data)
    v = b.value if b is not None and b.kind == "var" else None
    return v is not None and v.start_byte <= collect_call.start_byte and collect_call.end_byte <= v.end_byte


def _opts_access(ctx: "RuleContext", reg: "Registration", fn: Node, edits: list[Edit]) -> str | None:
    """How the handler reads the pagination options (adding the parameter/key when needed)."""
    params = handler_params(fn)
    taken = identifiers(fn, ctx.data, ctx)
    if not params:
        return None
    if len(params) == 1:
        if "args" in taken:
            return None
        if fn.child_by_field_name("parameters") is None:  # `async ctx => …`: no parentheses yet
            edits.append(Edit(ctx.path, TextRange(params[0].start_byte, params[0].end_byte), f"({node_text(params[0], ctx.data)}, args)"))
        else:
            edits.append(Edit(ctx.path, point(params[0].end_byte), ", args"))
        return "args.paginationOpts"
    pat = param_pattern(params[1])
    if pat.type == "identifier":
        return f"{node_text(pat, ctx.data)}.paginationOpts"
    if pat.type != "object_pattern":
        return None
    keys, complete = pattern_keys(pat, ctx.data)
    if any(k == "paginationOpts" for k, _ in keys):
        for c in pat.named_children:
            if c.type == "shorthand_property_identifier_pattern" and node_text(c, ctx.data) == "paginationOpts":
                return "paginationOpts"
        return None
    if "paginationOpts" in taken:
        return None
    rest = next((c for c in pat.named_children if c.type == "rest_pattern"), None)
    if rest is not None:
        edits.append(Edit(ctx.path, point(rest.start_byte), "paginationOpts, "))
    else:
        edits.append(append_property(ctx, pat, "paginationOpts"))
    return "paginationOpts"


def _declare(ctx: "RuleContext", reg: "Registration", edits: list[Edit], imports: list[tuple[str, str]]) -> bool:
    args = unwrap(reg.args) if reg.args is not None else None
    if args is None:
        handler_prop = pair_of(reg.config, "handler", ctx.data)  # type: ignore[arg-type]
        if handler_prop is None:
            return False
        imports.append((POV, "convex/server"))
        edits.append(insert_before_property(ctx, handler_prop, f"args: {{ paginationOpts: {POV} }}"))
        return True
    if args.type == "call_expression" and node_text(args.child_by_field_name("function"), ctx.data) in ("v.object",):
        a = call_args(args)
        args = unwrap(a[0]) if len(a) == 1 else args
    if args.type != "object":
        return False
    for p in args.named_children:
        k = p.child_by_field_name("key") if p.type == "pair" else (p if p.type == "shorthand_property_identifier" else None)
        if k is not None and node_text(k, ctx.data) == "paginationOpts":
            return False  # declared with something else: paginate-validator's business
    imports.append((POV, "convex/server"))
    edits.append(append_property(ctx, args, f"paginationOpts: {POV}"))
    return True


def _returns_edits(ctx: "RuleContext", reg: "Registration", edits: list[Edit], imports: list[tuple[str, str]]) -> bool:
    """`returns: v.array(X)` → `returns: paginationResultValidator(X)`; no `returns`: nothing."""
    if reg.returns is None:
        return True
    r = unwrap(reg.returns)
    mc = member_call(r, ctx.data)
    if mc is None or mc[0] != "array" or node_text(mc[1], ctx.data) != "v":
        return False  # the declared result no longer matches and cannot be rewritten
    if len(call_args(r)) != 1:
        return False
    imports.append((PRV, "convex/server"))
    fn = r.child_by_field_name("function")
    edits.append(Edit(ctx.path, TextRange(fn.start_byte, fn.end_byte), PRV))  # type: ignore[union-attr]
    return True
