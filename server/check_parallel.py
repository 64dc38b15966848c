"""`convex-lsp check` on two cores: forked worker processes lint chunks of the files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    pass


_STATE: tuple[Any, list, dict] | None = None


def _worker(chunk: list[int]) -> tuple[list[tuple[int, list]], list]:
    assert _STATE is not None
    check, jobs, snaps = _STATE
    out = []
    for i in chunk:
        g, p = jobs[i]
        out.append((i, check._lint_one(g, p, snaps)))
    fails, check.failures = check.failures, []
    return out, fails


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


