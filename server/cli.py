"""`convex-lsp`: one entry point. Subcommands import only what they use (no pygls for `check`)."""

from __future__ import annotations

import argparse
import json
import os
import sys


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="convex-lsp", description="Language server and linter for Convex backends.")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("serve", help="run the language server (stdio by default)")
    s.add_argument("--stdio", action="store_true", help="use stdio (the default; accepted for VS Code)")
    s.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")

    m = sub.add_parser("model", help="print the project model (what the server believes)")
    m.add_argument("path", nargs="?", default=".", help="workspace folder or functions dir (default: .)")
    m.add_argument("--format", choices=["json"], default="json")
    m.add_argument("--root", action="append", default=[], help="treat this directory as a functions dir")

    from convex_lsp.server.check_cli import add_check_arguments  # light: argparse only

    c = sub.add_parser("check", help="report diagnostics (for CI)")
    add_check_arguments(c)

    r = sub.add_parser("rules", help="list all rules")
    r.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    r.add_argument("--output", help="with --format markdown: the docs/rules directory to write")
    e = sub.add_parser("explain", help="show a rule's documentation")
    e.add_argument("rule")
    return p


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("convex-lsp")
    except Exception:  # pragma: no cover - not installed
        return "0.0.0"


def cmd_model(args: argparse.Namespace) -> int:
    from convex_lsp.analysis.model_json import model_json
    from convex_lsp.server.loader import load_host, to_posix

    path = args.path
    if not os.path.exists(path):
        print(f"convex-lsp: error: path does not exist: {path}", file=sys.stderr)
        return 2
    host = load_host([path], explicit=args.root)
    snap = host.snapshot()
    if not snap.roots:
        print(f"convex-lsp: error: no Convex project found under {path}", file=sys.stderr)
        return 2
    models = [snap.project(r) for r in snap.roots]
    base = to_posix(os.getcwd())
    json.dump(model_json(models, base, snap), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"convex-lsp {_version()}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "serve":
            from convex_lsp.server.app import run_server

            run_server(tcp=args.tcp)
            return 0
        if args.command == "model":
            return cmd_model(args)
        if args.command == "check":
            from convex_lsp.server.check_cli import run_check

            return run_check(args)
        if args.command in ("rules", "explain"):
            from convex_lsp.server.check_cli import run_rules

            return run_rules(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
