"""AnalysisHost: takes file changes, hands out immutable snapshots (`Analysis`).

Per file the host keeps bytes, tree, summary and a statement cache. An edit reparses incrementally
(from scratch when the result has syntax errors, whose recovery can depend on the old tree: see
`syntax.reparse`) and re-summarises; the root's project model is invalidated only when the file's *interface*
changed (early cut-off). Project models are built lazily by snapshots and memoised per
(root, generation), so a burst of edits in function bodies never rebuilds a model.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Iterable

from tree_sitter import Tree

from .config import Settings
from .discovery import ConvexRoot, root_for
from .model import FileSummary
from .project import ProjectModel, build_project
from .summary import StmtCache, summarize
from .syntax import MAX_PARSE_BYTES, parse, reparse
from .text import LineIndex

_EMPTY_TREE_SRC = b""


@dataclass(frozen=True, slots=True)
class FileState:
    path: str
    data: bytes
    tree: Tree
    summary: FileSummary
    cache: StmtCache
    skipped: str | None = None  # why the file is not analysed (too large)


def _state(path: str, data: bytes, tree: Tree | None = None, cache: StmtCache | None = None) -> FileState:
    if len(data) > MAX_PARSE_BYTES:
        t = parse(path, _EMPTY_TREE_SRC)
        s, c = summarize(path, _EMPTY_TREE_SRC, t)
        return FileState(path, data, t, s, c, skipped=f"file larger than {MAX_PARSE_BYTES // (1024 * 1024)} MB")
    if tree is None:
        tree = parse(path, data)
    summary, new_cache = summarize(path, data, tree, cache)
    return FileState(path, data, tree, summary, new_cache)


class AnalysisHost:
    def __init__(self, settings: Settings | None = None) -> None:
        self._files: dict[str, FileState] = {}
        self._roots: tuple[ConvexRoot, ...] = ()
        self._settings = settings or Settings()
        self._generation: dict[str, int] = {}  # root functions_dir → generation
        self._models: dict[str, tuple[int, ProjectModel]] = {}
        self._lock = threading.Lock()
        self._root_of: dict[str, ConvexRoot | None] = {}
        self.rebuilds = 0  # number of project model builds (for tests and benchmarks)

    # ------------------------------------------------------------------ inputs
    def set_settings(self, settings: Settings) -> None:
        if settings != self._settings:
            self._settings = settings
            for k in list(self._generation):
                self._generation[k] += 1

    def set_roots(self, roots: Iterable[ConvexRoot]) -> None:
        roots = tuple(roots)
        if roots != self._roots:
            self._roots = roots
            self._root_of.clear()
            for r in roots:
                self._generation[r.functions_dir] = self._generation.get(r.functions_dir, 0) + 1

    @property
    def roots(self) -> tuple[ConvexRoot, ...]:
        return self._roots

    def _root(self, path: str) -> ConvexRoot | None:
        if path not in self._root_of:
            self._root_of[path] = root_for(self._roots, path)
        return self._root_of[path]

    def _touch(self, path: str, old: FileState | None, new: FileState | None) -> None:
        if old is not None and new is not None and old.summary.interface == new.summary.interface:
            return  # early cut-off: the project model is unaffected
        r = self._root(path)
        if r is not None:
            self._generation[r.functions_dir] = self._generation.get(r.functions_dir, 0) + 1

    def set_file(self, path: str, data: bytes) -> None:
        old = self._files.get(path)
        if old is not None and old.data == data:
            return
        new = _state(path, data, cache=old.cache if old else None)
        self._files[path] = new
        self._touch(path, old, new)

    def edit_file(self, path: str, start: int, end: int, new_text: bytes) -> None:
        """Replace bytes [start, end) of `path` with new_text; incremental reparse."""
        old = self._files.get(path)
        if old is None:
            self.set_file(path, new_text)
            return
        data = old.data
        if old.skipped or len(data) - (end - start) + len(new_text) > MAX_PARSE_BYTES:
            start = max(0, min(start, len(data)))
            end = max(start, min(end, len(data)))
            new = _state(path, data[:start] + new_text + data[end:])
        else:
            new_data, new_tree = reparse(path, old.tree, data, start, end, new_text)  # old.tree stays intact
            new = _state(path, new_data, new_tree, old.cache)
        self._files[path] = new
        self._touch(path, old, new)

    def remove_file(self, path: str) -> None:
        old = self._files.pop(path, None)
        if old is not None:
            self._touch(path, old, None)

    def text(self, path: str) -> bytes | None:
        """The current text of `path` (without taking a snapshot)."""
        st = self._files.get(path)
        return st.data if st is not None else None

    def has_file(self, path: str) -> bool:
        return path in self._files

    def paths(self) -> tuple[str, ...]:
        return tuple(self._files)

    # ------------------------------------------------------------------ outputs
    def snapshot(self) -> "Analysis":
        return Analysis(self, dict(self._files), self._roots, self._settings, dict(self._generation))

    def _model(self, root: ConvexRoot, generation: int, files: dict[str, FileState], settings: Settings) -> ProjectModel:
        key = root.functions_dir
        with self._lock:
            cached = self._models.get(key)
            if cached is not None and cached[0] == generation:
                return cached[1]
        ifaces = {p: st.summary.interface for p, st in files.items() if root_for(self._roots, p) == root}
        model = build_project(root, ifaces, settings)
        with self._lock:
            self.rebuilds += 1
            cur = self._models.get(key)
            if cur is None or cur[0] <= generation:
                self._models[key] = (generation, model)
        return model


class Analysis:
    """An immutable view of every file and model at one moment. Safe to read from other threads."""

    def __init__(self, host: AnalysisHost, files: dict[str, FileState], roots, settings: Settings, generation: dict[str, int]) -> None:
        self._host = host
        self._files = files
        self.roots: tuple[ConvexRoot, ...] = roots
        self.settings = settings
        self._generation = generation
        self._line_index: dict[str, LineIndex] = {}
        self._memo: dict = {}
        self._memo_lock = threading.Lock()

    def paths(self) -> tuple[str, ...]:
        return tuple(self._files)

    def state(self, path: str) -> FileState | None:
        return self._files.get(path)

    def text(self, path: str) -> bytes | None:
        st = self._files.get(path)
        return st.data if st else None

    def tree(self, path: str) -> Tree | None:
        st = self._files.get(path)
        return st.tree if st else None

    def summary(self, path: str) -> FileSummary | None:
        st = self._files.get(path)
        return st.summary if st else None

    def line_index(self, path: str) -> LineIndex | None:
        li = self._line_index.get(path)
        if li is None:
            data = self.text(path)
            if data is None:
                return None
            li = self._line_index[path] = LineIndex(data)
        return li

    def root_for(self, path: str) -> ConvexRoot | None:
        return self._host._root(path) if self.roots == self._host.roots else root_for(self.roots, path)

    def project(self, root: ConvexRoot) -> ProjectModel:
        gen = self._generation.get(root.functions_dir, 0)
        return self._host._model(root, gen, self._files, self.settings)

    def project_for(self, path: str) -> ProjectModel | None:
        r = self.root_for(path)
        return self.project(r) if r is not None else None

    def model_key(self, path: str) -> str:
        r = self.root_for(path)
        if r is None:
            return "none"
        return f"{r.functions_dir}#{self._generation.get(r.functions_dir, 0)}"

    def memo(self, key, compute):
        """A value derived from this snapshot, computed once (e.g. project-wide facts for rules)."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            return self._memo.setdefault(key, value)

    def files_in(self, root: ConvexRoot) -> tuple[str, ...]:
        return tuple(p for p in self._files if self.root_for(p) == root)
