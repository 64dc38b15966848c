"""Relative import specifiers that point at a file, for fixes that rename the file.

`import … from "./messages.helpers"`, `export … from "./messages.helpers.js"`, `import("./x")` and
`require("./x")` in any file of the root (type-only imports included) are rewritten so that they
point at the new name, in the style they were written (with or without an extension).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..diagnostics import Edit
from ..resolver import resolve_import
from ..syntax import string_value
from ..text import TextRange
from ._edit import ctx_for

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from ..rules.base import RuleContext

_JS_EXTS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")


def _specifiers(root: "Node", data: bytes) -> list["Node"]:
    """The string nodes of every module specifier in a file (statements, dynamic import, require)."""
    out = []
    for stmt in root.named_children:
        if stmt.type in ("import_statement", "export_statement"):
            src = stmt.child_by_field_name("source")
            if src is not None and src.type == "string":
                out.append(src)
    for needle in (b"import(", b"require("):
        at = data.find(needle)
        while at >= 0:
            call = root.descendant_for_byte_range(at, at + len(needle) - 1)
            while call is not None and call.type != "call_expression":
                call = call.parent
            args = call.child_by_field_name("arguments") if call is not None else None
            first = args.named_children[0] if args is not None and args.named_children else None
            if first is not None and first.type == "string" and call.start_byte == at:
                out.append(first)
            at = data.find(needle, at + len(needle))
    return out


def _respell(spec: str, old_path: str, new_path: str) -> str | None:
    """`spec` with its last segment renamed from old_path's name to new_path's (same extension style)."""
    head, last = spec.rsplit("/", 1) if "/" in spec else ("", spec)
    old_base, new_base = posixpath.basename(old_path), posixpath.basename(new_path)
    old_stem, new_stem = posixpath.splitext(old_base)[0], posixpath.splitext(new_base)[0]
    if last == old_stem:
        renamed = new_stem
    elif last.startswith(old_stem + ".") and last[len(old_stem) :] in _JS_EXTS:
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
        for node in _specifiers(fctx.root, data):
            spec = string_value(node, data)
            if not spec or not spec.startswith(".") or resolve_import(path, spec, files) != old_path:
                continue
            new_spec = _respell(spec, old_path, new_path)
            if new_spec is None:
                return None
            out.append(Edit(path, TextRange(node.start_byte + 1, node.end_byte - 1), new_spec))
    return out
