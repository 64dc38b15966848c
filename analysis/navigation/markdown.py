"""Markdown for tables, indexes, fields and functions (hover and completion documentation)."""

from __future__ import annotations

import posixpath

from ..model import BUILTIN_INDEXES, FunctionDef, IndexDef, TableDef, Validator
from .facts import SYSTEM_FIELDS, SYSTEM_TABLES


def _rel(snap, path: str) -> str:
    r = snap.root_for(path) if path else None
    if r is not None and path.startswith(r.root.rstrip("/") + "/"):
        return path[len(r.root.rstrip("/")) + 1 :]
    return posixpath.basename(path) if path else ""


def index_summary(ix: IndexDef) -> str:
    if ix.kind == "search":
        s = f"search on `{ix.search_field}`"
        if ix.filter_fields:
            s += ", filters " + ", ".join(f"`{f}`" for f in ix.filter_fields)
    elif ix.kind == "vector":
        s = f"vector on `{ix.vector_field}`" + (f" ({ix.dimensions} dimensions)" if ix.dimensions else "")
        if ix.filter_fields:
            s += ", filters " + ", ".join(f"`{f}`" for f in ix.filter_fields)
    else:
        fields = list(ix.fields)
        if ix not in BUILTIN_INDEXES:
            fields.append("_creationTime")
        s = "(" + ", ".join(fields) + ")"
    return s + (" — *staged, not queryable yet*" if ix.staged else "")


def table_markdown(t: TableDef, snap=None) -> str:
    lines = [f"**table** `{t.name}`", "", "```ts"]
    if t.document.kind == "object":
        lines.append(f"{t.name}: defineTable({{")
        lines += [f"  {f.name}: {f.validator.render()}," for f in t.document.fields]
        lines.append("})")
    else:
        lines.append(f"{t.name}: defineTable({t.document.render()})")
    lines.append("```")
    if t.indexes:
        lines += ["", "Indexes:"]
        lines += [f"- `{ix.name}` {index_summary(ix)}" for ix in t.indexes]
    lines += ["", "System fields `_id`, `_creationTime`; built-in indexes `by_id`, `by_creation_time`."]
    if t.source.startswith("package:") or t.source == "package":
        lines += ["", "Defined by a package."]
    elif snap is not None and t.file:
        lines += ["", f"Defined in `{_rel(snap, t.file)}`."]
    return "\n".join(lines)


def system_table_markdown(name: str) -> str:
    fields = SYSTEM_TABLES.get(name, ())
    lines = [f"**system table** `{name}` (read through `ctx.db.system`)", "", "```ts", "{"]
    lines += [f"  {n}: {v}," for n, v in fields]
    lines += ["}", "```"]
    return "\n".join(lines)


def index_markdown(t: TableDef, ix: IndexDef) -> str:
    kind = {"db": "index", "search": "search index", "vector": "vector index"}[ix.kind]
    builtin = " (built-in)" if ix in BUILTIN_INDEXES else ""
    return f"**{kind}** `{ix.name}` on `{t.name}`{builtin}\n\n{index_summary(ix)}"


def field_markdown(t: TableDef, path: str, v: Validator | None) -> str:
    rendered = v.render() if v is not None else "unknown"
    sys_note = "\n\nSystem field." if path in SYSTEM_FIELDS else ""
    return f"**field** `{t.name}.{path}`\n\n```ts\n{path}: {rendered}\n```{sys_note}"


def _render_args(v: Validator | None) -> str:
    if v is None:
        return "(no validator)"
    if v.kind == "object":
        if not v.fields:
            return "{}"
        return "{ " + ", ".join(f"{f.name}: {f.validator.render()}" for f in v.fields) + " }"
    return v.render()


def function_markdown(fn: FunctionDef, snap=None) -> str:
    lines = [f"**{fn.kind}** `{fn.api_path}` — {fn.visibility}", "", "```ts"]
    lines.append(f"args: {_render_args(fn.args)}")
    lines.append(f"returns: {fn.returns.render() if fn.returns is not None else '(no validator)'}")
    lines.append("```")
    where = _rel(snap, fn.file) if snap is not None else fn.file
    lines += ["", f"Module `{fn.module}`, export `{fn.name}` in `{where}`"
              + (" (Node.js runtime)." if fn.runtime == "node" else ".")]
    if fn.builder:
        lines.append(f"Built with `{fn.builder}`" + (" (performs an auth check)." if fn.auth_builder else "."))
    return "\n".join(lines)

