"""The pre-commit hooks and the GitHub Action call `convex-lsp check` with options that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]


def _parse(argv: list[str]):
    from convex_lsp.server.cli import _parser

    return _parser().parse_args(argv)


def test_pre_commit_hook_entries_parse():
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = re.findall(r"^\s*entry:\s*(.+)$", text, re.M)
    ids = re.findall(r"^- id:\s*(\S+)", text, re.M)
    assert ids == ["convex-lsp", "convex-lsp-fix"]
    for entry in entries:
        argv = shlex.split(entry)
        assert argv[0] == "convex-lsp"
        args = _parse([*argv[1:], "convex/a.ts", "convex/b.ts"])
        assert args.command == "check" and args.paths == ["convex/a.ts", "convex/b.ts"]


def test_pre_commit_hooks_yaml_structure():
    import yaml  # in the test extra
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for h in hooks:
        assert {"id", "name", "entry", "language"} <= set(h)
        assert h["language"] == "python" and h["require_serial"] is True


def test_action_commands_parse():
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    for line in re.findall(r"^\s*(convex-lsp check .+?)(?: \|\| .*)?$", text, re.M):
        argv = shlex.split(line)
        argv = [a for a in argv if not a.startswith("$CONVEX_LSP_PATHS") and not a.startswith("$CONVEX_LSP_ARGS")]
        argv = [("sarif" if a == "$CONVEX_LSP_FORMAT" else "out.sarif" if a == "$CONVEX_LSP_SARIF" else a) for a in argv]
        args = _parse(argv[1:])
        assert args.command == "check"


def test_action_yaml_structure():
    import yaml  # in the test extra
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "format", "sarif", "version"} <= set(action["inputs"])
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
