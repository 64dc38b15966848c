"""Convex roots and module paths (convex-reference §1).

A **Convex root** is, in order of precedence:
1. a directory with a `convex.json` (functions dir from its `functions` key, default `convex/`);
2. a directory whose `package.json` depends on `convex` and that has a `convex/` folder;
3. a directory holding a `convex.config.ts` that calls `defineComponent` (a component root);
4. a functions directory the user names explicitly (setting `roots`).

Pure: the caller (the loader) hands over the list of paths and a function returning the text of a
small config file; nothing here touches the disk.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Literal

SOURCE_EXTENSIONS = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".mts", ".cts", ".jsx")
_DEFINE_COMPONENT = re.compile(r"\bdefineComponent\s*\(")
_PATH_COMPONENT = re.compile(r"^[A-Za-z0-9_.]+$")


@dataclass(frozen=True, slots=True)
class ConvexRoot:
    root: str  # the project directory (holds convex.json / package.json), or the component dir
    functions_dir: str  # absolute posix path of the functions directory
    kind: Literal["app", "component"] = "app"
    source: str = "package.json"  # convex.json | package.json | convex.config.ts | explicit
    # tsconfig `compilerOptions.paths` that apply to the functions dir: (pattern, absolute targets),
    # e.g. ("@cvx/*", ("/app/convex/*",)); see `tsconfig_aliases`.
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def contains(self, path: str) -> bool:
        return path == self.root or path.startswith(self.root.rstrip("/") + "/")

    def in_functions_dir(self, path: str) -> bool:
        return path.startswith(self.functions_dir.rstrip("/") + "/")


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    path: str
    module: str  # module path: relative to the functions dir, extension stripped
    entry: bool  # the bundler deploys it as a function module
    reason: str = ""  # why it is not an entry point
    invalid_components: tuple[str, ...] = ()  # path components the backend rejects (push error)
    special: str | None = None  # schema | http | crons | convex.config | auth.config


def _depends_on_convex(text: str) -> bool:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        deps = data.get(key)
        if isinstance(deps, dict) and "convex" in deps:
            return True
    return False


def _functions_from_convex_json(text: str) -> str:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return "convex/"
    if isinstance(data, dict) and isinstance(data.get("functions"), str) and data["functions"].strip():
        return data["functions"]
    return "convex/"


def find_roots(
    paths: Iterable[str],
    read_text: Callable[[str], str | None],
    explicit: Iterable[str] = (),
) -> list[ConvexRoot]:
    """Every Convex root among `paths` (absolute posix file paths), deepest first."""
    paths = list(paths)
    dirs_with_convex_folder: set[str] = set()
    convex_json: list[str] = []
    package_json: list[str] = []
    configs: list[str] = []
    for p in paths:
        d, base = posixpath.split(p)
        if base == "convex.json":
            convex_json.append(p)
        elif base == "package.json":
            package_json.append(p)
        elif base == "convex.config.ts" or base == "convex.config.js":
            configs.append(p)
        # every ancestor "…/convex/…" marks its parent as having a convex folder
        parts = d.split("/")
        for i, part in enumerate(parts):
            if part == "convex":
                dirs_with_convex_folder.add("/".join(parts[:i]) or "/")
    roots: dict[str, ConvexRoot] = {}
    for p in convex_json:
        d = posixpath.dirname(p)
        fn = _functions_from_convex_json(read_text(p) or "")
        fdir = posixpath.normpath(posixpath.join(d, fn))
        roots[fdir] = ConvexRoot(d, fdir, "app", "convex.json")
    claimed = {r.root for r in roots.values()}
    for p in package_json:
        d = posixpath.dirname(p)
        if d in claimed or d not in dirs_with_convex_folder:
            continue
        if _depends_on_convex(read_text(p) or ""):
            fdir = posixpath.join(d, "convex")
            roots.setdefault(fdir, ConvexRoot(d, fdir, "app", "package.json"))
    for p in configs:
        d = posixpath.dirname(p)
        if d in roots:
            continue
        text = read_text(p) or ""
        if _DEFINE_COMPONENT.search(text):
            roots[d] = ConvexRoot(d, d, "component", "convex.config.ts")
    for e in explicit:
        e = posixpath.normpath(e)
        roots.setdefault(e, ConvexRoot(posixpath.dirname(e), e, "app", "explicit"))
    tsconfigs = {p for p in paths if posixpath.basename(p) == "tsconfig.json"}
    if tsconfigs:
        roots = {k: _with_aliases(r, tsconfigs, read_text) for k, r in roots.items()}
    return sorted(roots.values(), key=lambda r: (-r.functions_dir.count("/"), r.functions_dir))


# ----------------------------------------------------------------------------- tsconfig paths
def _with_aliases(root: ConvexRoot, tsconfigs: set[str], read_text: Callable[[str], str | None]) -> ConvexRoot:
    aliases = tsconfig_aliases(root, tsconfigs, read_text)
    if not aliases:
        return root
    return ConvexRoot(root.root, root.functions_dir, root.kind, root.source, aliases)


def tsconfig_aliases(root: ConvexRoot, tsconfigs: set[str], read_text: Callable[[str], str | None]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`compilerOptions.paths` of the tsconfig.json nearest to the functions dir (looking up to the
    root's directory), following relative `extends`; targets resolved against `baseUrl` (or the
    config that declares `paths`). Unreadable or odd configs give no aliases."""
    cur = root.functions_dir
    config = None
    while True:
        cand = posixpath.join(cur, "tsconfig.json")
        if cand in tsconfigs:
            config = cand
            break
        if cur == root.root or cur == "/" or not cur.startswith(root.root.rstrip("/") + "/"):
            return ()
        cur = posixpath.dirname(cur)
    paths: dict | None = None
    paths_base = ""
    base_url: str | None = None
    seen: set[str] = set()
    while config is not None and config not in seen and len(seen) < 8:
        seen.add(config)
        data = parse_jsonc(read_text(config) or "")
        opts = data.get("compilerOptions") if isinstance(data, dict) else None
        here = posixpath.dirname(config)
        if isinstance(opts, dict):
            if base_url is None and isinstance(opts.get("baseUrl"), str):
                base_url = posixpath.normpath(posixpath.join(here, opts["baseUrl"]))
            if paths is None and isinstance(opts.get("paths"), dict):
                paths, paths_base = opts["paths"], here
        ext = data.get("extends") if isinstance(data, dict) else None
        if isinstance(ext, str) and ext.startswith("."):
            target = posixpath.normpath(posixpath.join(here, ext))
            config = target if target.endswith(".json") else target + ".json"
        else:
            config = None
    if not paths:
        return ()
    base = base_url or paths_base
    out = []
    for pattern, targets in paths.items():
        if not isinstance(pattern, str) or pattern.count("*") > 1 or not isinstance(targets, list):
            continue
        abs_targets = tuple(_abs_target(base, t) for t in targets if isinstance(t, str) and t.count("*") <= 1)
        if abs_targets:
            out.append((pattern, abs_targets))
    return tuple(out)


def _abs_target(base: str, target: str) -> str:
    """A `paths` target made absolute: `./convex/*` → `/app/convex/*`."""
    if "*" not in target:
        return posixpath.normpath(posixpath.join(base, target))
    pre, post = target.split("*", 1)
    if pre in ("", ".", "./", "/"):
        return base.rstrip("/") + "/*" + post
    head = posixpath.normpath(posixpath.join(base, pre))
    return head + ("/" if pre.endswith("/") else "") + "*" + post


_JSONC_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)
_JSONC_TRAILING = re.compile(r'"(?:\\.|[^"\\])*"|,(?=\s*[}\]])', re.S)


def parse_jsonc(text: str) -> object:
    """JSON with comments and trailing commas (tsconfig.json); None when it does not parse."""
    keep = lambda m: m.group(0) if m.group(0).startswith('"') else ""  # noqa: E731 - strings stay
    cleaned = _JSONC_TRAILING.sub(keep, _JSONC_COMMENTS.sub(keep, text.lstrip("\ufeff")))
    try:
        return json.loads(cleaned)
    except ValueError:
        return None


def root_for(roots: Iterable[ConvexRoot], path: str) -> ConvexRoot | None:
    """The deepest root whose functions dir (or project dir) contains `path`."""
    best: ConvexRoot | None = None
    best_depth = -1
    for r in roots:
        for base in (r.functions_dir, r.root):
            if path.startswith(base.rstrip("/") + "/"):
                depth = base.count("/") + (1 if base == r.functions_dir else 0)
                if depth > best_depth:
                    best, best_depth = r, depth
    return best


def component_dirs(root: ConvexRoot, paths: Iterable[str]) -> set[str]:
    """Sub-directories of the functions dir that hold their own convex.config.ts (skipped by the walk)."""
    out = set()
    prefix = root.functions_dir.rstrip("/") + "/"
    for p in paths:
        if p.startswith(prefix) and posixpath.basename(p) in ("convex.config.ts", "convex.config.js"):
            d = posixpath.dirname(p)
            if d != root.functions_dir:
                out.add(d)
    return out


def module_info(root: ConvexRoot, path: str, skip_dirs: Iterable[str] = ()) -> ModuleInfo | None:
    """Module facts for a file under the functions dir, or None when it is outside it."""
    prefix = root.functions_dir.rstrip("/") + "/"
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    base = posixpath.basename(rel)
    stem, ext = posixpath.splitext(base)
    module = rel[: -len(ext)] if ext else rel
    special = None
    if "/" not in rel:
        special = {
            "schema": "schema",
            "http": "http",
            "crons": "crons",
            "convex.config": "convex.config",
            "auth.config": "auth.config",
        }.get(stem)
    reason = ""
    parts = rel.split("/")
    if ext not in SOURCE_EXTENSIONS:
        reason = "not a source file"
    elif parts[0] == "_generated" or "_generated" in parts[:-1]:
        reason = "generated code"
    elif any(p.startswith(".") for p in parts):
        reason = "dotfile"
    elif any(p.startswith("#") for p in parts):
        reason = "name starts with #"
    elif rel in ("schema.ts", "schema.js"):
        reason = "schema"
    elif base.count(".") > 1:
        reason = "more than one dot in the file name"
    elif " " in rel:
        reason = "path contains a space"
    elif any(path.startswith(d.rstrip("/") + "/") for d in skip_dirs):
        reason = "inside a component directory"
    invalid = []
    for i, comp in enumerate(parts):
        c = posixpath.splitext(comp)[0] + ".js" if i == len(parts) - 1 else comp
        if not _PATH_COMPONENT.match(c) or not any(ch.isalnum() for ch in c) or len(c) > 64:
            invalid.append(comp)
    return ModuleInfo(path, module, reason == "", reason, tuple(invalid), special)


IGNORED_DIRS = frozenset({"node_modules", ".git", ".hg", ".svn", "dist", "build", ".next", ".turbo", ".cache", ".venv", "venv", "__pycache__", ".convex"})
