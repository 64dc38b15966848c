"""Move a query/mutation out of a `"use node"` file (no-query-mutation-in-node), and rewrite the
`api.`/`internal.` references that follow a module path (shared with the file-rename fix).

The moved registration statement goes to a sibling `<stem>Queries.ts` (created by an edit at
(0, 0) of a path the snapshot does not hold, or appended to at its end), with the node file's
imports whose bindings the moved text uses.
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import TYPE_CHECKING

from ..diagnostics import Edit, Fix
from ..text import TextRange
from ._edit import make_fix

if TYPE_CHECKING:  # pragma: no cover
    from ..rules.base import Registration, RuleContext

_NODE_BUILTINS = frozenset(
    "assert buffer child_process cluster crypto dgram dns events fs http http2 https net os path perf_hooks "
    "process querystring readline stream string_decoder timers tls tty url util v8 vm worker_threads zlib".split()
)


def api_ref(root: str, module: str, name: str) -> str:
    return ".".join([root, *module.split("/"), name])


def module_ref_edits(ctx: "RuleContext", old_module: str, new_module: str, names: set[str]) -> list[Edit] | None:
    """Edits rewriting every `api|internal.<old_module>.<name>` reference (name in `names`) of the
    root to `<new_module>`; None when a reference is written in a way we cannot rewrite."""
    out: list[Edit] = []
    wanted = {api_ref(r, old_module, n): (r, n) for r in ("api", "internal") for n in names}
    for path in ctx.snap.files_in(ctx.project.root):
        if "/_generated/" in path:
            continue
        summary = ctx.snap.summary(path)
        uses = [u for u in (summary.uses if summary is not None else ()) if u.kind == "function" and u.name in wanted]
        if not uses:
            continue
        data = ctx.snap.text(path) or b""
        for u in uses:
            root, name = wanted[u.name]
            text = data[u.range.start : u.range.end].decode("utf-8", "replace")
            if not text.startswith(root) or not re.search(re.escape(name) + r"""["'\]\s]*$""", text):
                return None
            out.append(Edit(path, u.range, api_ref(root, new_module, name)))
    return out


def _line_span(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Extend [start, end) to whole lines, plus one following blank line."""
    s = data.rfind(b"\n", 0, start) + 1
    if data[s:start].strip():
        s = start
    e = data.find(b"\n", end)
    e = len(data) if e < 0 else e + 1
    if data[end : e].strip():
        e = end
    m = re.match(rb"[ \t]*\r?\n", data[e:])
    if m:
        e += m.end()
    elif e >= len(data.rstrip()) and s == data.rfind(b"\n", 0, start) + 1:
        # the last statement: drop the blank line before it instead
        b = re.search(rb"\n[ \t]*\r?\n$", data[:s])
        if b:
            s = b.start() + 1
    return s, e


def _imports(ctx: "RuleContext") -> list[tuple[object, str, str, list[tuple[str, str]], str | None, str | None]]:
    """(node, source, type prefix, named specifiers [(text, local)], default local, namespace local)."""
    out = []
    for st in ctx.root.named_children:
        if st.type != "import_statement":
            continue
        src_node = st.child_by_field_name("source")
        if src_node is None:
            continue
        source = ctx.data[src_node.start_byte + 1 : src_node.end_byte - 1].decode("utf-8", "replace")
        text = ctx.data[st.start_byte : st.end_byte].decode("utf-8", "replace")
        type_only = "type " if re.match(r"import\s+type\s", text) else ""
        named: list[tuple[str, str]] = []
        default = namespace = None
        clause = next((c for c in st.named_children if c.type == "import_clause"), None)
        if clause is None:
            continue  # side-effect import: not needed by the moved text
        for c in clause.named_children:
            if c.type == "identifier":
                default = ctx.data[c.start_byte : c.end_byte].decode()
            elif c.type == "namespace_import":
                ids = [x for x in c.named_children if x.type == "identifier"]
                if ids:
                    namespace = ctx.data[ids[-1].start_byte : ids[-1].end_byte].decode()
            elif c.type == "named_imports":
                for spec in c.named_children:
                    if spec.type != "import_specifier":
                        continue
                    alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                    if alias is None:
                        continue
                    named.append((ctx.data[spec.start_byte : spec.end_byte].decode(), ctx.data[alias.start_byte : alias.end_byte].decode()))
        out.append((st, source, type_only, named, default, namespace))
    return out


def _uses(text: str, name: str) -> bool:
    return re.search(r"(?<![\w$.])" + re.escape(name) + r"(?![\w$])", text) is not None


def _top_level_names(ctx: "RuleContext", skip: object) -> set[str]:
    names: set[str] = set()
    for st in ctx.root.named_children:
        if st == skip or st.type == "import_statement":
            continue
        node = st
        if st.type == "export_statement":
            node = st.child_by_field_name("declaration") or st
        if node.type in ("lexical_declaration", "variable_declaration"):
            for d in node.named_children:
                n = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if n is not None and n.type == "identifier":
                    names.add(ctx.data[n.start_byte : n.end_byte].decode())
        elif node.type in ("function_declaration", "class_declaration", "type_alias_declaration", "interface_declaration", "enum_declaration"):
            n = node.child_by_field_name("name")
            if n is not None:
                names.add(ctx.data[n.start_byte : n.end_byte].decode())
    return names


def target_path(path: str) -> str:
    d, base = posixpath.split(path)
    return posixpath.join(d, base.split(".", 1)[0] + "Queries.ts")


def move_to_queries_fix(ctx: "RuleContext", reg: "Registration") -> Fix | None:
    info = ctx.module
    stmt = reg.statement
    if info is None or not reg.exported or reg.name == "default" or stmt.parent != ctx.root:
        return None
    target = target_path(ctx.path)
    if target == ctx.path:
        return None
    data = ctx.data
    start, end = _line_span(data, stmt.start_byte, stmt.end_byte)
    moved = data[stmt.start_byte : stmt.end_byte].decode("utf-8", "replace")
    if _top_level_names(ctx, stmt) & {n for n in re.findall(r"[A-Za-z_$][\w$]*", moved)}:
        return None  # it uses a helper of the node file: moving it alone would break it
    target_data = ctx.snap.text(target)
    if target_data is None and os.path.exists(target):
        return None
    target_text = target_data.decode("utf-8", "replace") if target_data is not None else ""
    tmodule = posixpath.splitext(target)[0]
    rel_module = posixpath.join(posixpath.dirname(info.module), posixpath.basename(tmodule)) if "/" in info.module else posixpath.basename(tmodule)
    tiface = ctx.project.interfaces.get(target) if hasattr(ctx.project, "interfaces") else None
    if tiface is not None and reg.name in getattr(tiface, "exports", ()):
        return None
    if target_data is not None and re.search(r"(?m)^\s*[\"']use node[\"']", target_text):
        return None
    import_lines: list[str] = []
    merged: list[Edit] = []  # named specifiers added to an import of the same source in the target
    for _st, source, type_only, named, default, namespace in _imports(ctx):
        keep_named = [s for s, local in named if _uses(moved, local) and not _uses_import(target_text, local)]
        keep_default = default if default and _uses(moved, default) and not _uses_import(target_text, default) else None
        keep_ns = namespace if namespace and _uses(moved, namespace) and not _uses_import(target_text, namespace) else None
        if not (keep_named or keep_default or keep_ns):
            continue
        if source.startswith("node:") or source.split("/")[0] in _NODE_BUILTINS:
            return None  # the moved code needs Node.js: it cannot leave the node runtime
        if target_data is not None and keep_named and not (keep_default or keep_ns or type_only):
            m = re.search(r"import\s*\{([^}]*?)\s*,?\s*\}\s*from\s*[\"']" + re.escape(source) + r"[\"']", target_text)
            if m and m.group(1).strip():
                at = len(target_text[: m.end(1)].encode("utf-8"))
                merged.append(Edit(target, TextRange(at, at), ", " + ", ".join(keep_named)))
                continue
        parts = []
        if keep_default:
            parts.append(keep_default)
        if keep_ns:
            parts.append(f"* as {keep_ns}")
        if keep_named:
            parts.append("{ " + ", ".join(keep_named) + " }")
        import_lines.append(f'import {type_only}{", ".join(parts)} from "{source}";\n')
    refs = module_ref_edits(ctx, info.module, rel_module, {reg.name})
    if refs is None:
        return None
    edits: list[Edit] = [Edit(ctx.path, TextRange(start, end), "")]
    if target_data is None:
        body = "".join(import_lines) + ("\n" if import_lines else "") + moved + "\n"
        edits.append(Edit(target, TextRange(0, 0), body))
    else:
        if import_lines:
            last = _last_import_end(target_data)
            prefix = "" if last == 0 or target_data[:last].endswith(b"\n") else "\n"
            edits.append(Edit(target, TextRange(last, last), prefix + "".join(import_lines)))
        edits.extend(merged)
        end_t = len(target_data)
        sep = "" if end_t == 0 else ("\n" if target_data.endswith(b"\n") else "\n\n")
        edits.append(Edit(target, TextRange(end_t, end_t), sep + moved + "\n"))
    edits.extend(refs)
    title = f"Move '{reg.name}' to {posixpath.basename(target)}"
    return make_fix(ctx, title, edits, "unsafe")


def _uses_import(text: str, local: str) -> bool:
    """`local` is already imported by `text`."""
    for m in re.finditer(r"(?ms)^\s*import\s+(.*?)\s+from\s+[\"'][^\"']*[\"']", text):
        if _uses(m.group(1), local):
            return True
    return False


def _last_import_end(data: bytes) -> int:
    end = 0
    for m in re.finditer(rb"(?ms)^import\s[^;]*?from\s+[\"'][^\"']*[\"'];?[ \t]*\r?\n?", data):
        end = m.end()
    return end
