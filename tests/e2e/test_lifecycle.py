"""initialize / initialized (progress, status, registrations) / shutdown."""

from __future__ import annotations

import sys

import pytest
from e2e_helpers import encoding_of, pget, serve, until
from lsprotocol import types
from pytest_lsp import client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_progress_reported(client):
    reports = await until(
        lambda: [
            r for tok, rs in client.progress_reports.items() if str(tok).startswith("convex-lsp/index") for r in rs
        ],
        what="index progress",
    )
    kinds = [r.kind for r in reports]
    assert kinds[0] == "begin" and kinds[-1] == "end" and "report" in kinds
    percentages = [r.percentage for r in reports if r.kind == "report"]
    assert percentages == sorted(percentages) and percentages[-1] <= 100
    assert "1 Convex root(s)" in reports[-1].message


async def test_status_notification(client):
    states = [pget(s, "state") for s in client.statuses]
    assert states[:2] == ["indexing", "ready"]
    ready = [s for s in client.statuses if pget(s, "state") == "ready"][-1]
    assert pget(ready, "roots") == [(client.workspace / "project").as_posix()]


async def test_watchers_registered_when_dynamic(client):
    if client.profile.startswith("neovim"):  # no dynamic registration for watched files
        assert not [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        return
    regs = await until(
        lambda: [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES],
        what="watcher registration",
    )
    options = regs[0].register_options
    globs = [pget(w, "globPattern") for w in pget(options, "watchers")]
    assert "**/convex.json" in globs and "**/package.json" in globs and "**/convex-lsp.toml" in globs
    assert "**/tsconfig*.json" in globs  # path aliases, including the configs tsconfig.json extends
    assert any(g.startswith("**/*.{ts,tsx") for g in globs)


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim@v0.11.0"])
async def test_initialize_result_and_clean_exit(profile, tmp_path):
    """A server of its own: the InitializeResult, then shutdown + exit ends the process with 0."""
    (tmp_path / "convex").mkdir()
    async with serve(profile, tmp_path) as lsp:
        caps = lsp.init_result.capabilities
        expected = "utf-8" if encoding_of(lsp) == "utf-8" else "utf-16"
        assert getattr(caps.position_encoding, "value", caps.position_encoding) == expected
        assert set(caps.completion_provider.trigger_characters) >= {'"', "'", ".", "/"}
        assert caps.diagnostic_provider.inter_file_dependencies and caps.diagnostic_provider.workspace_diagnostics
        assert caps.rename_provider.prepare_provider is True
        assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
        assert lsp.init_result.server_info.name == "convex-lsp"
        assert [pget(s, "roots") for s in lsp.statuses] == [[], []]  # no Convex root here
    assert lsp._server.returncode == 0


async def test_utf8_preferred_when_offered_second(tmp_path):
    caps = client_capabilities("neovim@v0.11.0")
    caps.general.position_encodings = [types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8]
    async with serve(caps, tmp_path) as lsp:
        assert lsp.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8


async def test_stdio_flag_is_accepted():
    # `--stdio` is part of CONFIG's command; also check `--help` documents --tcp.
    import asyncio

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "convex_lsp.server", "--help", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    assert proc.returncode == 0 and b"--tcp" in out and b"--stdio" in out


async def test_cancel_request_while_indexing(tmp_path):
    """`$/cancelRequest` for a request still waiting on the initial index: it ends with
    RequestCancelled (-32800), and the server goes on to answer the same request afterwards."""
    import asyncio

    from e2e_helpers import CONFIG, copy_workspace, init_params
    from pygls.exceptions import JsonRpcRequestCancelled

    ws = copy_workspace(tmp_path / "ws")
    convex = ws / "project" / "convex" / "many"
    convex.mkdir()
    body = 'import { query } from "../_generated/server";\n' + "".join(
        f'export const f{i} = query({{ args: {{}}, handler: async (ctx) => ctx.db.query("messages").take({i}) }});\n' for i in range(40)
    )
    for n in range(400):  # an index that takes a while (hundreds of ms) to build
        (convex / f"m{n}.ts").write_text(body, encoding="utf-8")
    lsp = await CONFIG.start()
    try:
        await asyncio.wait_for(lsp.initialize_session(init_params("visual-studio-code", ws)), 10)
        uri = (ws / "project" / "convex" / "messages.ts").as_uri()
        msg_id = "cancel-me"
        fut = lsp.protocol.send_request("convex/debugModel", {"uri": uri}, msg_id=msg_id)
        lsp.protocol.notify("$/cancelRequest", types.CancelParams(id=msg_id))
        with pytest.raises(JsonRpcRequestCancelled):  # the error response with code -32800
            await asyncio.wait_for(asyncio.wrap_future(fut) if not asyncio.isfuture(fut) else fut, 10)
        assert not any(pget(s, "state") == "ready" for s in lsp.statuses), "indexing finished before the cancel: the test proves nothing"
        model = await asyncio.wait_for(lsp.protocol.send_request_async("convex/debugModel", {"uri": uri}), 30)
        assert "api.many.m0.f0" in pget(model, "functions")
        await asyncio.wait_for(lsp.shutdown_session(), 10)
    finally:
        if lsp._server is not None and lsp._server.returncode is None:
            lsp._server.kill()
        await lsp.stop()
