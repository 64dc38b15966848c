"""`convex-lsp model --format json`: the debugging view of what the server believes. Version 1.

Stable order; paths relative to `base` with forward slashes; positions 1-based lines and 1-based
columns in Unicode code points.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .model import Validator
from .project import ProjectModel
from .text import LineIndex, TextRange


def _rel(path: str, base: str) -> str:
    try:
        rel = posixpath.relpath(path, base)
    except ValueError:
        return path
    return rel


def _rel_dot(path: str, base: str) -> str:
    """A tsconfig-style relative path (`./convex/*`, `../shared/*`)."""
    rel = _rel(path, base)
    return rel if rel.startswith(("../", "/")) else "./" + rel


def validator_json(v: Validator | None) -> Any:
    if v is None:
        return None
    out: dict[str, Any] = {"kind": v.kind}
    if v.optional:
        out["optional"] = True
    if v.table is not None:
        out["table"] = v.table
    if v.literal is not None:
        out["value"] = v.literal
    if v.kind == "object":
        out["fields"] = {f.name: validator_json(f.validator) for f in v.fields}
    if v.items:
        out["items"] = [validator_json(i) for i in v.items]
    if v.kind == "unknown" and v.text:
        out["text"] = v.text
    return out


def project_json(model: ProjectModel, base: str, snapshot=None) -> dict[str, Any]:
    def pos(path: str, rng: TextRange | None) -> dict[str, Any] | None:
        if snapshot is None or rng is None:
            return None
        li: LineIndex | None = snapshot.line_index(path)
        if li is None:
            return None
        line, col = li.position(rng.start, "utf-32")
        return {"file": _rel(path, base), "line": line + 1, "column": col + 1}

    def loc(path: str, *key: str):
        if snapshot is None:
            return None
        s = snapshot.summary(path)
        return pos(path, s.locate(*key)) if s else None

    r = model.root
    tables = []
    for t in model.tables:
        anchor_file = t.file or (model.schema.file if model.schema else "")
        tables.append({
            "name": t.name,
            "source": t.source,
            "location": loc(anchor_file, "table", t.anchor) if t.source != "package" else None,
            "fields": {f.name: validator_json(f.validator) for f in t.document.fields} if t.document.kind == "object" else {},
            "document": validator_json(t.document) if t.document.kind != "object" else None,
            "indexes": [
                {k: v for k, v in {
                    "name": ix.name, "kind": ix.kind, "fields": list(ix.fields) if ix.kind == "db" else None,
                    "staged": ix.staged or None, "search_field": ix.search_field, "filter_fields": list(ix.filter_fields) if ix.kind != "db" else None,
                    "vector_field": ix.vector_field, "dimensions": ix.dimensions,
                }.items() if v is not None}
                for ix in t.indexes
            ],
        })
    functions = [
        {
            "api_path": f.api_path,
            "name": f.function_name,
            "module": f.module,
            "export": f.name,
            "file": _rel(f.file, base),
            "kind": f.kind,
            "visibility": f.visibility,
            "runtime": f.runtime,
            "syntax": f.syntax,
            "builder": f.builder,
            "args": validator_json(f.args),
            "returns": validator_json(f.returns),
            "location": loc(f.file, "export", f.name),
        }
        for f in model.functions
    ]
    modules = [
        {"file": _rel(i.path, base), "module": i.module, "entry": i.entry and model.interfaces[i.path].module_syntax,
         **({"reason": i.reason or "no import or export statement"} if not (i.entry and model.interfaces[i.path].module_syntax) else {}),
         **({"invalid_components": list(i.invalid_components)} if i.invalid_components else {}),
         "runtime": "node" if model.interfaces[i.path].use_node else "convex"}
        for i in sorted(model.modules.values(), key=lambda m: m.module)
    ]
    cfg = model.config
    return {
        "root": _rel(r.root, base) or ".",
        "functions_dir": _rel(r.functions_dir, base),
        "kind": r.kind,
        **({"import_aliases": {pattern: [_rel_dot(t, base) for t in targets] for pattern, targets in r.aliases}} if r.aliases else {}),
        "schema": None if model.schema is None else {
            "file": _rel(model.schema.file, base),
            "schema_validation": model.schema.schema_validation,
            "strict_table_name_types": model.schema.strict_table_name_types,
            "unresolved": list(model.schema.unresolved),
        },
        "tables": tables,
        "functions": functions,
        "modules": modules,
        "http_routes": [
            {k: v for k, v in {"method": rt.method, "path": rt.path, "path_prefix": rt.path_prefix, "handler": rt.handler, "file": _rel(f, base)}.items() if v is not None}
            for f, rt in model.http_routes
        ],
        "crons": [
            {"name": c.name, "method": c.method, "schedule": dict(c.schedule), "target": c.target, "file": _rel(f, base)}
            for f, c in model.crons
        ],
        "components": [
            {k: v for k, v in {"name": u.name, "source": u.source, "http_prefix": u.http_prefix}.items() if v is not None}
            for u in (cfg.uses if cfg else ())
        ],
        "config": None if cfg is None else {"kind": cfg.kind, "name": cfg.name, "env": dict(cfg.env), "http_prefix": cfg.http_prefix},
        "auth_providers": None if model.auth_providers is None else [
            {k: v for k, v in {"domain": p.domain, "application_id": p.application_id, "type": p.type, "issuer": p.issuer}.items() if v is not None}
            for p in model.auth_providers
        ],
    }


def model_json(models: list[ProjectModel], base: str, snapshot=None) -> dict[str, Any]:
    models = sorted(models, key=lambda m: m.root.functions_dir)
    return {"version": 1, "roots": [project_json(m, base, snapshot) for m in models]}
