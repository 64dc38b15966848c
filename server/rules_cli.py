"""`convex-lsp rules` and `convex-lsp explain RULE`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass


def run_rules(args: argparse.Namespace) -> int:
    from convex_lsp.server.output import rules_doc

    if args.command == "explain":
        text = rules_doc.explain(args.rule)
        if text is None:
            hint = rules_doc.suggestions(args.rule)
            sys.stderr.write(f"convex-lsp explain: error: unknown rule {args.rule!r}" + (f" (did you mean {hint!r}?)" if hint else "") + "\n")
            return 2
        sys.stdout.write(text)
        return 0
    fmt = getattr(args, "format", "text")
    output = getattr(args, "output", None)
    if output and fmt != "markdown":
        sys.stderr.write("convex-lsp rules: error: --output needs --format markdown\n")
        return 2
    if fmt == "json":
        sys.stdout.write(rules_doc.render_json(rules_doc.default_base_url()))
    elif fmt == "markdown":
        if output:
            written, removed = rules_doc.write_markdown(output)
            for p in written:
                sys.stderr.write(f"wrote {p}\n")
            for p in removed:
                sys.stderr.write(f"removed {p}\n")
            if not written and not removed:
                sys.stderr.write(f"{output} is up to date\n")
        else:
            sys.stdout.write(rules_doc.render_index())
    else:
        sys.stdout.write(rules_doc.render_text())
    return 0
