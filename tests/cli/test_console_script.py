"""The installed `convex-lsp` console script, run as a subprocess; `check` imports no LSP code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from cli_support import FIXTURES, GOLDEN_RULES


def _script() -> str:
    cand = Path(sys.executable).parent / ("convex-lsp.exe" if os.name == "nt" else "convex-lsp")
    found = str(cand) if cand.exists() else shutil.which("convex-lsp")
    assert found, "the convex-lsp console script is not installed (pip install -e '.[test]')"
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.pop("GITHUB_WORKSPACE", None)
    return env


def test_console_script_json(tmp_path):
    r = subprocess.run(
        [_script(), "check", "app", "--format", "json", "--ignore", "ALL", "--select", GOLDEN_RULES],
        cwd=FIXTURES, capture_output=True, text=True, encoding="utf-8", timeout=120, env=_env(),
    )
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert doc["version"] == 1 and doc["summary"]["errors"] == 3
    assert (FIXTURES.parent / "golden" / "app.json").read_text(encoding="utf-8") == r.stdout


def test_console_script_no_color_when_piped():
    r = subprocess.run([_script(), "check", "app"], cwd=FIXTURES, capture_output=True, text=True, encoding="utf-8", timeout=120, env=_env())
    assert r.returncode == 1 and "\x1b[" not in r.stdout


def test_console_script_exit_2_without_traceback(tmp_path):
    r = subprocess.run([_script(), "check", "nowhere"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip() == "convex-lsp check: error: path does not exist: nowhere"


def test_console_script_rules_and_explain():
    r = subprocess.run([_script(), "rules", "--format", "json"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and json.loads(r.stdout)["version"] == 1
    r = subprocess.run([_script(), "explain", "no-collect-in-query"], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("# no-unbounded-collect")


PROBE = """
import json, sys
from convex_lsp.server.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol", "cattrs", "attrs", "asyncio"))
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
sys.exit(code)
"""


def test_check_imports_no_lsp_code():
    """`check` must start fast: pygls/lsprotocol (and asyncio, which they pull in) stay unimported."""
    for args in (["check", "app", "--format", "json"], ["check", "app", "--format", "sarif"], ["check", "app", "--diff"], ["rules"]):
        r = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=FIXTURES, capture_output=True, text=True, encoding="utf-8", timeout=120)
        line = [x for x in r.stderr.splitlines() if x.startswith("MODULES ")][-1]
        assert json.loads(line[len("MODULES "):]) == [], (args, line)


def test_importtime_of_check():
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "convex_lsp.server.cli", "check", "clean"],
        cwd=FIXTURES, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "convex_lsp.server.check_cli" in imported
    assert not {m for m in imported if m.split(".")[0] in ("pygls", "lsprotocol")}
