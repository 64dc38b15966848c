"""Completion contexts for function references: the segment after `api.` / `internal.` /
`components.`, and the bare identifier argument of a consumer (`ctx.runQuery(|`, `useMutation(|`)."""

from __future__ import annotations

from ..text import TextRange
from .data import CONSUMERS, REF_ARG, REF_ROOTS, CompletionContext
from .tokens import Frame, method_name


def consumer(frames: list[Frame]) -> str | None:
    """The calling API when the cursor is in its function-reference argument."""
    top = frames[-1]
    if top.opener != "(":
        return None
    m = method_name(top.callee)
    if m not in CONSUMERS or len(top.args) not in REF_ARG.get(m, (0,)):
        return None
    return m


def function_ref(frames: list[Frame], ch: list[tuple[str, object]], partial: str, rng: TextRange) -> CompletionContext | None:
    """`api.messages.|`: the member chain before the dot is a reference root and plain properties."""
    root = ch[0][1]
    if isinstance(root, str) and root in REF_ROOTS and all(k == "prop" for k, _ in ch[1:]):
        segs = tuple(v for _, v in ch[1:])  # type: ignore[misc]
        return CompletionContext("function_ref", partial, rng, root=root, path=segs, consumer=consumer(frames))  # type: ignore[arg-type]
    return None


def ref_root(frames: list[Frame], partial: str, rng: TextRange) -> CompletionContext | None:
    """An identifier as the function-reference argument of a consumer (offers `api`, `internal`, ...)."""
    m = consumer(frames)
    return CompletionContext("ref_root", partial, rng, consumer=m) if m is not None else None
