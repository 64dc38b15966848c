"""convex-lsp.toml in the language server: settings, per-path overrides, problems on the file."""

from __future__ import annotations

import pytest
from e2e_helpers import copy_workspace, open_doc, serve, until
from lsprotocol import types
from pytest_lsp import client_capabilities

pytestmark = pytest.mark.asyncio

TOML = """# project settings
ignore = ["no-date-now-in-query"]
severity = { "unknown-table" = "warning" }
debounce-ms = "soon"

[[overrides]]
files = ["convex/legacy/**"]
ignore = ["unknown-table"]
"""

CODE = """import { query } from "./_generated/server";
export const a = query({ args: {}, handler: async (ctx) => { const t = Date.now(); return ctx.db.query("userz").take(t); } });
"""


@pytest.mark.parametrize("profile", ["visual-studio-code"])
async def test_config_file_applies_and_reports_problems(profile, tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    (ws / "project" / "convex-lsp.toml").write_text(TOML)
    (ws / "project" / "convex" / "legacy").mkdir()
    options = {"convexLsp": {"diagnostics": {"debounceMs": 0}}}
    async with serve(client_capabilities(profile), ws, options) as lsp:
        toml_uri = (ws / "project" / "convex-lsp.toml").as_uri()
        await until(lambda: toml_uri in lsp.diagnostics, what="config problems published")
        problems = lsp.diagnostics[toml_uri]
        assert [(d.code, d.range.start.line) for d in problems] == [("invalid-config", 3)]
        assert "debounce" in problems[0].message.lower()

        uri, _ = open_doc(lsp, ws / "project" / "convex" / "a.ts", CODE)
        await until(lambda: uri in lsp.diagnostics and lsp.diagnostics[uri], what="a.ts diagnostics")
        got = {(d.code, d.severity) for d in lsp.diagnostics[uri] if d.code in ("unknown-table", "no-date-now-in-query")}
        assert got == {("unknown-table", types.DiagnosticSeverity.Warning)}  # ignored rule gone, severity overridden

        legacy_uri, _ = open_doc(lsp, ws / "project" / "convex" / "legacy" / "old.ts", CODE)
        await until(lambda: legacy_uri in lsp.diagnostics, what="legacy diagnostics")
        assert not [d for d in lsp.diagnostics[legacy_uri] if d.code == "unknown-table"]  # per-path override
