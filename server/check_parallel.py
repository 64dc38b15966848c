"""`convex-lsp check` on two cores: forked worker processes lint chunks of the files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from convex_lsp.analysis.diagnostics import Diagnostic


_STATE: tuple[Any, list, dict] | None = None


def _worker(chunk: list[int]) -> tuple[list[tuple[int, list]], list]:
    assert _STATE is not None
    check, jobs, snaps = _STATE
    out = []
    for i in chunk:
        g, p = jobs[i]
        out.append((i, [_encode(d) for d in check._lint_one(g, p, snaps)]))
    fails, check.failures = check.failures, []
    return out, fails


# Results cross the process boundary as tuples of str/int: pickling slotted dataclasses goes through
# __reduce_ex__ per object and cost more than a third of the parallel gain. Only the first fix of a
# diagnostic is kept: it is the one every output format prints and `--fix` applies.
def _encode(d: "Diagnostic") -> tuple:
    fix = d.fixes[0] if d.fixes else None
    f = None
    if fix is not None:
        f = (fix.title, fix.applicability, fix.kind, tuple((e.path, e.range.start, e.range.end, e.new_text, e.snippet, e.rename_to) for e in fix.edits))
    related = tuple((p, r.start, r.end, m) for p, r, m in d.related)
    return (d.path, d.range.start, d.range.end, d.rule, d.message, d.severity, f, d.tags, related)


def _decode(t: tuple) -> "Diagnostic":
    from convex_lsp.analysis.diagnostics import Diagnostic, Edit, Fix
    from convex_lsp.analysis.text import TextRange

    path, start, end, rule, message, severity, f, tags, related = t
    fixes: tuple = ()
    if f is not None:
        title, app, kind, edits = f
        fixes = (Fix(title, app, tuple(Edit(p, TextRange(s, e), text, snip, to) for p, s, e, text, snip, to in edits), kind),)
    rel = tuple((p, TextRange(s, e), m) for p, s, e, m in related)
    return Diagnostic(path, TextRange(start, end), rule, message, severity, fixes, tags, rel)


def _lint_parallel(check: Any, jobs: list, snaps: dict, n: int) -> list[list] | None:
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
                    results[i] = [_decode(t) for t in ds]
                check.failures.extend(fails)
                done += len(out)
                check.show_progress(done, len(jobs))
    except OSError:  # pragma: no cover - cannot fork (limits)
        return None
    finally:
        _STATE = None
        check.clear_progress()
    return [r if r is not None else [] for r in results]


