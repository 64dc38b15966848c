"""Relative import specifiers that point at a file, for fixes that rename the file.

`import … from "./messages.helpers"`, `export … from "./messages.helpers.js"`, `import m =
require("./x")`, `import("./x")` and `require("./x")` in any file of the root (type-only imports
included, and specifiers through tsconfig `paths` aliases) are rewritten so that they point at the
new name, in the style they were written (with or without an extension).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..diagnostics import Edit
from ..specifiers import RESOLVE_EXTS
from ..syntax import string_value
from ..text import TextRange
from ._edit import ctx_for

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from ..rules.base import RuleContext

def _specifiers(ctx: "RuleContext") -> list["Node"]:
    """The string nodes of every module specifier in a file: import/export statements,
    `import x = require("…")`, `require("…")` and `import("…")` calls."""
    out = []
    for stmt in ctx.root.named_children:
        if stmt.type in ("import_statement", "export_statement"):
            src = stmt.child_by_field_name("source")
            if src is None:  # import m = require("./x")
                clause = next((c for c in stmt.named_children if c.type == "import_require_clause"), None)
                src = next((c for c in clause.named_children if c.type == "string"), None) if clause is not None else None
            if src is not None and src.type == "string":
                out.append(src)
    for call in ctx.walk(ctx.root, {"call_expression"}):
        f = call.child_by_field_name("function")
        if f is None or not (f.type == "import" or (f.type == "identifier" and ctx.data[f.start_byte : f.end_byte] == b"require")):
            continue
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if first is not None and first.type == "string":
            out.append(first)
    return out


def _respell(spec: str, old_path: str, new_path: str) -> str | None:
    """`spec` with its last segment renamed from old_path's name to new_path's (same extension style)."""
    head, last = spec.rsplit("/", 1) if "/" in spec else ("", spec)
    old_base, new_base = posixpath.basename(old_path), posixpath.basename(new_path)
    old_stem, new_stem = posixpath.splitext(old_base)[0], posixpath.splitext(new_base)[0]
    if last == old_stem:
        renamed = new_stem
    elif last.startswith(old_stem + ".") and last[len(old_stem) :] in RESOLVE_EXTS:
        renamed = new_stem + last[len(old_stem) :]
    else:
        return None  # "./folder" resolving to folder/index.ts: the file's name is not in the specifier
    return f"{head}/{renamed}" if "/" in spec else renamed


def import_rename_edits(ctx: "RuleContext", old_path: str, new_path: str) -> list[Edit] | None:
    """Edits that make every relative import of `old_path` in the root point at `new_path`;
    None when one of them cannot be rewritten (the fix is then not offered)."""
    stem = posixpath.splitext(posixpath.basename(old_path))[0].encode()
    files = set(ctx.snap.files_in(ctx.project.root))
    out: list[Edit] = []
    for path in sorted(files):
        data = ctx.snap.text(path)
        if path == old_path or data is None or stem not in data:
            continue
        fctx = ctx_for(ctx, path)
        if fctx is None:
            continue
        for node in _specifiers(fctx):
            spec = string_value(node, data)
            if not spec or ctx.project.resolve(path, spec) != old_path:
                continue  # (aliased specifiers such as `@/convex/x` count: their last segment is renamed too)
            new_spec = _respell(spec, old_path, new_path)
            if new_spec is None:
                return None
            out.append(Edit(path, TextRange(node.start_byte + 1, node.end_byte - 1), new_spec))
    return out
