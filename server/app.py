"""The language server: pygls wiring and the explicit table of handler modules.

Each module under `handlers/` has a `register(server)` function that adds its features; this file
lists them, so there is one place to read to see every LSP method the server answers.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .session import Session

log = logging.getLogger("convex_lsp.server")

try:
    from importlib.metadata import version as _version

    VERSION = _version("convex-lsp")
except Exception:  # pragma: no cover - not installed
    VERSION = "0.0.0"


def _prefer_utf8(caps: types.ClientCapabilities) -> None:
    """Move utf-8 to the front of the client's encodings so pygls negotiates it when offered."""
    general = caps.general
    encodings = list(getattr(general, "position_encodings", None) or [])
    values = [getattr(e, "value", e) for e in encodings]
    if "utf-8" in values and values[0] != "utf-8":
        i = values.index("utf-8")
        general.position_encodings = [encodings[i]] + encodings[:i] + encodings[i + 1 :]


_TEXT_SYNC = (types.TEXT_DOCUMENT_DID_OPEN, types.TEXT_DOCUMENT_DID_CHANGE)


def _check_texts(data: dict) -> None:
    """cattrs turns a `text` that is not a string (null, a number) into its str(): `"text": null`
    would put the four letters "None" into the document. Such a notification is refused instead
    (logged; the document keeps its last good text)."""
    from pygls.exceptions import JsonRpcInvalidParams

    params = data.get("params")
    if not isinstance(params, dict):
        return
    if data["method"] == types.TEXT_DOCUMENT_DID_OPEN:
        doc = params.get("textDocument")
        texts = [("textDocument.text", doc.get("text"))] if isinstance(doc, dict) else []
    else:
        changes = params.get("contentChanges")
        texts = [(f"contentChanges[{i}].text", c.get("text")) for i, c in enumerate(changes) if isinstance(c, dict)] if isinstance(changes, list) else []
    for where, text in texts:
        if not isinstance(text, str):
            raise JsonRpcInvalidParams(f"{data['method']} ignored: {where} is {json.dumps(text)[:40]}, not a string (the document keeps its last text)")


class ConvexProtocol(LanguageServerProtocol):
    """pygls protocol with two changes.

    - `initialize`: prefer utf-8 when the client offers it (pygls takes the client's first choice).
    - `didOpen`/`didChange`/`didClose`: pygls' own `TextDocument` copy is not kept: it splits lines
      at U+2028 and friends and would cost a second O(n) text update per keystroke. The session
      keeps the documents (see `session.py`).
    """

    def structure_message(self, data: Any) -> Any:
        """pygls cannot structure a request whose params do not match the LSP types (a negative
        line, a missing position) and drops it: the client would wait for an answer forever.
        Answer such a request with the JSON-RPC error (InvalidParams) before dropping it."""
        try:
            if isinstance(data, dict) and data.get("method") in _TEXT_SYNC and "jsonrpc" in data:
                _check_texts(data)
            return super().structure_message(data)
        except JsonRpcException as exc:
            msg_id = data.get("id") if isinstance(data, dict) else None
            if isinstance(data, dict) and "jsonrpc" in data and "method" in data and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool):
                message = f"{exc.message}: the params of {data['method']} do not match the protocol's types"
                self._send_response(msg_id, error=types.ResponseError(code=exc.code, message=message))
            raise

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Any:
        _prefer_utf8(params.capabilities)
        return (yield from super().lsp_initialize(params))

    def _user(self, method: str, params: Any) -> Any:
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


class ConvexLanguageServer(LanguageServer):
    session: Session


def create_server(host: Any = None) -> ConvexLanguageServer:
    """A server with every feature registered. `host`: an AnalysisHost (tests may pass a fake)."""
    from .handlers import code_actions, completion, debug, documents, lifecycle, navigation, pull, workspace

    server = ConvexLanguageServer("convex-lsp", VERSION, protocol_cls=ConvexProtocol)
    server.session = Session(host)
    server.session.server = server
    for module in (lifecycle, workspace, documents, pull, completion, navigation, code_actions, debug):
        module.register(server)
    return server


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("convex_lsp")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("pygls").setLevel(logging.WARNING)  # it logs every message at INFO
    logging.getLogger("pygls").addHandler(handler)
    handler.addFilter(_quiet_deliberate_errors)


def _quiet_deliberate_errors(record: logging.LogRecord) -> bool:
    """pygls logs a traceback for every error response; a handler's deliberate `JsonRpcException`
    (a rename refused with a message) is an answer, not a failure, so it is not logged."""
    from pygls.exceptions import JsonRpcException

    exc = record.exc_info[1] if record.exc_info else None
    return type(exc) is not JsonRpcException  # (subclasses such as JsonRpcInternalError are still logged)


def run_server(tcp: str | None = None) -> None:
    """Run the language server on stdio, or on `tcp` ("HOST:PORT") when given."""
    _configure_logging()
    server = create_server()
    try:
        if tcp:
            host, _, port = tcp.rpartition(":")
            server.start_tcp(host or "127.0.0.1", int(port))
        else:
            server.start_io()
    finally:
        server.session.shutdown()
