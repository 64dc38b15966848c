"""Writes the server's settings schema into package.json (`contributes.configuration.properties`).

The one source of truth is `convex_lsp.analysis.config.vscode_properties()`. Run with the project's
Python (convex-lsp installed):

    python editors/vscode/scripts/gen-settings.py          # rewrite package.json
    python editors/vscode/scripts/gen-settings.py --check  # exit 1 when package.json is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PACKAGE_JSON = Path(__file__).resolve().parent.parent / "package.json"


def render(package: dict) -> str:
    from convex_lsp.analysis.config import vscode_properties

    package.setdefault("contributes", {}).setdefault("configuration", {})
    package["contributes"]["configuration"].setdefault("title", "Convex LSP")
    package["contributes"]["configuration"]["properties"] = vscode_properties()
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when package.json is out of date")
    parser.add_argument("--package-json", type=Path, default=PACKAGE_JSON)
    args = parser.parse_args(argv)

    current = args.package_json.read_text(encoding="utf-8")
    wanted = render(json.loads(current))
    if args.check:
        if current != wanted:
            print(
                f"{args.package_json} is stale: run `python editors/vscode/scripts/gen-settings.py`",
                file=sys.stderr,
            )
            return 1
        print(f"{args.package_json} is up to date")
        return 0
    if current != wanted:
        args.package_json.write_text(wanted, encoding="utf-8")
        print(f"updated {args.package_json}")
    else:
        print(f"{args.package_json} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
