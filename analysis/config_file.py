"""`convex-lsp.toml`: TOML text → settings, per-path overrides and problems with line numbers.

Pure: the caller reads the file (and says which files exist, for `find_config`). The keys are the
settings of `config.py` in TOML spelling (`auth-helpers`, `[diagnostics] debounce-ms`, …; camelCase
and snake_case are accepted too), plus per-path overrides:

```toml
select = ["require-access-control"]
ignore = ["style"]

[severity]
no-filter-in-query = "error"

[[overrides]]
files = ["convex/legacy/**", "*.test.ts"]
ignore = ["no-old-function-syntax"]
severity = { require-args-validator = "warning" }
```

Globs in `files` are relative to the directory of the config file: `*` and `?` stay inside one path
component, `**` spans any number of them, a pattern without `/` matches the file name at any depth,
and a pattern naming a directory matches everything below it.

Problems never raise: a bad value falls back to its default and is reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping

from .config import Settings, parse_settings

CONFIG_NAME = "convex-lsp.toml"
OVERRIDE_KEYS = ("files", "select", "ignore", "severity")
# Tables whose keys are rule ids / builder names: never re-spelled.
_VERBATIM = ("severity", "ruleOptions", "customBuilders")

try:  # Python 3.11+
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as _toml  # type: ignore[no-redef]


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    line: int  # 1-based; 1 when the problem has no better place
    column: int  # 1-based, code points
    message: str


@dataclass(frozen=True, slots=True)
class Override:
    files: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()

    def matches(self, rel_path: str) -> bool:
        return any(glob_match(g, rel_path) for g in self.files)


@dataclass(frozen=True, slots=True)
class ConfigFile:
    settings: Settings
    overrides: tuple[Override, ...] = ()
    problems: tuple[ConfigProblem, ...] = ()

    def settings_for(self, rel_path: str, base: Settings | None = None) -> Settings:
        """The settings of one file (`rel_path`: relative to the config file's directory, `/`-separated)."""
        return apply_overrides(base or self.settings, [o for o in self.overrides if o.matches(rel_path)])


def apply_overrides(settings: Settings, overrides: list[Override] | tuple[Override, ...]) -> Settings:
    """Later overrides win; an override's `select` also lifts an earlier `ignore` of the same rule."""
    for o in overrides:
        ignore = tuple(i for i in settings.ignore if i not in o.select) + o.ignore
        sev = dict(settings.severity)
        sev.update(o.severity)
        settings = replace(settings, select=settings.select + o.select, ignore=ignore, severity=tuple(sorted(sev.items())))
    return settings


# ---------------------------------------------------------------------------------------- keys
def camel(key: str) -> str:
    """`debounce-ms` / `debounce_ms` → `debounceMs`; camelCase stays as it is."""
    parts = re.split(r"[-_]", key)
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def _normalize(raw: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        key = camel(k)
        full = f"{prefix}{key}"
        if isinstance(v, Mapping) and full not in _VERBATIM:
            out[key] = _normalize(v, full + ".")
        elif isinstance(v, Mapping) and full == "ruleOptions":
            # [rule-options.<rule-id>]: rule ids stay, option names take the camelCase spelling
            out[key] = {rid: ({camel(o): ov for o, ov in opts.items()} if isinstance(opts, Mapping) else opts) for rid, opts in v.items()}
        else:
            out[key] = v
    return out


# ------------------------------------------------------------------------------ line locations
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _norm_path(parts: list[str]) -> str:
    out: list[str] = []
    for p in parts:
        if ".".join(out) in _VERBATIM:
            out.append(p)
        else:
            out.append(camel(p))
    return ".".join(out)


class _Locator:
    """Lines of the keys, tables and strings of a TOML text (close enough for messages)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.keys: dict[str, int] = {}
        table: list[str] = []
        overrides = -1
        for i, line in enumerate(self.lines, 1):
            m = _HEADER.match(line)
            if m and not _KEY.match(line):
                parts = _split_key(m.group(2))
                if m.group(1) == "[[" and parts == ["overrides"]:
                    overrides += 1
                    table = ["overrides", str(overrides)]
                else:
                    table = parts
                self.keys.setdefault(_norm_path(table), i)
                continue
            m = _KEY.match(line)
            if m:
                path = _norm_path([*table, *_split_key(m.group(1))])
                self.keys.setdefault(path, i)
                # inline tables: `severity = { a = "x" }`
                for km in re.finditer(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*")\s*=""", line[m.end() :]):
                    sub = _split_key(km.group(1))
                    self.keys.setdefault(_norm_path([*table, *_split_key(m.group(1)), *sub]), i)

    def key(self, dotted: str, default: int = 1) -> int:
        parts = dotted.split(".")
        while parts:
            hit = self.keys.get(".".join(parts))
            if hit is not None:
                return hit
            parts.pop()
        return default

    def string(self, value: str, start: int = 1) -> tuple[int, int]:
        """(line, column) of the quoted `value`, searching from line `start` first."""
        order = list(range(start, len(self.lines) + 1)) + list(range(1, start))
        for i in order:
            line = self.lines[i - 1]
            for q in ('"', "'"):
                col = line.find(f"{q}{value}{q}")
                if col >= 0:
                    return i, col + 1
        return start, 1


# ----------------------------------------------------------------------------------------- parse
_QUOTED = re.compile(r"'([^']+)'")
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_config(text: str, base: Settings | None = None) -> ConfigFile:
    """Parse the text of a `convex-lsp.toml`. Never raises."""
    problems: list[ConfigProblem] = []
    try:
        raw = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT.search(msg)
        end = max(1, len(text.splitlines()))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (end, 1) if "end of document" in msg else (1, 1)
        msg = _AT.sub("", msg).strip()
        return ConfigFile(base or Settings(), (), (ConfigProblem(line, col, f"invalid TOML: {msg}; using the default settings"),))
    loc = _Locator(text)
    data = _normalize(raw)
    raw_overrides = data.pop("overrides", None)
    settings, probs = parse_settings(data, base)
    for p in probs:
        m = _QUOTED.search(p)
        key = m.group(1) if m else ""
        if p.startswith("invalid severity for"):
            key = f"severity.{key}"
        elif p.startswith("invalid custom builder"):
            key = f"customBuilders.{key}"
        problems.append(ConfigProblem(loc.key(key), 1, p))
    problems.extend(_rule_name_problems(settings, loc, 1, ""))
    overrides: list[Override] = []
    if raw_overrides is not None:
        if not isinstance(raw_overrides, list):
            problems.append(ConfigProblem(loc.key("overrides"), 1, "'overrides' must be an array of tables: [[overrides]]"))
        else:
            for i, o in enumerate(raw_overrides):
                ov = _override(o, i, loc, problems)
                if ov is not None:
                    overrides.append(ov)
    problems.sort(key=lambda p: (p.line, p.column, p.message))
    return ConfigFile(settings, tuple(overrides), tuple(problems))


def _override(o: Any, i: int, loc: _Locator, problems: list[ConfigProblem]) -> Override | None:
    here = loc.key(f"overrides.{i}")
    if not isinstance(o, Mapping):
        problems.append(ConfigProblem(here, 1, f"overrides[{i}] must be a table"))
        return None
    for k in o:
        if k not in OVERRIDE_KEYS:
            problems.append(ConfigProblem(loc.key(f"overrides.{i}.{k}", here), 1, f"unknown key '{k}' in overrides[{i}] (expected one of: {', '.join(OVERRIDE_KEYS)})"))
    files = o.get("files")
    if not isinstance(files, list) or not files or not all(isinstance(f, str) and f for f in files):
        problems.append(ConfigProblem(loc.key(f"overrides.{i}.files", here), 1, f"overrides[{i}] needs 'files': a non-empty list of glob patterns; ignoring it"))
        return None
    sub = {k: o[k] for k in ("select", "ignore", "severity") if k in o}
    s, probs = parse_settings(sub)
    for p in probs:
        m = _QUOTED.search(p)
        key = m.group(1) if m else ""
        if p.startswith("invalid severity for"):
            key = f"severity.{key}"
        problems.append(ConfigProblem(loc.key(f"overrides.{i}.{key}", here), 1, f"overrides[{i}]: {p}"))
    problems.extend(_rule_name_problems(s, loc, here, f"overrides.{i}."))
    return Override(tuple(files), s.select, s.ignore, s.severity)


def _rule_name_problems(settings: Settings, loc: _Locator, start: int, prefix: str) -> list[ConfigProblem]:
    from .lint import did_you_mean, unknown_rule_names
    from .rules import RULES

    out = []
    for name in unknown_rule_names(settings):
        line = loc.keys.get(f"{prefix}severity.{name}") or loc.keys.get(f"{prefix}ruleOptions.{name}")
        col = 1
        if line is None:
            line, col = loc.string(name, start)
        hint = did_you_mean(name, RULES)
        out.append(ConfigProblem(line, col, f"unknown rule '{name}'" + (f" (did you mean '{hint}'?)" if hint else "")))
    return out


# ------------------------------------------------------------------------------------------ globs
_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    rx = _GLOB_CACHE.get(pattern)
    if rx is not None:
        return rx
    pat = pattern.strip().replace("\\", "/")
    if pat.startswith("./"):
        pat = pat[2:]
    anchored = "/" in pat.rstrip("/")
    pat = pat.strip("/")
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pat[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    rx = re.compile(("" if anchored else "(?:.*/)?") + body + "(?:/.*)?\\Z")
    _GLOB_CACHE[pattern] = rx
    return rx


def glob_match(pattern: str, rel_path: str) -> bool:
    """Does `rel_path` (relative, `/`-separated) match the override glob `pattern`?"""
    if rel_path.startswith("./"):
        rel_path = rel_path[2:]
    return _glob_regex(pattern).match(rel_path) is not None


# ------------------------------------------------------------------------------------- discovery
def find_config(start_dir: str, exists: Callable[[str], bool]) -> str | None:
    """The nearest `convex-lsp.toml` in `start_dir` or a parent (posix paths). The search stops at the
    first directory holding `.git` (the repository root) or at the filesystem root."""
    d = start_dir.rstrip("/") or "/"
    while True:
        cand = f"{d.rstrip('/')}/{CONFIG_NAME}"
        if exists(cand):
            return cand
        if exists(f"{d.rstrip('/')}/.git"):
            return None
        parent = d.rsplit("/", 1)[0] or "/"
        if parent == d:
            return None
        d = parent
