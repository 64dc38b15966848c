"""Shared helpers for handlers: never let an exception escape to pygls."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

from pygls.exceptions import JsonRpcException

log = logging.getLogger("convex_lsp.server")


def guarded(default: Callable[[], Any] = lambda: None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Log any exception of the handler to stderr and answer `default()` instead.

    `asyncio.CancelledError` is a BaseException and passes through, so `$/cancelRequest` still works;
    a deliberate `JsonRpcException` (e.g. a rename refused with a message) is answered as an error.
    """

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                try:
                    return await fn(*args, **kwargs)
                except JsonRpcException:
                    raise
                except Exception:
                    log.exception("%s failed", fn.__qualname__)
                    return default()

            return run_async

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except JsonRpcException:
                raise
            except Exception:
                log.exception("%s failed", fn.__qualname__)
                return default()

        return run

    return decorate


def optional_module(name: str) -> Any:
    """Import `convex_lsp.analysis.<name>` if it exists (features land progressively), else None."""
    import importlib

    try:
        return importlib.import_module(f"convex_lsp.analysis.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"convex_lsp.analysis.{name}":
            return None
        raise


def analysis_function(module: str, name: str) -> Callable[..., Any] | None:
    mod = optional_module(module)
    return getattr(mod, name, None) if mod is not None else None


def param(params: Any, name: str, default: Any = None) -> Any:
    """A field of custom-request params (a dict, or an object when pygls structured them)."""
    if isinstance(params, dict):
        return params.get(name, default)
    return getattr(params, name, default)


async def locate(session: Any, uri: str, position: Any = None) -> tuple[Any, str, int | None] | None:
    """(snapshot, path, byte offset of `position`) for a document inside a Convex root, else None."""
    from .. import convert

    await session.wait_ready()
    if not session.settings.enable:
        return None
    doc = session.documents.get(uri)
    path = doc.path if doc is not None else convert.uri_to_path(uri)
    if path is None:
        return None
    snap = session.host.snapshot()
    if snap.text(path) is None or snap.root_for(path) is None:
        return None
    offset = None if position is None else convert.from_position(snap.line_index(path), position, session.encoding)
    return snap, path, offset
