"""`convex-lsp check`: linting the files of every group, then the `--fix` / `--diff` passes
(fixes applied whole, iterated until stable; files created or renamed only inside the Convex root)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from convex_lsp.analysis.diagnostics import Diagnostic
    from convex_lsp.analysis.host import Analysis


MAX_FIX_PASSES = 10


class FixingMixin:
    """The lint-and-fix half of `Check` (see check_cli.py for the command itself)."""

    def run_lint(self) -> tuple[dict[str, list["Diagnostic"]], dict[str, int], dict[str, bytes], dict[int, "Analysis"]]:
        """Lint every file; with --fix/--diff apply fixes until stable. Returns (diagnostics per file,
        fixes applied per file, original bytes of changed files, final snapshots)."""
        snaps = self.snapshots()
        diags = dict(zip((p for _, p in self.to_check), self.lint(self.to_check, snaps)))
        fixed: dict[str, int] = {}
        original: dict[str, bytes] = {}
        if not (self.args.fix or self.args.diff):
            return diags, fixed, original, snaps
        apps = {"safe", "unsafe"} if self.args.unsafe_fixes else {"safe"}
        group_of = {p: g for g, p in self.to_check}
        for _ in range(MAX_FIX_PASSES):
            changed_any = False
            keys_before = {id(g): {r.functions_dir: snaps[id(g)].model_key(r.functions_dir + "/x.ts") for r in g.roots} for g in self.groups.values()}
            touched: set[str] = set()
            for g in self.groups.values():
                snap = snaps[id(g)]
                edits_by_file: dict[str, list] = {}
                taken: dict[str, list[tuple[int, int]]] = {}
                renames: dict[str, str] = {}
                for path in sorted(p for p in diags if group_of[p] is g):
                    root = snap.root_for(path)
                    for d in diags[path]:
                        fix = d.fix
                        if fix is None or fix.applicability not in apps or not fix.edits:
                            continue
                        if any(e.snippet for e in fix.edits) or root is None:
                            continue
                        if self.stdin_path is not None and any(e.path != self.stdin_path or e.rename_to is not None for e in fix.edits):
                            continue  # with --stdin-filename only the text on stdin is written back
                        if not all(
                            ((snap.text(e.path) is not None and (root.contains(e.path) or root.in_functions_dir(e.path))) or _creates(root, snap, e))
                            and (e.path == self.stdin_path or _really_inside(root.root, e.path))
                            for e in fix.edits
                        ):
                            continue  # never write outside the Convex root (or to files we did not read)
                        moves = [e for e in fix.edits if e.rename_to is not None]
                        if moves and not all(self._may_rename(root, snap, e, renames) for e in moves):
                            continue
                        spans = [(e.path, e.range.start, e.range.end) for e in fix.edits]
                        if any(_overlaps(taken.get(fp, []), s, e) for fp, s, e in spans):
                            continue
                        for e in fix.edits:
                            if e.rename_to is not None:
                                renames[e.path] = e.rename_to
                                continue
                            taken.setdefault(e.path, []).append((e.range.start, e.range.end))
                            edits_by_file.setdefault(e.path, []).append(e)
                        fixed[path] = fixed.get(path, 0) + 1
                from convex_lsp.analysis.diagnostics import apply_edits

                assert g.host is not None
                for fp, edits in edits_by_file.items():
                    old = snap.text(fp)
                    if old is None:  # a file the fix creates (`_creates`)
                        old = b""
                    new = apply_edits(old, edits)
                    if new != old:
                        original.setdefault(fp, old)
                        g.host.set_file(fp, new)
                        touched.add(fp)
                        changed_any = True
                for old_p, new_p in renames.items():
                    data = g.host.snapshot().text(old_p)
                    if data is None:
                        continue
                    first = next((k for k, v in self.renamed.items() if v == old_p), old_p)
                    self.renamed[first] = new_p
                    self.renamed.pop(old_p, None) if first != old_p else None
                    original.setdefault(new_p, original.pop(old_p, snap.text(old_p) or b""))
                    g.host.remove_file(old_p)
                    g.host.set_file(new_p, data)
                    touched.discard(old_p)
                    touched.add(new_p)
                    changed_any = True
                    self.to_check = [(gg, new_p if pp == old_p else pp) for gg, pp in self.to_check]
                    group_of[new_p] = group_of.pop(old_p, g)
                    if old_p in diags:
                        diags[new_p] = diags.pop(old_p)
                    if old_p in fixed:
                        fixed[new_p] = fixed.pop(old_p)
            if not changed_any:
                break
            snaps = self.snapshots()
            relint: list[tuple[Any, str]] = []
            for g, p in self.to_check:
                snap = snaps[id(g)]
                r = snap.root_for(p)
                model_changed = r is not None and snap.model_key(r.functions_dir + "/x.ts") != keys_before[id(g)].get(r.functions_dir)
                if p in touched or model_changed:
                    relint.append((g, p))
            for (g, p), ds in zip(relint, self.lint(relint, snaps)):
                diags[p] = ds
        return diags, fixed, original, snaps

    def _may_rename(self, root: Any, snap: "Analysis", e: Any, taken: dict[str, str]) -> bool:
        """A file rename inside the functions directory, onto a name nothing holds."""
        new = e.rename_to
        return (
            e.path != self.stdin_path
            and snap.text(e.path) is not None
            and root.in_functions_dir(e.path)
            and root.in_functions_dir(new)
            and snap.text(new) is None
            and not os.path.exists(new)
            and os.path.isdir(os.path.dirname(new))
            and e.path not in taken
            and new not in taken.values()
        )

    # ----------------------------------------------------------------------------- main
    def emit_diff(self, original: dict[str, bytes], changed: dict[str, bytes]) -> None:
        import difflib

        from convex_lsp.server.output import relpath

        out: list[str] = []
        old_of = {new: old for old, new in self.renamed.items()}
        for old, new in sorted(self.renamed.items()):
            if new not in changed:
                out.append(f"rename {relpath(old, self.cwd)} => {relpath(new, self.cwd)}\n")
        for p in sorted(changed):
            rel = relpath(p, self.cwd)
            before = relpath(old_of[p], self.cwd) if p in old_of else rel
            if p in old_of:
                out.append(f"rename {before} => {rel}\n")
            bom = b"\xef\xbb\xbf" if _has_bom(old_of.get(p, p)) else b""  # as on disk, so the patch applies
            a = (bom + original[p]).decode("utf-8", "replace").splitlines(keepends=True)
            b = (bom + changed[p]).decode("utf-8", "replace").splitlines(keepends=True)
            for line in difflib.unified_diff(a, b, f"a/{before}", f"b/{rel}"):
                out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
        if self.args.output_file:
            self.write_output(self.args.output_file, "".join(out))
        else:
            self.stdout.write("".join(out))
            self.stdout.flush()
        n = len(set(changed) | set(self.renamed.values()))
        self.stderr.write(f"Would change {n} file{'s' if n != 1 else ''}.\n" if n else "No fixes available.\n")

    def write_fixes(self, changed: dict[str, bytes]) -> None:
        for old, new in sorted(self.renamed.items()):
            try:
                if os.path.exists(new):
                    self.stderr.write(f"convex-lsp: not renaming {old}: {new} exists\n")
                    changed.pop(new, None)
                    continue
                os.rename(old, new)
            except OSError as exc:
                self.stderr.write(f"convex-lsp: cannot rename {old}: {exc.strerror}\n")
                changed.pop(new, None)
        from convex_lsp.server.loader import UTF8_BOM

        for p, data in sorted(changed.items()):
            if p == self.stdin_path:
                continue
            try:
                if _has_bom(p) and not data.startswith(UTF8_BOM):
                    data = UTF8_BOM + data  # read without it (loader.read_bytes): keep the file's own
                with open(p, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                self.stderr.write(f"convex-lsp: cannot write {p}: {exc.strerror}\n")




def snaps_text(snaps: dict[int, "Analysis"], groups: dict, path: str) -> bytes | None:
    for g in groups.values():
        data = snaps[id(g)].text(path)
        if data is not None:
            return data
    return None


def _creates(root: Any, snap: "Analysis", e: Any) -> bool:
    """The edit creates a new file inside the functions directory (an insertion at 0 into a path
    that neither the snapshot nor the disk holds)."""
    return (
        snap.text(e.path) is None
        and e.range.start == e.range.end == 0
        and root.in_functions_dir(e.path)
        and os.path.isdir(os.path.dirname(e.path))
        and not os.path.exists(e.path)
    )


def _has_bom(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(3) == b"\xef\xbb\xbf"
    except OSError:
        return False


def _really_inside(root_dir: str, path: str) -> bool:
    """`path` (or, for a file to create, its folder) is inside `root_dir` once symbolic links are
    resolved: a link in the project to a file elsewhere is read, never written through."""
    target = path if os.path.lexists(path) else os.path.dirname(path)
    real_root = os.path.realpath(root_dir)
    real = os.path.realpath(target)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end or (start == end == s) for s, e in spans)


