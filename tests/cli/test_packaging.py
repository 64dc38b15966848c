"""Non-editable installs (pip install ., the GitHub Action, pre-commit) ship every package of the CLI."""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]


def test_cli_packages_are_listed_in_pyproject():
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(conf["tool"]["setuptools"]["packages"])
    needed = {"convex_lsp.server", "convex_lsp.server.output", "convex_lsp.analysis"}
    assert needed <= packages, f"add {sorted(needed - packages)} to [tool.setuptools] packages in pyproject.toml"
