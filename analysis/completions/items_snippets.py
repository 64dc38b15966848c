"""Completion items for `v.` validator builders and the snippets shipped in `convex_lsp.snippets`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .data import CompletionContext, CompletionItem

VALIDATORS: tuple[tuple[str, str, str, str], ...] = (
    # (name, signature, snippet body, documentation)
    ("string", "v.string()", "string()", "A string."),
    ("number", "v.number()", "number()", "A float64 number (alias `v.float64()`)."),
    ("float64", "v.float64()", "float64()", "A float64 number."),
    ("int64", "v.int64()", "int64()", "A 64-bit integer (`bigint` in JavaScript)."),
    ("boolean", "v.boolean()", "boolean()", "A boolean."),
    ("null", "v.null()", "null()", "The value `null`."),
    ("id", "v.id(tableName)", 'id("${1}")', "A document id of the given table."),
    ("object", "v.object(fields)", "object({ ${1} })", "An object with the given field validators."),
    ("array", "v.array(element)", "array(${1})", "An array of values (at most 8192 elements)."),
    ("union", "v.union(...members)", "union(${1})", "Any of the member validators."),
    ("literal", "v.literal(value)", 'literal("${1}")', "Exactly this string, number, bigint or boolean."),
    ("optional", "v.optional(validator)", "optional(${1})", "An optional object field or argument."),
    ("nullable", "v.nullable(validator)", "nullable(${1})", "The validator or `null` (`v.union(x, v.null())`)."),
    ("record", "v.record(keys, values)", "record(v.string(), ${1})", "An object with arbitrary keys of one type."),
    ("any", "v.any()", "any()", "Any Convex value (no validation)."),
    ("bytes", "v.bytes()", "bytes()", "An `ArrayBuffer`."),
    ("bigint", "v.bigint()", "bigint()", "Deprecated alias of `v.int64()`."),
)


def validators(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    out = []
    for i, (name, sig, body, doc) in enumerate(VALIDATORS):
        out.append(CompletionItem(name, "validator", sig, f"`{sig}`\n\n{doc}",
                                  insert_text=(body + "$0") if snippets else name, insert_text_is_snippet=snippets,
                                  sort_text=f"{i:03}", filter_text=name))
    return out


# --------------------------------------------------------------------------- snippets


@dataclass(frozen=True, slots=True)
class Snippet:
    prefix: str
    name: str
    description: str
    body: str
    placement: str  # top | statement | entry | chain


_ENTRY = re.compile(r"^(?:\$\{\d+:[A-Za-z_]\w*\}|[A-Za-z_]\w*)\s*:")
_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|}]*)[^}]*\}|\$\{?\d+\}?")


@lru_cache(maxsize=1)
def load_snippets() -> tuple[Snippet, ...]:
    out: list[Snippet] = []
    try:
        files = sorted((f for f in resources.files("convex_lsp.snippets").iterdir() if f.name.endswith(".json")),
                       key=lambda f: f.name)
    except (ModuleNotFoundError, OSError):
        return ()
    for f in files:
        try:
            data = json.loads(f.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        for name, spec in data.items():
            if not isinstance(spec, dict) or "body" not in spec:
                continue
            body = spec["body"]
            body = "\n".join(body) if isinstance(body, list) else str(body)
            prefixes = spec.get("prefix", name)
            for prefix in prefixes if isinstance(prefixes, list) else [prefixes]:
                out.append(Snippet(str(prefix), name, str(spec.get("description", "")), body, _placement(body)))
    return tuple(out)


def _placement(body: str) -> str:
    first = body.lstrip()
    if first.startswith(("import ", "export ")):
        return "top"
    if first.startswith("."):
        return "chain"
    if _ENTRY.match(first):
        return "entry"
    return "statement"


def _snippet_items(placements: tuple[str, ...], snippets: bool) -> list[CompletionItem]:
    if not snippets:
        return []
    out = []
    for sn in load_snippets():
        if sn.placement not in placements:
            continue
        preview = _PLACEHOLDER.sub(lambda m: m.group(1) or m.group(2) or "", sn.body).replace("\\$", "$")
        doc = f"{sn.description}\n\n```ts\n{preview}\n```"
        out.append(CompletionItem(sn.prefix, "snippet", sn.name, doc, insert_text=sn.body, insert_text_is_snippet=True,
                                  sort_text=f"9_{sn.prefix}", filter_text=sn.prefix))
    return out


def statement(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    return _snippet_items(("top", "statement") if ctx.scope == "top" else ("statement",), snippets)


def chain_snippets(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    # The replace range starts at the dot, so clients filter on ".prefix".
    return [CompletionItem(i.label, i.kind, i.detail, i.documentation, i.insert_text, True, i.sort_text, "." + i.label)
            for i in _snippet_items(("chain",), snippets)]


def schema_entries(ctx: CompletionContext, model, snap, path, snippets) -> list[CompletionItem]:
    return _snippet_items(("entry",), snippets)
