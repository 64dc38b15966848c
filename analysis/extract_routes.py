"""http.ts routes, crons.ts jobs, `app.use(...)` and auth.config.ts providers."""

from __future__ import annotations

from tree_sitter import Node

from .extract_base import CRON_METHODS, RouterCall, _Ctx, _object_keys, _unwrap
from .model import CronJob, HttpRoute
from .syntax import node_text, string_value
from .validators import call_args

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
