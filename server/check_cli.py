"""`convex-lsp check` and `convex-lsp rules/explain` (minimal until the rules engine lands)."""

from __future__ import annotations

import argparse
import os
import sys


def add_check_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("paths", nargs="*", default=["."], help="files or folders (default: .)")
    c.add_argument("--format", choices=["text", "json"], default="text")


def run_check(args: argparse.Namespace) -> int:
    from convex_lsp.server.loader import load_host

    for p in args.paths:
        if not os.path.exists(p):
            print(f"convex-lsp: error: path does not exist: {p}", file=sys.stderr)
            return 2
    host = load_host(args.paths)
    snap = host.snapshot()
    if not snap.roots:
        print("convex-lsp: error: no Convex project found under " + ", ".join(args.paths), file=sys.stderr)
        return 2
    errors = 0
    for root in snap.roots:
        for path in snap.files_in(root):
            s = snap.summary(path)
            if s is not None and s.has_errors:
                print(f"{os.path.relpath(path)}: syntax error", file=sys.stdout)
                errors += 1
    return 1 if errors else 0


def run_rules(args: argparse.Namespace) -> int:
    print("no rules yet", file=sys.stderr)
    return 0
