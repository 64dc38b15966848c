"""Signature help, for three families of calls:

- calls that take a Convex function reference and its arguments: `ctx.runQuery(api.x.f, { … })`,
  `ctx.scheduler.runAfter(0, internal.x.f, { … })`, `useQuery(api.x.f, { … })`,
  `crons.daily("name", { … }, internal.x.f, { … })` and the like: the referenced function's `args`
  validator as a TypeScript object type, its `returns` as the result;
- index range builders in `withIndex` / `withSearchIndex` / `vectorSearch` filters (`q.eq(`,
  `q.gt(`, `q.search(`): the field the index takes next, in index order, and its value type;
- `v.*` validator builders (`v.id(` lists the schema's tables).

The innermost open call is read by the completion scanner, so all of it works mid-typing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Validator
from .markdown import function_markdown

# method → parameter names, in order (the function reference is "ref", its arguments "args")
_PARAMS: dict[str, tuple[str, ...]] = {
    **{m: ("ref", "args") for m in ("runQuery", "runMutation", "runAction", "fetchQuery", "fetchMutation", "fetchAction", "preloadQuery", "useQuery", "useMutation", "useAction", "usePaginatedQuery", "runWithRetries")},
    "runAfter": ("delayMs", "ref", "args"),
    "runAt": ("timestamp", "ref", "args"),
    **{m: ("name", "schedule", "ref", "args") for m in ("interval", "hourly", "daily", "weekly", "monthly", "cron")},
}
_RESULT = {"runQuery": "Promise", "runMutation": "Promise", "runAction": "Promise", "fetchQuery": "Promise", "fetchMutation": "Promise", "fetchAction": "Promise"}
_HOOK_RESULT = {"useQuery": "{} | undefined"}


@dataclass(frozen=True, slots=True)
class Signature:
    label: str  # e.g. `runQuery(ref: api.messages.list, args: { channel: Id<"channels"> }): Promise<…>`
    parameters: tuple[str, ...]  # each a substring of `label`
    active_parameter: int
    documentation: str  # markdown of the referenced function


def ts_type(v: Validator | None, depth: int = 0) -> str:
    """A validator as the TypeScript type of the values it accepts."""
    if v is None:
        return "unknown"
    if depth > 6:
        return "…"
    k = v.kind
    if k == "id":
        return f'Id<"{v.table}">'
    if k in ("string", "boolean", "null", "any"):
        return k
    if k == "number":
        return "number"
    if k == "int64":
        return "bigint"
    if k == "bytes":
        return "ArrayBuffer"
    if k == "literal":
        return v.literal or "unknown"
    if k == "array":
        inner = ts_type(v.items[0], depth + 1) if v.items else "any"
        return f"({inner})[]" if " | " in inner else f"{inner}[]"
    if k == "record":
        key, val = (ts_type(i, depth + 1) for i in v.items) if len(v.items) == 2 else ("string", "any")
        return f"Record<{key}, {val}>"
    if k == "union":
        return " | ".join(ts_type(m, depth + 1) for m in v.items) or "never"
    if k == "object":
        if not v.fields:
            return "{}"
        return "{ " + "; ".join(f"{f.name}{'?' if f.validator.optional else ''}: {ts_type(f.validator, depth + 1)}" for f in v.fields) + " }"
    return v.text or "unknown"


def _call_at(root, offset: int):
    """The innermost call whose argument list holds `offset` (after its opening parenthesis)."""
    node = root.descendant_for_byte_range(offset, offset)
    while node is not None:
        if node.type in ("call_expression", "new_expression"):
            args = node.child_by_field_name("arguments")
            if args is not None and args.type == "arguments" and args.start_byte < offset and (offset < args.end_byte or _unclosed(args)):
                return node, args
        node = node.parent
    return None


def _unclosed(args) -> bool:
    last = args.children[-1] if args.children else None
    return last is None or last.type != ")" or last.is_missing


def _method(call, data: bytes) -> str:
    f = call.child_by_field_name("function") or call.child_by_field_name("constructor")
    if f is None:
        return ""
    if f.type == "member_expression":
        f = f.child_by_field_name("property")
    return data[f.start_byte : f.end_byte].decode("utf-8", "replace") if f is not None else ""


def signature_help(snap, path: str, offset: int) -> Signature | None:
    model = snap.project_for(path)
    tree, data, summary = snap.tree(path), snap.text(path), snap.summary(path)
    if model is None or tree is None or data is None or summary is None:
        return None
    offset = max(0, min(offset, len(data)))
    st = _scan(data, offset, tree)  # the open brackets at the cursor, read once
    inner = _innermost_call(st) if st is not None else None
    if inner is not None:
        dotted, open_paren, active = inner
        head, _, method = dotted.rpartition(".")
        if head == "v" and method in _V_SIGNATURES:
            return _validator_signature(model, method, active)
        if method in _RANGE_METHODS:
            sig = _range_signature(model, data, open_paren, method, active)
            if sig is not None:
                return sig
    return _function_signature(snap, model, tree, data, summary, offset, st)


def _function_signature(snap, model, tree, data: bytes, summary, offset: int, st) -> Signature | None:
    found = _from_tree(tree.root_node, offset, data, summary)
    if found is None and tree.root_node.has_error:
        found = _from_text(st, summary) if st is not None else None  # mid-typing: `runAfter(0, internal.x.f, ` has no call node yet
    if found is None:
        return None
    method, ref_name, ref_index, active = found
    fn = model.function(ref_name)
    if fn is None:
        return None
    names = _PARAMS.get(method)
    if names is None or names.index("ref") != ref_index:
        names = tuple(f"arg{i}" for i in range(ref_index)) + ("ref", "args")
    params = []
    for name in names:
        if name == "ref":
            params.append(f"ref: {fn.api_path}")
        elif name == "args":
            params.append(f"args: {ts_type(fn.args) if fn.args is not None else 'any'}")
        elif name == "delayMs":
            params.append("delayMs: number")
        elif name == "timestamp":
            params.append("timestamp: number | Date")
        elif name == "name":
            params.append("name: string")
        elif name == "schedule":
            params.append("schedule: " + ("string" if method == "cron" else "{ … }"))
        else:
            params.append(f"{name}: unknown")
    result = ts_type(fn.returns) if fn.returns is not None else "any"
    if method in _RESULT:
        result = f"Promise<{result}>"
    elif method in _HOOK_RESULT:
        result = f"{result} | undefined"
    elif method in ("runAfter", "runAt"):
        result = 'Promise<Id<"_scheduled_functions">>'
    elif method in _PARAMS and method not in ("useQuery", "usePaginatedQuery", "useMutation", "useAction"):
        result = "void"
    label = f"{method or 'call'}({', '.join(params)}): {result}"
    return Signature(label, tuple(params), min(active, len(params) - 1), function_markdown(fn, snap))


def _from_tree(root, offset: int, data: bytes, summary) -> tuple[str, str, int, int] | None:
    """(method, api path, index of the reference argument, active argument) from the call node."""
    found = _call_at(root, offset)
    while found is not None:
        call, args = found
        arg_nodes = [a for a in args.named_children if a.type != "comment"]
        for i, a in enumerate(arg_nodes):
            u = next((u for u in summary.function_uses if u.range.start == a.start_byte and u.range.end == a.end_byte), None)
            if u is not None:
                active = next((j for j, b in enumerate(arg_nodes) if b.start_byte <= offset <= b.end_byte), None)
                if active is None:
                    active = sum(1 for c in args.children if c.type == "," and c.end_byte <= offset)
                return _method(call, data), u.name, i, active
        # not a call that takes a function reference: look further out (`f(runQuery(api.x, {…}))`)
        found = _call_at(root, call.start_byte) if call.start_byte > 0 else None
        if found is not None and found[0].start_byte == call.start_byte and found[0].end_byte == call.end_byte:
            found = None
    return None


def _from_text(st, summary) -> tuple[str, str, int, int] | None:
    """The same from the completion scanner's open brackets, for an argument list that is not
    closed yet (strings and comments are skipped as the scanner does)."""
    from ..completions.tokens import dotted

    uses = {u.range.start: u for u in summary.function_uses}
    for fr in reversed(st.frames):
        if fr.opener != "(" or not fr.callee:
            continue
        args = [*fr.args, fr.cur] if fr.cur else list(fr.args)
        for n, toks in enumerate(args):
            u = uses.get(toks[0].s) if toks else None
            if u is not None and u.range.end <= toks[-1].e:
                method = dotted(fr.callee).rpartition(".")[2]
                return method, u.name, n, len(fr.args)
    return None


# ----------------------------------------------------------------------------- v.* and range builders
_V_SIGNATURES: dict[str, tuple[tuple[str, ...], str]] = {
    "id": (("tableName: {tables}",), "VId<Id<tableName>>"),
    "literal": (("value: string | number | bigint | boolean",), "VLiteral"),
    "array": (("element: Validator",), "VArray"),
    "object": (("fields: Record<string, Validator>",), "VObject"),
    "record": (("keys: Validator", "values: Validator"), "VRecord"),
    "union": (("...members: Validator[]",), "VUnion"),
    "optional": (("value: Validator",), "optional Validator"),
    "nullable": (("value: Validator",), "VUnion<T | null>"),
    **{b: ((), f"V{b[:1].upper()}{b[1:]}") for b in ("string", "number", "float64", "int64", "bigint", "boolean", "null", "any", "bytes")},
}
_RANGE_METHODS = frozenset({"eq", "gt", "gte", "lt", "lte", "search"})


def _scan(data: bytes, offset: int, tree):
    """The completion scanner's view of the statement up to `offset` (its open brackets), or None
    inside a comment or template text, or when the scan fails (never raises)."""
    from ..completions.scanner import scan, statement_start

    try:
        st = scan(data, statement_start(data, offset, tree), offset, tree)
    except Exception:  # noqa: BLE001 - signature help must never fail the request
        return None
    return None if st.in_other else st


def _innermost_call(st) -> tuple[str, int, int] | None:
    """(callee as dotted text, offset of its "(", index of the argument at the cursor) of the
    innermost open call (works mid-typing)."""
    from ..completions.tokens import dotted

    top = st.frames[-1]
    if top.opener != "(" or not top.callee:
        return None
    return dotted(top.callee), top.s, len(top.args)


def _validator_signature(model, method: str, active: int) -> Signature:
    params, result = _V_SIGNATURES[method]
    if method == "id":
        names = sorted(t.name for t in model.tables) if model is not None else []
        shown = " | ".join(f'"{n}"' for n in names[:12]) + (" | …" if len(names) > 12 else "")
        params = (params[0].format(tables=shown or "string"),)
    label = f"v.{method}({', '.join(params)}): {result}"
    doc = f"Convex validator `v.{method}`."
    if method == "optional":
        doc += " Only valid as a field of an object (or of `args`)."
    if params and params[0].startswith("..."):
        active = 0
    return Signature(label, tuple(params), min(active, max(len(params) - 1, 0)), doc)


def _range_signature(model, data: bytes, open_paren: int, method: str, active: int) -> Signature | None:
    """`q.eq(|` in a withIndex / withSearchIndex / vectorSearch filter: the field the index takes
    next (in index order) and its value type."""
    from ..completions import context_at, range_fields
    from .facts import field_validator

    probe = data[: open_paren + 1] + b'"'
    ctx = context_at(probe, len(probe))
    if ctx is None or ctx.kind != "index_field" or ctx.table is None or ctx.index is None:
        return None
    table = model.table(ctx.table)
    ix = table.index(ctx.index) if table is not None else None
    if ix is None:
        return None
    fields = range_fields(ix, method, ctx.previous)
    if method == "search":
        value = "string"
    else:
        # several candidate fields (a search index's filter fields): the union of their types
        types = list(dict.fromkeys(ts_type(field_validator(table, f)) for f in fields))
        value = " | ".join(types) if types else "unknown"
    field = " | ".join(f'"{f}"' for f in fields) if fields else "never"
    params = (f"field: {field}", f"{'query' if method == 'search' else 'value'}: {value}")
    label = f"{method}({', '.join(params)})"
    order = ", ".join(ix.fields) if ix.kind == "db" else (ix.search_field or "")
    doc = f"Index `{ix.name}` of `{table.name}`" + (f" ({order})" if order else "") + ("." if fields else ": no field can be constrained here (index order).")
    return Signature(label, params, min(active, 1), doc)
