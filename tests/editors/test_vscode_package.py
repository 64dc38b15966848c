"""The VS Code extension's package.json: generated settings, activation, commands, snippets, bundle.

No Node needed. The settings block comes from `convex_lsp.analysis.config.vscode_properties()`;
regenerate it with `python editors/vscode/scripts/gen-settings.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from convex_lsp.analysis.config import vscode_properties

EXT = Path(__file__).resolve().parents[2] / "editors" / "vscode"
PACKAGE_JSON = EXT / "package.json"


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))


def test_settings_block_is_generated_from_config(package: dict) -> None:
    properties = package["contributes"]["configuration"]["properties"]
    assert properties == vscode_properties(), (
        "editors/vscode/package.json is stale: run `python editors/vscode/scripts/gen-settings.py`"
    )


def test_gen_settings_check_mode_agrees(tmp_path: Path, package: dict) -> None:
    script = EXT / "scripts" / "gen-settings.py"
    ok = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr

    stale = dict(package)
    stale["contributes"] = json.loads(json.dumps(package["contributes"]))
    stale["contributes"]["configuration"]["properties"].pop("convexLsp.server.path")
    copy = tmp_path / "package.json"
    copy.write_text(json.dumps(stale, indent=2) + "\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, str(script), "--check", "--package-json", str(copy)], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "stale" in bad.stderr

    fixed = subprocess.run([sys.executable, str(script), "--package-json", str(copy)], capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stderr
    assert json.loads(copy.read_text(encoding="utf-8"))["contributes"]["configuration"]["properties"] == vscode_properties()


def test_client_settings_are_contributed(package: dict) -> None:
    properties = package["contributes"]["configuration"]["properties"]
    for key in ("convexLsp.server.path", "convexLsp.server.interpreter", "convexLsp.trace.server"):
        assert key in properties
    assert properties["convexLsp.trace.server"]["enum"] == ["off", "messages", "verbose"]
    # Untrusted workspaces must not choose the executable.
    restricted = package["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"]
    assert set(restricted) == {"convexLsp.server.path", "convexLsp.server.interpreter"}


def test_identity_and_packaging_fields(package: dict) -> None:
    assert package["name"] == "convex-lsp"
    assert package["publisher"] == "convex-lsp"
    assert package["license"] == "MIT"
    assert package["repository"]["url"]
    assert (EXT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert package["engines"]["vscode"].startswith("^1.")
    assert package["dependencies"]["vscode-languageclient"]


def test_activation_events(package: dict) -> None:
    assert package["activationEvents"] == [
        "workspaceContains:**/convex.json",
        "workspaceContains:**/convex/**/*.ts",
        "workspaceContains:**/convex.config.ts",
    ]


def test_commands(package: dict) -> None:
    commands = {c["command"]: f'{c["category"]}: {c["title"]}' for c in package["contributes"]["commands"]}
    assert commands == {
        "convexLsp.restart": "Convex LSP: Restart Server",
        "convexLsp.showLogs": "Convex LSP: Show Logs",
    }
    source = (EXT / "src" / "extension.ts").read_text(encoding="utf-8")
    for command in commands:
        assert f'registerCommand("{command}"' in source


def test_snippets_contribution(package: dict) -> None:
    snippets = package["contributes"]["snippets"]
    assert {s["language"] for s in snippets} == {"typescript", "typescriptreact"}
    assert {s["path"] for s in snippets} == {"./snippets/convex.json"}
    # The file is produced by the build (scripts/copy-snippets.mjs) and shipped in the .vsix.
    assert "copy-snippets" in package["scripts"]["build"]
    assert "!snippets/*.json" in (EXT / ".vscodeignore").read_text(encoding="utf-8").splitlines()


def test_main_points_at_the_bundle(package: dict) -> None:
    assert package["main"] == "./out/extension.js"
    bundle = package["scripts"]["bundle"]
    assert "esbuild src/extension.ts" in bundle and "--bundle" in bundle
    assert "--outfile=out/extension.js" in bundle and "--external:vscode" in bundle
    assert "--no-dependencies" in package["scripts"]["package"]
    ignore = (EXT / ".vscodeignore").read_text(encoding="utf-8").splitlines()
    assert "!out/extension.js" in ignore and "**" in ignore
