"""Golden-file comparison shared by the CLI goldens and the code-action snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest


def golden_checker(directory: Path, update: bool):
    """check(name, actual): compare with directory/name; written when missing (then failing, to be
    reviewed) or when updating goldens."""

    def check(name: str, actual: str) -> None:
        path = directory / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            if not update:
                pytest.fail(f"golden file {path} did not exist; written now — review it and re-run")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path} (re-run with --update-goldens if the change is intended)"

    return check
