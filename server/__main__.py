"""`python -m convex_lsp.server [--stdio] [--tcp HOST:PORT]`: run the language server."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m convex_lsp.server", description="Convex language server")
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default; accepted for LSP clients)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead of stdio")
    # Clients append their own flags (e.g. --clientProcessId=123): ignore what we do not know.
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"convex-lsp: ignoring arguments {unknown}", file=sys.stderr)
    from .app import run_server

    run_server(tcp=args.tcp)


if __name__ == "__main__":
    main()
