"""Helpers for the `convex-lsp check` tests: run the CLI in-process, compare with golden files.

Regenerate the goldens with `pytest tests/cli --update-goldens` (or `UPDATE_GOLDENS=1 pytest`).
"""

from __future__ import annotations

import io
import os
import shutil
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False, help="rewrite tests/cli/golden/* from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    try:
        opt = request.config.getoption("--update-goldens")
    except ValueError:  # option not registered (pytest run from another rootdir)
        opt = False
    return bool(opt) or os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.fixture
def golden(update_goldens: bool):
    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update_goldens or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            if not update_goldens:
                pytest.fail(f"golden file {path} did not exist; written now — check it in and re-run")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path} (re-run with --update-goldens if the change is intended)"

    return check


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


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
    """A writable copy of the `app` fixture (for --fix); returns the folder holding it."""
    shutil.copytree(FIXTURES / "app", tmp_path / "app")
    return tmp_path
