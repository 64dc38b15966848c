"""Custom requests for tests and troubleshooting (not part of LSP).

- `convex/debugText {uri}` → `{text, version, hostText}`: the server's own copy of a document and
  the host's text for the same path (tests check both stay exact through incremental edits).
- `convex/debugModel {uri?}` → `{roots, tables, functions, files}`: what the server believes about the project.
"""

from __future__ import annotations

from typing import Any

from .. import convert
from .common import guarded, param

DEBUG_TEXT = "convex/debugText"
DEBUG_MODEL = "convex/debugModel"


def _decode(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", "surrogatepass")


def register(server: Any) -> None:
    session = server.session

    @server.feature(DEBUG_TEXT)
    @guarded(dict)
    def debug_text(params: Any) -> Any:
        uri = param(params, "uri")
        doc = session.documents.get(uri)
        path = doc.path if doc else convert.uri_to_path(uri or "")
        host_text = session.host.snapshot().text(path) if path else None
        return {
            "text": _decode(doc.data) if doc else None,
            "version": doc.version if doc else None,
            "hostText": _decode(host_text),
        }

    @server.feature(DEBUG_MODEL)
    @guarded(dict)
    async def debug_model(params: Any) -> Any:
        await session.wait_ready()
        uri = param(params, "uri")
        snap = session.host.snapshot()
        path = convert.uri_to_path(uri) if uri else None
        if path is None and session.roots:
            path = session.roots[0].functions_dir.rstrip("/") + "/schema.ts"
        project = snap.project_for(path) if path else None
        schema = getattr(project, "schema", None)
        return {
            "roots": sorted(r.root for r in session.roots),
            "tables": sorted(getattr(t, "name", str(t)) for t in getattr(schema, "tables", None) or ()),
            "functions": sorted(f.api_path for f in getattr(project, "functions", None) or ()),
            "files": sorted(session.disk_files | {d.path for d in session.documents.values()}),
        }
