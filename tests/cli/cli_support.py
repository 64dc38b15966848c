"""Shared helpers of the `convex-lsp check` tests: fixture paths, the golden rule set, and running
the CLI in-process. (A module of its own: `from conftest import …` is ambiguous when several test
directories' conftest files are loaded in one run.)"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"

# The rules the golden tests run (the registry grows; goldens should not churn with it). Together
# with the engine's unused-suppression they give errors, warnings and infos, safe and unsafe fixes.
GOLDEN_RULES = "no-filter-in-query,no-writes-in-query,no-old-function-syntax,deprecated-validators,explicit-table-ids,require-access-control"


@dataclass
class Result:
    code: int
    out: str
    err: str


class _Stream(io.StringIO):
    def __init__(self, tty: bool = False) -> None:
        super().__init__()
        self._tty = tty
        self.buffer = io.BytesIO()

    def isatty(self) -> bool:
        return self._tty

    def getvalue(self) -> str:  # text written through .buffer (fixed stdin output) comes first
        raw = self.buffer.getvalue().decode("utf-8")
        return raw + super().getvalue()


def run_cli(args: list[str], cwd: Path, stdin: str | bytes | None = None, tty: bool = False, monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    """Run `convex-lsp ARGS` in this process with `cwd` as the current directory."""
    from convex_lsp.server import cli

    old_cwd = os.getcwd()
    old = sys.stdin, sys.stdout, sys.stderr
    old_ws = os.environ.pop("GITHUB_WORKSPACE", None)  # the github format rebases paths on it
    out, err = _Stream(tty), _Stream(tty)
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    fake_in = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    os.chdir(cwd)
    sys.stdin, sys.stdout, sys.stderr = fake_in, out, err
    try:
        try:
            code = cli.main(args)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
        os.chdir(old_cwd)
        if old_ws is not None:
            os.environ["GITHUB_WORKSPACE"] = old_ws
    return Result(code, out.getvalue(), err.getvalue())
