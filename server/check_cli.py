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
from typing import TYPE_CHECKING, Any

from convex_lsp.server.check_fixing import FixingMixin, snaps_text  # noqa: F401
from convex_lsp.server.check_resolve import ResolveMixin, UsageError, _abs, _Group  # noqa: F401
from convex_lsp.server.check_parallel import _lint_parallel
from convex_lsp.server.rules_cli import run_rules  # noqa: F401 - cli.py imports it from here

if TYPE_CHECKING:  # pragma: no cover
    from convex_lsp.analysis.config_file import ConfigFile
    from convex_lsp.analysis.diagnostics import Diagnostic
    from convex_lsp.analysis.host import Analysis

FORMATS = ("text", "json", "sarif", "github", "junit")
PARALLEL_MIN_FILES = 150  # below this, forking costs more than it saves (bench/bench_check.py)
PROGRESS_AFTER = 0.5  # seconds before a progress line appears (stderr on a terminal only)
def add_check_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("paths", nargs="*", help="files or folders to check (default: the current directory)")
    c.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour in text output (auto: only on a terminal, off with NO_COLOR)")
    c.add_argument("--select", action="append", default=[], metavar="RULES", help="comma-separated rule ids, categories or ALL to enable on top of the defaults (wins over --ignore ALL/category; for only some rules: --ignore ALL --select RULES)")
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
def _version() -> str:
    try:
        from importlib.metadata import version

        return version("convex-lsp")
    except Exception:  # pragma: no cover - not installed
        return "0.0.0"


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


# -------------------------------------------------------------------------------- the command
class Check(ResolveMixin, FixingMixin):
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
        self.stdin_passthrough = b""  # the text on stdin when it is not checked (outside every project)
        self.renamed: dict[str, str] = {}  # old path → new path (file renames of --fix/--diff)
        self.progress_shown = False
        self.started = time.monotonic()

    # ---------------------------------------------------------------- arguments and settings
    def lint(self, jobs: list[tuple[_Group, str]], snaps: dict[int, "Analysis"]) -> list[list["Diagnostic"]]:
        n = self.workers(len(jobs))
        if n > 1:
            out = _lint_parallel(self, jobs, snaps, n)
            if out is not None:
                return out
        return [self._lint_one(g, p, snaps) for g, p in self._progress(jobs)]

    def _lint_one(self, g: _Group, path: str, snaps: dict[int, "Analysis"]) -> list["Diagnostic"]:
        from convex_lsp.analysis.lint import lint_file, take_failures

        out = lint_file(snaps[id(g)], path, settings=self.file_settings(g, path), with_fixes="first", syntax_errors=True)  # the output shows one fix
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
            _version() if self.args.format == "sarif" else "0.0.0",  # importlib.metadata costs 8 ms of start-up
            self.cwd,
        )
        changed = {p: snaps_text(snaps, self.groups, p) for p in original}
        changed = {p: new for p, new in changed.items() if new is not None and new != original[p]}
        if self.args.diff:
            self.emit_diff(original, changed)
        elif self.args.fix and self.stdin_path is not None:
            data = changed.get(self.stdin_path) or snaps_text(snaps, self.groups, self.stdin_path) or self.stdin_passthrough
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

    def write_output(self, out_path: str, text: str) -> None:
        try:
            with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write --output-file {out_path}: {exc.strerror}") from None

    def emit(self, report, to_stderr: bool = False) -> None:
        from convex_lsp.server.output import render

        a = self.args
        out_path = a.output_file
        stream = self.stderr if to_stderr else self.stdout
        color = False if out_path else _color(a.color, stream) if a.format == "text" else False
        text = render(a.format, report, color)
        if out_path:
            self.write_output(out_path, text)
        else:
            stream.write(text)
            stream.flush()
        if (report.fixed or (a.statistics and a.format not in ("text", "json"))) and (out_path or a.format != "text"):
            from convex_lsp.server.output.text import statistics_lines, summary_lines

            lines = statistics_lines(report) if a.statistics and a.format not in ("text", "json") else []
            lines += [x for x in summary_lines(report) if x.startswith(("Fixed ", "  "))]
            if lines:
                self.stderr.write("\n".join(lines) + "\n")



def run_check(args: argparse.Namespace) -> int:
    # A one-shot run allocates millions of small objects and frees little before it exits: the cyclic
    # collector's passes over them were 12 % of the run (bench/bench_check.py, 1,000 modules) and
    # free next to nothing (peak memory is the same without them).
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return Check(args).run()
    except UsageError as exc:
        sys.stderr.write(f"convex-lsp check: error: {exc}\n")
        return 2
    finally:
        if was_enabled:
            gc.enable()


