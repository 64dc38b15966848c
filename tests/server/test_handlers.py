"""Handler plumbing that needs no client: exception guard, code-action kinds, registered methods."""

from __future__ import annotations

import asyncio
import logging

import pytest
from convex_lsp.server.app import create_server
from convex_lsp.server.handlers.code_actions import FIX_ALL, _wanted
from convex_lsp.server.handlers.common import guarded
from pygls.exceptions import JsonRpcException


def test_guard_logs_and_returns_default(caplog):
    @guarded(list)
    def boom(params):
        raise ValueError("bad")

    with caplog.at_level(logging.ERROR, logger="convex_lsp.server"):
        assert boom(None) == []
    assert "bad" in caplog.text


def test_guard_async_lets_cancellation_and_rpc_errors_through():
    @guarded(list)
    async def cancelled(params):
        raise asyncio.CancelledError

    @guarded(list)
    async def refused(params):
        raise JsonRpcException("cannot rename", code=-32803)

    @guarded(dict)
    async def broken(params):
        raise KeyError("x")

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(cancelled(None))
    with pytest.raises(JsonRpcException):
        asyncio.run(refused(None))
    assert asyncio.run(broken(None)) == {}


@pytest.mark.parametrize(
    ("kind", "only", "expected"),
    [
        ("quickfix", None, True),
        (FIX_ALL, None, False),
        (FIX_ALL, ["source"], True),
        (FIX_ALL, ["source.fixAll"], True),
        ("quickfix", ["source.fixAll"], False),
        ("refactor.rewrite", ["refactor"], True),
        ("sourcefoo", ["source"], False),
    ],
)
def test_code_action_kind_matching(kind, only, expected):
    assert _wanted(kind, only) is expected


def test_registered_methods():
    from convex_lsp.analysis.host import AnalysisHost

    features = set(create_server(AnalysisHost()).protocol.fm.features)
    assert {
        "textDocument/completion",
        "textDocument/diagnostic",
        "workspace/diagnostic",
        "textDocument/codeAction",
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/prepareRename",
        "textDocument/rename",
        "textDocument/documentSymbol",
        "workspace/symbol",
        "workspace/didChangeWatchedFiles",
        "workspace/didChangeConfiguration",
        "convex/debugText",
        "convex/debugModel",
    } <= features
