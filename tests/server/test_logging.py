"""The server's log: a handler's deliberate JSON-RPC error (a refused rename) is an answer, not a
failure, so pygls' traceback for it is dropped; real exceptions are still logged."""

from __future__ import annotations

import logging
import sys

from pygls.exceptions import JsonRpcException, JsonRpcInternalError

from convex_lsp.server.app import _quiet_deliberate_errors


def _record(exc: BaseException) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:  # noqa: BLE001 - building exc_info
        info = sys.exc_info()
    return logging.LogRecord("pygls.protocol.json_rpc", logging.ERROR, __file__, 1, "Exception occurred", (), info)


def test_deliberate_errors_are_not_logged_real_ones_are():
    assert _quiet_deliberate_errors(_record(JsonRpcException("Nothing to rename here.", code=-32803))) is False
    assert _quiet_deliberate_errors(_record(JsonRpcInternalError("boom"))) is True  # an internal error is still logged
    assert _quiet_deliberate_errors(_record(TypeError("'int' object is not iterable"))) is True
    assert _quiet_deliberate_errors(logging.LogRecord("x", logging.INFO, __file__, 1, "plain", (), None)) is True
