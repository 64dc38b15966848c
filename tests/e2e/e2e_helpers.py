"""Helpers shared by the end-to-end tests (imported as `e2e_helpers`; see conftest.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

FIXTURES = Path(__file__).parent / "fixtures"
PROFILES = ["visual-studio-code", "neovim@v0.11.0"]
SERVER = [sys.executable, "-m", "convex_lsp.server", "--stdio"]
ENV = {**os.environ, "CONVEX_LSP_TEST_RULE": "1"}


class RecordingClient(LanguageClient):
    published: list[types.PublishDiagnosticsParams]
    statuses: list[Any]
    registrations: list[types.Registration]


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published, client.statuses, client.registrations = [], [], []
    features = dict(DEFAULT_CLIENT_FEATURES)
    default_publish = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(ls: Any, params: types.PublishDiagnosticsParams) -> None:  # `ls`: pygls passes the client
        ls.published.append(params)
        default_publish(ls, params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    register_lsp_features(client, features)

    @client.feature("convex/status")
    def status(params: Any) -> None:
        client.statuses.append(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    return client


CONFIG = ClientServerConfig(server_command=SERVER, server_env=ENV, client_factory=make_client)


def pget(obj: Any, name: str) -> Any:
    """A field of a custom notification/response (a dict or a pygls-structured object)."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


async def until(pred: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = pred()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def copy_workspace(dest: Path) -> Path:
    shutil.copytree(FIXTURES, dest)
    return dest


def init_params(profile: str | types.ClientCapabilities, root: Path, options: Any = None) -> types.InitializeParams:
    caps = client_capabilities(profile) if isinstance(profile, str) else profile
    return types.InitializeParams(
        capabilities=caps,
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options,
    )


@contextlib.asynccontextmanager
async def serve(profile: str | types.ClientCapabilities, ws: Path, options: Any = None, configuration: Any = None):
    """A server of its own for one test, initialized on `ws` and indexed; always stopped (killed
    if the test failed before a clean shutdown, so a failure can never hang the run)."""
    lsp = await CONFIG.start()
    try:
        if configuration is not None:
            lsp.set_configuration(configuration, section="convexLsp")
        lsp.init_result = await asyncio.wait_for(lsp.initialize_session(init_params(profile, ws, options)), 10)
        await until(lambda: any(pget(s, "state") == "ready" for s in lsp.statuses), what="indexing")
        yield lsp
        await asyncio.wait_for(lsp.shutdown_session(), 10)
    finally:
        if lsp._server is not None and lsp._server.returncode is None:
            lsp._server.kill()
        await lsp.stop()


def encoding_of(client: LanguageClient) -> str:
    caps = client.capabilities
    encs = (caps.general.position_encodings if caps and caps.general else None) or []
    return "utf-8" if any(getattr(e, "value", e) == "utf-8" for e in encs) else "utf-16"


def lsp_lines(text: str) -> list[str]:
    """Split like LSP (\\n, \\r\\n, lone \\r), keeping terminators; U+2028 is NOT a line break."""
    out, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\r":
            end = i + 2 if text[i + 1 : i + 2] == "\n" else i + 1
            out.append(text[start:end])
            start = i = end
            continue
        if text[i] == "\n":
            out.append(text[start : i + 1])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


def units(s: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2  # a lone surrogate is one unit


def position(text: str, index: int, encoding: str) -> types.Position:
    """LSP position of the code-point `index` in `text` (reference implementation for tests)."""
    lines, start = lsp_lines(text), 0
    for line, chunk in enumerate(lines):
        if index <= start + len(chunk.rstrip("\r\n")) or line == len(lines) - 1:
            return types.Position(line=line, character=units(text[start:index], encoding))
        start += len(chunk)
    raise AssertionError("unreachable")


def range_of(text: str, needle: str, encoding: str, occurrence: int = 0) -> types.Range:
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(needle, i + 1)
    return types.Range(start=position(text, i, encoding), end=position(text, i + len(needle), encoding))


async def debug_text(client: LanguageClient, uri: str) -> Any:
    return await client.protocol.send_request_async("convex/debugText", {"uri": uri})


async def debug_model(client: LanguageClient, uri: str | None = None) -> Any:
    return await client.protocol.send_request_async("convex/debugModel", {"uri": uri} if uri else {})


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8") if text is None else text
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="typescript", version=version, text=text)
        )
    )
    return uri, text


def close_doc(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def change_doc(client: LanguageClient, uri: str, version: int, *changes: Any) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=list(changes)
        )
    )
