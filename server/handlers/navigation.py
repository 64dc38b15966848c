"""hover, signature help, definition, references, rename, symbols → `convex_lsp.analysis.navigation`.

Each handler is a thin adapter: locate the document, call the analysis function on a snapshot in
the analysis thread, convert the plain result. A missing module or function means "no result".
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .. import convert
from .common import analysis_function, guarded, locate

REQUEST_FAILED = -32803  # LSP ErrorCodes.RequestFailed: the rename is refused, with a message


def register(server: Any) -> None:
    session = server.session

    def nav(name: str) -> Any:
        return analysis_function("navigation", name)

    def locations(snap: Any, found: Any) -> list[types.Location]:
        lines_for = session.lines_for(snap)
        out = (convert.to_location(p, r, lines_for, session.encoding, session.uri_for) for p, r in found or ())
        return [loc for loc in out if loc is not None]

    async def call(name: str, params: Any, *args: Any) -> tuple[Any, Any, str] | None:
        fn = nav(name)
        found = await locate(session, params.text_document.uri, getattr(params, "position", None)) if fn else None
        if found is None:
            return None
        snap, path, offset = found
        call_args = (snap, path) if offset is None else (snap, path, offset)
        return await session.run_interactive(fn, *call_args, *args), snap, path

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded()
    async def hover(params: types.HoverParams) -> Any:
        r = await call("hover", params)
        return convert.to_hover(r[0], r[1].line_index(r[2]), session.encoding) if r else None

    @server.feature(types.TEXT_DOCUMENT_SIGNATURE_HELP, types.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[","]))
    @guarded()
    async def signature_help(params: types.SignatureHelpParams) -> Any:
        r = await call("signature_help", params)
        return convert.to_signature_help(r[0]) if r else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded()
    async def definition(params: types.DefinitionParams) -> Any:
        r = await call("definition", params)
        return locations(r[1], r[0]) or None if r else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded()
    async def references(params: types.ReferenceParams) -> Any:
        r = await call("references", params, params.context.include_declaration)
        return locations(r[1], r[0]) or None if r else None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    async def prepare_rename(params: types.PrepareRenameParams) -> Any:
        r = await call("prepare_rename", params)
        if not r or r[0] is None:
            return None
        return convert.to_range(r[1].line_index(r[2]), r[0], session.encoding)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    @guarded()
    async def rename(params: types.RenameParams) -> Any:
        r = await call("rename", params, params.new_name)
        if not r or r[0] is None:
            return None
        if isinstance(r[0], str):
            raise JsonRpcException(r[0], code=REQUEST_FAILED)
        return convert.workspace_edit(
            r[0],
            session.encoding,
            session.lines_for(r[1]),
            versions=session.versions(),
            document_changes=session.supports("workspace.workspace_edit.document_changes"),
        )

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded()
    async def document_symbol(params: types.DocumentSymbolParams) -> Any:
        r = await call("document_symbols", params)
        if not r:
            return None
        lines = r[1].line_index(r[2])
        return [s for s in (convert.to_document_symbol(x, lines, session.encoding) for x in r[0] or ()) if s]

    @server.feature(types.WORKSPACE_SYMBOL)
    @guarded()
    async def workspace_symbol(params: types.WorkspaceSymbolParams) -> Any:
        fn = nav("workspace_symbols")
        if fn is None:
            return None
        await session.wait_ready()
        snap = session.host.snapshot()
        found = await session.run_interactive(fn, snap, params.query)
        out = (
            convert.to_workspace_symbol(s, session.lines_for(snap), session.encoding, session.uri_for)
            for s in found or ()
        )
        return [s for s in out if s is not None]
