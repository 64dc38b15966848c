"""End-to-end fixtures: the real server (`python -m convex_lsp.server`) driven by pytest-lsp.

Every module gets one server per client profile (module scope: tests in a module share it, so
they use distinct documents). Profiles: VS Code 1.65 (utf-16, push diagnostics, dynamic
registration) and Neovim 0.11 (utf-8, pull diagnostics without refresh).

The workspace is a temporary copy of `fixtures/` (tests write files into it). The server runs with
CONVEX_LSP_TEST_RULE=1: a synthetic "test-rule" diagnostic on every `TODO-CONVEX`.

Waiting: never `client.wait_for_notification` (one waiter per method, no timeout); the recording
client (e2e_helpers) appends everything to lists, and `until()` polls them with a timeout.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from e2e_helpers import CONFIG, PROFILES, RecordingClient, copy_workspace, init_params, pget, until


@pytest_lsp.fixture(scope="module", params=PROFILES, config=CONFIG)
async def client(request: pytest.FixtureRequest, lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    """A server per (module, profile), initialized on its own copy of `fixtures/` and indexed."""
    workspace = copy_workspace(tmp_path_factory.mktemp("e2e") / "ws")
    lsp_client.profile = request.param
    lsp_client.workspace = workspace
    await lsp_client.initialize_session(init_params(request.param, workspace))
    await until(lambda: any(pget(s, "state") == "ready" for s in lsp_client.statuses), what="indexing")
    yield
    await lsp_client.shutdown_session()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "profiles(*names): run this test only with these client profiles")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked `profiles(...)` exists only for those profiles: the other combinations are
    deselected at collection (they are not skipped tests, they are tests that do not exist)."""
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("profiles")
        profile = getattr(item, "callspec", None) and item.callspec.params.get("client")
        (drop if marker and profile and profile not in marker.args else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
