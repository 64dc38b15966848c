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
