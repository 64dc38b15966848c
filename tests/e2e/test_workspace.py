"""Silence outside Convex roots, watched files, settings problems and configuration changes."""

from __future__ import annotations

import asyncio
import json

import pytest
from e2e_helpers import close_doc, copy_workspace, debug_model, debug_text, open_doc, pget, serve, until
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")


def watched(client, *events: tuple[object, types.FileChangeType]) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=p.as_uri(), type=t) for p, t in events])
    )


async def test_silent_outside_every_root(client):
    uri, text = open_doc(client, client.workspace / "outside" / "plain.ts")
    assert "TODO-CONVEX" in text
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert report.kind == "full" and len(report.items) == 0
    pos = types.Position(line=1, character=25)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert completion is None or len(getattr(completion, "items", completion)) == 0
    await asyncio.sleep(0.5)  # longer than the push path takes inside a root
    assert [p for p in client.published if p.uri == uri] == []
    close_doc(client, uri)


async def test_watched_files_create_change_delete(client):
    path = client.workspace / "project" / "convex" / f"created_{client.profile[:6]}.ts"
    path.write_text("export const one = 1;\n", encoding="utf-8")
    watched(client, (path, types.FileChangeType.Created))
    await wait_host_text(client, path, "export const one = 1;\n")
    path.write_text("export const two = 2; // é😀\n", encoding="utf-8")
    watched(client, (path, types.FileChangeType.Changed))
    await wait_host_text(client, path, "export const two = 2; // é😀\n")
    path.unlink()
    watched(client, (path, types.FileChangeType.Deleted))
    await wait_host_text(client, path, None)


async def wait_host_text(client, path, expected):
    for _ in range(200):
        got = await debug_text(client, path.as_uri())
        if pget(got, "hostText") == expected:
            return got
        await asyncio.sleep(0.02)
    raise AssertionError(f"host text of {path.name} is {pget(got, 'hostText')!r}, expected {expected!r}")


async def test_schema_change_on_disk_updates_model(client):
    schema = client.workspace / "project" / "convex" / "schema.ts"
    original = schema.read_text(encoding="utf-8")
    assert set(pget(await debug_model(client), "tables")) == {"messages", "users"}
    schema.write_text(
        original.replace("  users:", "  tags: defineTable({ name: v.string() }),\n  users:"), encoding="utf-8"
    )
    watched(client, (schema, types.FileChangeType.Changed))
    for _ in range(200):
        if "tags" in pget(await debug_model(client), "tables"):
            break
        await asyncio.sleep(0.02)
    assert set(pget(await debug_model(client), "tables")) == {"messages", "tags", "users"}
    schema.write_text(original, encoding="utf-8")
    watched(client, (schema, types.FileChangeType.Changed))


async def test_new_root_found_by_rescan(client):
    other = client.workspace / "other"
    (other / "convex").mkdir(parents=True)
    (other / "package.json").write_text(json.dumps({"dependencies": {"convex": "^1.0.0"}}), encoding="utf-8")
    (other / "convex" / "schema.ts").write_text(
        'import { defineSchema } from "convex/server";\nexport default defineSchema({});\n'
    )
    ready_before = len([s for s in client.statuses if pget(s, "state") == "ready"])
    watched(
        client,
        (other / "package.json", types.FileChangeType.Created),
        (other / "convex" / "schema.ts", types.FileChangeType.Created),
    )
    await until(lambda: len([s for s in client.statuses if pget(s, "state") == "ready"]) > ready_before, what="rescan")
    roots = pget(client.statuses[-1], "roots")
    assert (other.as_posix()) in roots and (client.workspace / "project").as_posix() in roots


# ----------------------------------------------------------------------------- settings (own servers)
async def test_invalid_initialization_options_are_reported(tmp_path):
    options = {"convexLsp": {"diagnostics": {"debounceMs": "fast"}, "bogus": 1}}
    async with serve("visual-studio-code", copy_workspace(tmp_path / "ws"), options=options) as lsp:
        msgs = await until(lambda: [m for m in lsp.messages if m.type == types.MessageType.Warning], what="showMessage")
        assert "diagnostics.debounceMs" in msgs[0].message and "'bogus'" in msgs[0].message
        assert len(lsp.messages) == 1


async def test_configuration_and_did_change_configuration(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    async with serve(
        "visual-studio-code", ws, configuration={"diagnostics": {"debounceMs": 0}, "enable": "yes"}
    ) as lsp:
        msgs = await until(lambda: lsp.messages, what="showMessage for workspace/configuration")
        assert "'enable'" in msgs[0].message
        uri, _ = open_doc(lsp, ws / "project" / "convex" / "conf.ts", "// TODO-CONVEX\n")
        await until(lambda: [p for p in lsp.published if p.uri == uri and len(p.diagnostics) == 1], what="diagnostic")
        # turn diagnostics off through workspace/didChangeConfiguration (the server pulls the new values)
        lsp.set_configuration({"diagnostics": {"enable": False}}, section="convexLsp")
        lsp.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await until(
            lambda: len([p for p in lsp.published if p.uri == uri][-1].diagnostics) == 0, what="cleared by settings"
        )


async def test_tsconfig_paths_are_watched(tmp_path):
    """Functions built from an aliased `@cvx/_generated/server` import appear in the model once the
    tsconfig (here the config that tsconfig.json extends) maps the alias, and disappear when the
    mapping goes: the server rescans the roots on tsconfig*.json events."""
    ws = tmp_path / "ws"
    (ws / "app" / "convex").mkdir(parents=True)
    (ws / "app" / "package.json").write_text(json.dumps({"dependencies": {"convex": "^1.20.0"}}), encoding="utf-8")
    (ws / "app" / "convex" / "messages.ts").write_text(
        'import { query } from "@cvx/_generated/server";\n'
        "export const list = query({ args: {}, handler: async (ctx) => ctx.db.query(\"messages\").take(5) });\n",
        encoding="utf-8",
    )
    (ws / "app" / "tsconfig.json").write_text('{ "extends": "./tsconfig.base.json" }\n', encoding="utf-8")
    base = ws / "app" / "tsconfig.base.json"
    base.write_text('{ "compilerOptions": { "strict": true } }\n', encoding="utf-8")
    async with serve("visual-studio-code", ws) as lsp:
        uri = (ws / "app" / "convex" / "messages.ts").as_uri()

        async def functions():
            return pget(await debug_model(lsp, uri), "functions")

        async def wait_for(expected):
            for _ in range(200):
                if await functions() == expected:
                    break
                await asyncio.sleep(0.02)
            assert await functions() == expected

        assert await functions() == []
        base.write_text('{\n  // aliases\n  "compilerOptions": { "paths": { "@cvx/*": ["./convex/*"] } },\n}\n', encoding="utf-8")
        watched(lsp, (base, types.FileChangeType.Changed))
        await wait_for(["api.messages.list"])
        base.write_text('{ "compilerOptions": { "strict": true } }\n', encoding="utf-8")
        watched(lsp, (base, types.FileChangeType.Changed))
        await wait_for([])
