"""Text synchronisation: didOpen / didChange / didClose (mutations, on the event loop)."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from . import diagnostics
from .common import guarded


def register(server: Any) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        td = params.text_document
        if session.open(td.uri, td.text, td.version) is not None and not session.pull_diagnostics:
            diagnostics.schedule(server, td.uri, 0)  # waits for the index: no race with `initialized`

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        td = params.text_document
        if session.change(td.uri, td.version, list(params.content_changes)) is not None:
            diagnostics.schedule(server, td.uri, session.settings.debounce_ms / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        changed = session.close(uri)
        if changed is None:
            return
        diagnostics.clear(server, uri)
        if changed:  # an unsaved buffer reverted to the disk text: other files may see a new model
            diagnostics.refresh_all(server, session.settings.debounce_ms / 1000)
