"""`convex-lsp check` (headless diagnostics for CI) and `convex-lsp rules` / `explain`.

Imports only the analysis core and the chosen output format: never pygls or lsprotocol.

Pipeline: resolve the paths to Convex roots (a path inside a project is checked within its root, a
folder above projects is scanned for them) → settings per root from `convex-lsp.toml` (or `--config`)
plus the command-line overrides → one analysis host per config → `lint_file` on every file to check
(in worker processes when there are many) → optional fixing passes → one `Report` → the formatter.
Exit status: 0 clean, 1 errors (or more warnings than `--max-warnings`), 2 bad usage, bad config, a
missing path, or no Convex root.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from convex_lsp.analysis.config import Settings
    from convex_lsp.analysis.config_file import ConfigFile
    from convex_lsp.analysis.diagnostics import Diagnostic
    from convex_lsp.analysis.discovery import ConvexRoot
    from convex_lsp.analysis.host import Analysis, AnalysisHost

FORMATS = ("text", "json", "sarif", "github", "junit")
MAX_FIX_PASSES = 10
PARALLEL_MIN_FILES = 150  # below this, forking costs more than it saves (bench/bench_check.py)
PROGRESS_AFTER = 0.5  # seconds before a progress line appears (stderr on a terminal only)
MARKERS = ("convex.json", "package.json", "convex.config.ts", "convex.config.js")


class UsageError(Exception):
    """Bad usage, bad paths or no Convex root: exit status 2 with this message."""


def add_check_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("paths", nargs="*", help="files or folders to check (default: the current directory)")
    c.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour in text output (auto: only on a terminal, off with NO_COLOR)")
    c.add_argument("--select", action="append", default=[], metavar="RULES", help="comma-separated rule ids, categories or ALL to enable (wins over --ignore ALL/category)")
    c.add_argument("--ignore", action="append", default=[], metavar="RULES", help="comma-separated rule ids, categories or ALL to turn off")
    c.add_argument("--severity", action="append", default=[], metavar="RULE=LEVEL", help="override a rule's severity: error, warning, info or off (repeatable)")
    c.add_argument("--config", metavar="FILE", help="use this convex-lsp.toml instead of searching for one")
    c.add_argument("--fix", action="store_true", help="apply safe fixes (repeatedly, until nothing changes)")
    c.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: also apply unsafe fixes")
    c.add_argument("--diff", action="store_true", help="print the changes fixes would make as a unified diff; change nothing")
    c.add_argument("--exit-zero", action="store_true", help="exit with 0 even when errors are found")
    c.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    c.add_argument("--stdin-filename", metavar="PATH", help="read the file's text from stdin and check it as PATH")
    c.add_argument("--max-warnings", type=int, metavar="N", help="exit with 1 when there are more than N warnings")
    c.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    c.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: automatic)")


# ------------------------------------------------------------------------------------ helpers
def _abs(path: str) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("convex-lsp")
    except Exception:  # pragma: no cover - not installed
        return "0.0.0"


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def enclosing_root(path: str, is_dir: bool) -> "ConvexRoot | None":
    """The Convex root that contains `path` (a file or folder), found by looking at the marker files of
    its parent folders (closest first). Reads only the markers."""
    from convex_lsp.analysis.discovery import find_roots
    from convex_lsp.server.loader import read_text

    probe = path + "/__probe__.ts" if is_dir else path
    markers: list[str] = []
    d = path if is_dir else os.path.dirname(path)
    while True:
        found = False
        for name in MARKERS:
            f = f"{d.rstrip('/')}/{name}"
            if os.path.isfile(f):
                markers.append(f)
                found = True
        if found:
            extra = [m.rsplit("/", 1)[0] + "/convex/__probe__.ts" for m in markers if m.endswith("/package.json") and os.path.isdir(m.rsplit("/", 1)[0] + "/convex")]
            roots = find_roots([*markers, *extra, probe], read_text)
            for r in roots:
                if r.in_functions_dir(probe) or r.contains(probe):
                    return r
        parent = os.path.dirname(d.rstrip("/")) or "/"
        if parent == d or d == "/":
            return None
        d = parent


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass
class _Group:
    """The roots that share one config file: one analysis host."""

    config_path: str | None
    config: "ConfigFile"
    settings: "Settings"
    roots: list = field(default_factory=list)
    host: "AnalysisHost | None" = None


# -------------------------------------------------------------------------------- the command
class Check:
    def __init__(self, args: argparse.Namespace, stdin: Any = None, stdout: Any = None, stderr: Any = None) -> None:
        self.args = args
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.cwd = _abs(os.getcwd())
        self.configs: dict[str, "ConfigFile"] = {}
        self.config_texts: dict[str, bytes] = {}
        self.groups: dict[str | None, _Group] = {}
        self.to_check: list[tuple[_Group, str]] = []
        self.failures: list = []
        self.stdin_path: str | None = None
        self.renamed: dict[str, str] = {}  # old path → new path (file renames of --fix/--diff)
        self.progress_shown = False
        self.started = time.monotonic()

    # ---------------------------------------------------------------- arguments and settings
    def validate(self) -> None:
        a = self.args
        from convex_lsp.analysis.config import SEVERITIES
        from convex_lsp.analysis.rules import CATEGORIES, canonical_id

        for name in _split(a.select) + _split(a.ignore):
            if name not in ("ALL", "all") and name not in CATEGORIES and canonical_id(name) is None:
                raise UsageError(self._unknown_rule(name))
        self.cli_severity: dict[str, str] = {}
        for item in a.severity:
            rule, sep, level = item.partition("=")
            rule, level = rule.strip(), level.strip()
            if not sep or not rule or level not in SEVERITIES:
                raise UsageError(f"--severity expects RULE=LEVEL with LEVEL one of {', '.join(SEVERITIES)}, got {item!r}")
            rid = canonical_id(rule)
            if rid is None:
                raise UsageError(self._unknown_rule(rule))
            self.cli_severity[rid] = level
        if a.max_warnings is not None and a.max_warnings < 0:
            raise UsageError("--max-warnings must be 0 or more")
        if a.jobs < 0:
            raise UsageError("--jobs must be 0 (automatic) or more")
        if a.fix and a.diff:
            raise UsageError("--fix and --diff cannot be combined (--diff changes nothing)")
        if a.config is not None and not os.path.isfile(a.config):
            raise UsageError(f"config file does not exist: {a.config}")

    def _unknown_rule(self, name: str) -> str:
        from convex_lsp.server.output.rules_doc import suggestions

        hint = suggestions(name)
        return f"unknown rule {name!r}" + (f" (did you mean {hint!r}?)" if hint else "") + "; `convex-lsp rules` lists them"

    def _expand(self, names: list[str]) -> tuple[set[str], set[str]]:
        """(all ids, ids named explicitly) for rule names, categories and ALL."""
        from convex_lsp.analysis.rules import CATEGORIES, RULES, canonical_id

        every, explicit = set(), set()
        for n in names:
            if n in ("ALL", "all"):
                every.update(RULES)
            elif n in CATEGORIES:
                every.update(i for i, m in RULES.items() if m.RULE.category == n)
            else:
                rid = canonical_id(n)
                if rid:
                    every.add(rid)
                    explicit.add(rid)
        return every, explicit

    def cli_layer(self, s: "Settings") -> "Settings":
        """Apply --select/--ignore/--severity on top of the file settings. A rule named explicitly
        wins over ALL or a category on the other side; named on both sides, --ignore wins."""
        sel, sel_named = self._expand(_split(self.args.select))
        ign, ign_named = self._expand(_split(self.args.ignore))
        if not (sel or ign or self.cli_severity):
            return s
        both = sel & ign
        keep = {r for r in both if r in sel_named and r not in ign_named}
        sel_final = (sel - both) | keep
        ign_final = ign - keep
        base_ign, _ = self._expand(list(s.ignore))
        ignore = tuple(sorted((base_ign - sel_final) | ign_final))
        select = tuple(dict.fromkeys([*s.select, *sorted(sel_final)]))
        sev = dict(s.severity)
        sev.update(self.cli_severity)
        return replace(s, select=select, ignore=ignore, severity=tuple(sorted(sev.items())))

    def load_config(self, path: str | None) -> "ConfigFile":
        from convex_lsp.analysis.config_file import ConfigFile, parse_config

        if path is None:
            from convex_lsp.analysis.config import Settings

            return ConfigFile(Settings())
        cfg = self.configs.get(path)
        if cfg is None:
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                raise UsageError(f"cannot read config file {path}: {exc.strerror}") from None
            self.config_texts[path] = data
            cfg = self.configs[path] = parse_config(data.decode("utf-8", "replace"))
        return cfg

    def config_path_for(self, folder: str) -> str | None:
        if self.args.config:
            return _abs(self.args.config)
        from convex_lsp.analysis.config_file import find_config

        return find_config(folder, os.path.exists)

    # ---------------------------------------------------------------------- workspace
    def resolve(self) -> None:
        """Find the roots, build one host per config, and list the files to check."""
        from convex_lsp.analysis.discovery import root_for
        from convex_lsp.server.loader import scan_workspace

        a = self.args
        stdin_path = None
        targets: list[tuple[str, bool]] = []
        if a.stdin_filename:
            stdin_path = _abs(a.stdin_filename)
            targets.append((stdin_path, False))
        else:
            for p in a.paths or ["."]:
                if not os.path.exists(p):
                    raise UsageError(f"path does not exist: {p}")
                targets.append((_abs(p), os.path.isdir(p)))
        scans: dict[str, tuple[list, dict[str, bytes]]] = {}
        wanted: list[tuple[str, str, bool]] = []  # (scan dir, target, is_dir)
        for target, is_dir in targets:
            r = enclosing_root(target, is_dir)
            scan_dir = r.root if r is not None else (target if is_dir else None)
            if scan_dir is None:
                continue
            if scan_dir not in scans:
                cfg_path = self.config_path_for(scan_dir)
                cfg = self.load_config(cfg_path)
                base = cfg_path.rsplit("/", 1)[0] if cfg_path else scan_dir
                explicit = [_abs(os.path.join(base, x)) for x in cfg.settings.roots]
                if r is not None and r.source == "explicit":  # pragma: no cover - not produced by enclosing_root
                    explicit.append(r.functions_dir)
                scans[scan_dir] = scan_workspace(scan_dir, replace(cfg.settings, roots=()), explicit)
            wanted.append((scan_dir, target, is_dir))
        all_roots: list = []
        files: dict[str, bytes] = {}
        for roots, fs in scans.values():
            for r in roots:
                if r not in all_roots:
                    all_roots.append(r)
            files.update(fs)
        if stdin_path is not None:
            files[stdin_path] = self.stdin.buffer.read() if hasattr(self.stdin, "buffer") else self.stdin.read().encode("utf-8")
        if not all_roots and stdin_path is None and all(not is_dir for _, is_dir in targets):
            # explicit files (as pre-commit passes them) none of which is in a Convex project
            self.stderr.write("convex-lsp check: none of the given files is inside a Convex project; nothing to check\n")
            return
        if not all_roots:
            where = a.stdin_filename or ", ".join(a.paths or ["."])
            raise UsageError(f"no Convex project found under {where} (looked for convex.json, a package.json depending on convex with a convex/ folder, or a convex.config.ts calling defineComponent)")
        # files to check, in a stable order
        chosen: dict[str, Any] = {}
        for scan_dir, target, is_dir in wanted:
            roots = scans[scan_dir][0]
            for p in sorted(scans[scan_dir][1]) if is_dir else [target]:
                if is_dir and not _under(p, target):
                    continue
                r = root_for(all_roots, p)
                if r is not None and r in roots and (p in files):
                    chosen.setdefault(p, r)
        # groups: one per config file
        for r in all_roots:
            cfg_path = self.config_path_for(r.root)
            cfg = self.load_config(cfg_path)
            g = self.groups.get(cfg_path)
            if g is None:
                g = self.groups[cfg_path] = _Group(cfg_path, cfg, self.cli_layer(cfg.settings))
            g.roots.append(r)
        from convex_lsp.analysis.host import AnalysisHost

        group_of_root = {id(r): g for g in self.groups.values() for r in g.roots}
        for g in self.groups.values():
            g.host = AnalysisHost(g.settings)
            g.host.set_roots(g.roots)
        for p, data in files.items():
            r = root_for(all_roots, p)
            if r is None:
                continue
            g = group_of_root[id(r)]
            assert g.host is not None
            g.host.set_file(p, data)
        from convex_lsp.analysis.discovery import SOURCE_EXTENSIONS

        for p, r in chosen.items():
            g = group_of_root[id(r)]
            if not g.settings.enable or not p.endswith(SOURCE_EXTENSIONS) or p.endswith(".d.ts"):
                continue
            self.to_check.append((g, p))
        self.stdin_path = stdin_path

    # ------------------------------------------------------------------------- linting
    def file_settings(self, g: _Group, path: str) -> "Settings | None":
        """Settings for one file when `[[overrides]]` apply to it (None: the group's settings)."""
        if not g.config.overrides or g.config_path is None:
            return None
        base = g.config_path.rsplit("/", 1)[0]
        rel = os.path.relpath(path, base).replace(os.sep, "/")
        matching = [o for o in g.config.overrides if o.matches(rel)]
        if not matching:
            return None
        from convex_lsp.analysis.config_file import apply_overrides

        return apply_overrides(g.settings, matching)  # the most specific: after the command line

    def lint(self, jobs: list[tuple[_Group, str]], snaps: dict[int, "Analysis"]) -> list[list["Diagnostic"]]:
        n = self.workers(len(jobs))
        if n > 1:
            out = _lint_parallel(self, jobs, snaps, n)
            if out is not None:
                return out
        return [self._lint_one(g, p, snaps) for g, p in self._progress(jobs)]

    def _lint_one(self, g: _Group, path: str, snaps: dict[int, "Analysis"]) -> list["Diagnostic"]:
        from convex_lsp.analysis.lint import lint_file, take_failures

        out = lint_file(snaps[id(g)], path, settings=self.file_settings(g, path))
        self.failures.extend(take_failures())
        return out

    def workers(self, n_files: int) -> int:
        if self.args.jobs:
            return self.args.jobs
        if n_files < PARALLEL_MIN_FILES or not hasattr(os, "fork"):
            return 1
        try:
            cpus = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            cpus = os.cpu_count() or 1
        return 2 if cpus >= 2 else 1

    def _progress(self, jobs):
        total = len(jobs)
        last = 0.0
        for i, job in enumerate(jobs):
            now = time.monotonic()
            if now - last > 0.1:
                self.show_progress(i, total)
                last = now
            yield job
        self.clear_progress()

    def show_progress(self, done: int, total: int) -> None:
        if not getattr(self.stderr, "isatty", lambda: False)():
            return
        if time.monotonic() - self.started < PROGRESS_AFTER and not self.progress_shown:
            return
        self.progress_shown = True
        self.stderr.write(f"\rconvex-lsp: checked {done}/{total} files")
        self.stderr.flush()

    def clear_progress(self) -> None:
        if self.progress_shown:
            self.stderr.write("\r\x1b[K")
            self.stderr.flush()
            self.progress_shown = False

    # --------------------------------------------------------------------------- fixing
    def snapshots(self) -> dict[int, "Analysis"]:
        out = {}
        for g in self.groups.values():
            assert g.host is not None
            snap = g.host.snapshot()
            for r in g.roots:  # build the models once, before any fork
                snap.project(r)
            out[id(g)] = snap
        return out

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
                        if not all(
                            (snap.text(e.path) is not None and (root.contains(e.path) or root.in_functions_dir(e.path))) or _creates(root, snap, e)
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
            relint: list[tuple[_Group, str]] = []
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
    def run(self) -> int:
        self.validate()
        self.resolve()
        diags, fixed, original, snaps = self.run_lint()
        from convex_lsp.server.output import CONFIG_RULE, Finding, Report, finding, relpath
        from convex_lsp.server.output import rules_doc
        from convex_lsp.server.output.rules_doc import rule_meta, rule_url

        findings: list[Finding] = []
        base_url = next(iter(self.groups.values())).settings.docs_base_url if self.groups else rules_doc.default_base_url()
        for g, p in self.to_check:
            snap = snaps[id(g)]
            url_base = g.settings.docs_base_url
            for d in diags.get(p, []):
                findings.append(finding(d, snap, self.cwd, rule_url(d.rule, url_base)))
        config_bad = False
        for path, cfg in sorted(self.configs.items()):
            if not cfg.problems:
                continue
            config_bad = True
            lines = self.config_texts.get(path, b"").decode("utf-8", "replace").splitlines()
            for prob in cfg.problems:
                src = lines[prob.line - 1] if 0 < prob.line <= len(lines) else ""
                end = len(src) + 1 if prob.column == 1 else prob.column + 1
                findings.append(Finding(relpath(path, self.cwd), prob.line, prob.column, prob.line, max(end, prob.column + 1), CONFIG_RULE, "error", prob.message, rule_url(CONFIG_RULE, base_url), None, src))
        for f in self.failures:
            self.stderr.write(f"convex-lsp: internal error: rule {f.rule} failed on {relpath(f.path, self.cwd)}: {f.error}\n")
        findings.sort(key=Finding.sort_key)
        report = Report(
            findings,
            len(self.to_check),
            rule_meta(base_url) if self.args.format == "sarif" else [],
            {relpath(p, self.cwd): n for p, n in sorted(fixed.items())} if self.args.fix else {},
            self.args.statistics,
            self.args.unsafe_fixes,
            _version(),
            self.cwd,
        )
        changed = {p: snaps_text(snaps, self.groups, p) for p in original}
        changed = {p: new for p, new in changed.items() if new is not None and new != original[p]}
        if self.args.diff:
            self.emit_diff(original, changed)
        elif self.args.fix and self.stdin_path is not None:
            data = changed.get(self.stdin_path) or snaps_text(snaps, self.groups, self.stdin_path) or b""
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(data.decode("utf-8", "replace"))
            self.stdout.flush()
            self.emit(report, to_stderr=True)
        else:
            if self.args.fix:
                self.write_fixes(changed)
            self.emit(report)
        if config_bad:
            return 2
        if self.args.diff:
            return 0 if self.args.exit_zero or not (changed or self.renamed) else 1
        if self.args.exit_zero:
            return 0
        if report.errors:
            return 1
        if self.args.max_warnings is not None and report.warnings > self.args.max_warnings:
            self.stderr.write(f"convex-lsp: {report.warnings} warnings (more than --max-warnings {self.args.max_warnings})\n")
            return 1
        return 0

    def emit(self, report, to_stderr: bool = False) -> None:
        from convex_lsp.server.output import render

        a = self.args
        out_path = a.output_file
        stream = self.stderr if to_stderr else self.stdout
        color = False if out_path else _color(a.color, stream) if a.format == "text" else False
        text = render(a.format, report, color)
        if out_path:
            with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        else:
            stream.write(text)
            stream.flush()
        if (report.fixed or (a.statistics and a.format not in ("text", "json"))) and (out_path or a.format != "text"):
            from convex_lsp.server.output.text import statistics_lines, summary_lines

            lines = statistics_lines(report) if a.statistics and a.format not in ("text", "json") else []
            lines += [x for x in summary_lines(report) if x.startswith(("Fixed ", "  "))]
            if lines:
                self.stderr.write("\n".join(lines) + "\n")

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
            a = original[p].decode("utf-8", "replace").splitlines(keepends=True)
            b = changed[p].decode("utf-8", "replace").splitlines(keepends=True)
            for line in difflib.unified_diff(a, b, f"a/{before}", f"b/{rel}"):
                out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
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
        for p, data in sorted(changed.items()):
            if p == self.stdin_path:
                continue
            try:
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


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end or (start == end == s) for s, e in spans)


# ------------------------------------------------------------------------- parallel linting
_STATE: tuple[Check, list, dict] | None = None


def _worker(chunk: list[int]) -> tuple[list[tuple[int, list]], list]:
    assert _STATE is not None
    check, jobs, snaps = _STATE
    out = []
    for i in chunk:
        g, p = jobs[i]
        out.append((i, check._lint_one(g, p, snaps)))
    fails, check.failures = check.failures, []
    return out, fails


def _lint_parallel(check: Check, jobs: list, snaps: dict, n: int) -> list[list] | None:
    """Lint in `n` forked processes that inherit the parsed files and the built models. None when
    processes are unavailable (the caller then lints in this process)."""
    global _STATE
    try:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
    except (ImportError, ValueError):  # pragma: no cover - no fork on this platform
        return None
    size = max(8, min(64, len(jobs) // (n * 8) or 1))
    chunks = [list(range(i, min(i + size, len(jobs)))) for i in range(0, len(jobs), size)]
    results: list[list | None] = [None] * len(jobs)
    _STATE = (check, jobs, snaps)
    try:
        with ctx.Pool(n) as pool:
            done = 0
            for out, fails in pool.imap_unordered(_worker, chunks):
                for i, ds in out:
                    results[i] = ds
                check.failures.extend(fails)
                done += len(out)
                check.show_progress(done, len(jobs))
    except OSError:  # pragma: no cover - cannot fork (limits)
        return None
    finally:
        _STATE = None
        check.clear_progress()
    return [r if r is not None else [] for r in results]


def run_check(args: argparse.Namespace) -> int:
    try:
        return Check(args).run()
    except UsageError as exc:
        sys.stderr.write(f"convex-lsp check: error: {exc}\n")
        return 2


# ---------------------------------------------------------------------------- rules / explain
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
