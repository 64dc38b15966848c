"""`convex-lsp check`: validating the options, layering settings (convex-lsp.toml, then the
command line, then per-path overrides) and resolving the given paths to Convex roots and files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable


if TYPE_CHECKING:  # pragma: no cover
    from convex_lsp.analysis.config import Settings
    from convex_lsp.analysis.config_file import ConfigFile
    from convex_lsp.analysis.discovery import ConvexRoot
    from convex_lsp.analysis.host import AnalysisHost

MARKERS = ("convex.json", "package.json", "convex.config.ts", "convex.config.js")


class UsageError(Exception):
    """Bad usage, bad paths or no Convex root: exit status 2 with this message."""


def _abs(path: str) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


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




class ResolveMixin:
    """Options, settings and paths of `Check` (see check_cli.py)."""

    def validate(self) -> None:
        a = self.args
        from convex_lsp.analysis.config import SEVERITIES
        from convex_lsp.analysis.lint import known_id
        from convex_lsp.analysis.rules import CATEGORIES

        for name in _split(a.select) + _split(a.ignore):
            if name not in ("ALL", "all") and name not in CATEGORIES and known_id(name) is None:
                raise UsageError(self._unknown_rule(name))
        self.cli_severity: dict[str, str] = {}
        for item in a.severity:
            rule, sep, level = item.partition("=")
            rule, level = rule.strip(), level.strip()
            if not sep or not rule or level not in SEVERITIES:
                raise UsageError(f"--severity expects RULE=LEVEL with LEVEL one of {', '.join(SEVERITIES)}, got {item!r}")
            rid = known_id(rule)
            if rid is None:
                raise UsageError(self._unknown_rule(rule))
            self.cli_severity[rid] = level
        if a.max_warnings is not None and a.max_warnings < 0:
            raise UsageError("--max-warnings must be 0 or more")
        if a.jobs < 0:
            raise UsageError("--jobs must be 0 (automatic) or more")
        if a.fix and a.diff:
            raise UsageError("--fix and --diff cannot be combined (--diff changes nothing)")
        if a.output_file is not None:
            if os.path.isdir(a.output_file):
                raise UsageError(f"--output-file {a.output_file} is a directory")
            parent = os.path.dirname(os.path.abspath(a.output_file))
            try:
                os.makedirs(parent, exist_ok=True)  # as ruff does
            except OSError as exc:
                raise UsageError(f"cannot create the folder of --output-file {a.output_file}: {exc.strerror}") from None
        if a.config is not None and not os.path.isfile(a.config):
            raise UsageError(f"config file does not exist: {a.config}")

    def _unknown_rule(self, name: str) -> str:
        from convex_lsp.server.output.rules_doc import suggestions

        hint = suggestions(name)
        return f"unknown rule {name!r}" + (f" (did you mean {hint!r}?)" if hint else "") + "; `convex-lsp rules` lists them"

    def _expand(self, names: list[str]) -> tuple[set[str], set[str]]:
        """(all ids, ids named explicitly) for rule names, categories and ALL."""
        from convex_lsp.analysis.lint import expand_names

        return expand_names(names)

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
            if data.startswith(b"\xef\xbb\xbf"):  # a BOM, as Windows editors write it
                data = data[3:]
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
            scan_dir = r.root if r is not None else (target if is_dir else self._configured_root_dir(target))
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
        if not all_roots and stdin_path is not None:
            # like a file passed explicitly: ignored (with --fix the text goes back unchanged)
            self.stderr.write(f"convex-lsp check: {a.stdin_filename} is not inside a Convex project; nothing to check\n")
            self.stdin_path = stdin_path
            self.stdin_passthrough = files[stdin_path]
            return
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

    def _configured_root_dir(self, path: str) -> str | None:
        """For a file that no marker places in a project: the folder of the convex-lsp.toml (or
        --config) whose `roots` holds it (pre-commit passes files by name)."""
        cfg_path = self.config_path_for(os.path.dirname(path))
        if cfg_path is None:
            return None
        cfg = self.load_config(cfg_path)
        base = cfg_path.rsplit("/", 1)[0]  # roots are relative to the config file (as in the scan)
        if any(_under(path, _abs(os.path.join(base, x))) for x in cfg.settings.roots):
            return base
        return None

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

