"""Facts about Convex documents: system tables and fields, field paths of a table's validator."""

from __future__ import annotations

from ..model import TableDef, Validator

SYSTEM_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "_storage": (("sha256", "v.string()"), ("size", "v.number()"), ("contentType", "v.optional(v.string())")),
    "_scheduled_functions": (
        ("name", "v.string()"), ("args", "v.array(v.any())"), ("scheduledTime", "v.number()"),
        ("completedTime", "v.optional(v.number())"),
        ("state", 'v.object({ kind: "pending" | "inProgress" | "success" | "failed" | "canceled" })'),
    ),
}
SYSTEM_FIELDS = ("_id", "_creationTime")


def field_validator(table: TableDef, path: str) -> Validator | None:
    """The validator of a field path (`a`, `a.b`, `_id`, `_creationTime`) of a table."""
    if path == "_id":
        return Validator("id", table=table.name, builder="id")
    if path == "_creationTime":
        return Validator("number", builder="number")
    cur: Validator | None = table.document
    for seg in path.split("."):
        cur = member(cur, seg) if cur is not None else None
        if cur is None:
            return None
    return cur


def member(v: Validator, name: str) -> Validator | None:
    """The validator of field `name` of an object validator (or of the first union member that has it)."""
    if v.kind == "object":
        return v.field(name)
    if v.kind == "union":
        for m in v.items:
            r = member(m, name)
            if r is not None:
                return r
    return None


def field_paths(v: Validator, prefix: str = "", depth: int = 0) -> list[tuple[str, Validator]]:
    """Every field path of a document validator, parents before their nested fields."""
    out: list[tuple[str, Validator]] = []
    if depth > 6:
        return out
    if v.kind == "union":
        seen: set[str] = set()
        for m in v.items:
            for p, fv in field_paths(m, prefix, depth):
                if p not in seen:
                    seen.add(p)
                    out.append((p, fv))
        return out
    if v.kind != "object":
        return out
    for f in v.fields:
        if f.name.startswith("..."):
            continue
        p = f"{prefix}{f.name}"
        out.append((p, f.validator))
        inner = f.validator
        if inner.kind in ("object", "union"):
            out.extend(field_paths(inner, p + ".", depth + 1))
    return out
