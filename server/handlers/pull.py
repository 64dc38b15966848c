"""Pull diagnostics: `textDocument/diagnostic` and `workspace/diagnostic`.

resultId = "<version>@<model key>@<settings generation>"; an equal previousResultId gets an
"unchanged" report, so VS Code's polling of workspace/diagnostic (about every 2 s) costs a model-key
lookup per open document. Outside every Convex root: empty reports.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .. import convert
from .common import guarded
from .diagnostics import lint, model_of, refresh_all


async def report(server: Any, uri: str, previous: str | None) -> tuple[str, list[types.Diagnostic] | None, Any] | None:
    """(resultId, items or None when unchanged, version) for `uri`; None outside every root."""
    session = server.session
    doc = session.documents.get(uri)
    path = doc.path if doc else convert.uri_to_path(uri)
    if path is None:
        return None
    version = doc.version if doc else None
    snap = session.host.snapshot()
    model = await session.run(model_of, snap, path)
    if model is None:
        return None
    if session.observe_model(*model):
        refresh_all(server)
    result_id = f"{'disk' if version is None else version}@{model[1]}@{session.settings_generation}"
    if previous == result_id:
        return result_id, None, version
    return result_id, await session.run(lint, session, snap, path, version), version


def register(server: Any) -> None:
    session = server.session
    options = types.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=True)

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)
    @guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
    async def document_diagnostic(params: types.DocumentDiagnosticParams) -> Any:
        await session.wait_ready()
        r = await report(server, params.text_document.uri, params.previous_result_id)
        if r is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id, items, _ = r
        if items is None:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    @guarded(lambda: types.WorkspaceDiagnosticReport(items=[]))
    async def workspace_diagnostic(params: types.WorkspaceDiagnosticParams) -> Any:
        await session.wait_ready()
        previous = {p.uri: p.value for p in params.previous_result_ids or ()}
        items: list[Any] = []
        for uri in list(session.documents):
            r = await report(server, uri, previous.get(uri))
            if r is None:
                continue
            result_id, diags, version = r
            if diags is None:
                items.append(
                    types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=result_id, version=version)
                )
            else:
                items.append(
                    types.WorkspaceFullDocumentDiagnosticReport(
                        uri=uri, items=diags, result_id=result_id, version=version
                    )
                )
        return types.WorkspaceDiagnosticReport(items=items)
