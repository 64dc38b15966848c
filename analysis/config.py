"""Settings: one definition for the server, `convex-lsp.toml`, the docs and the VS Code `package.json`.

`OPTIONS` lists every option with its type, default and documentation. `parse_settings()` turns a
plain mapping (from TOML or LSP `initializationOptions`/`workspace/configuration`) into a frozen
`Settings`, collecting human-readable problems instead of raising: a bad value falls back to its
default and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True, slots=True)
class Option:
    key: str  # dotted, camelCase as in LSP settings: "diagnostics.debounceMs"
    type: str  # "boolean" | "integer" | "string" | "array" | "object"
    default: Any
    description: str
    enum: tuple[str, ...] | None = None
    scope: str = "server"  # "server" (sent to the server) | "client" (VS Code extension only)
    minimum: int | None = None
    maximum: int | None = None


OPTIONS: tuple[Option, ...] = (
    Option("enable", "boolean", True, "Run convex-lsp in Convex projects of this workspace."),
    Option("select", "array", [], "Rule ids (or categories) to enable in addition to the defaults. Accepts @convex-dev/eslint-plugin ids as aliases."),
    Option("ignore", "array", [], "Rule ids (or categories) to turn off."),
    Option("severity", "object", {}, "Per-rule severity overrides: {\"rule-id\": \"error\" | \"warning\" | \"info\" | \"off\"}."),
    Option("ruleOptions", "object", {}, "Per-rule options: {\"require-access-control\": {\"authHelpers\": [\"requireUser\"]}}."),
    Option("customBuilders", "object", {}, "Extra function builders: {\"myQuery\": \"query\", \"adminMutation\": \"internalMutation\"} (name → the builder it wraps)."),
    Option("authHelpers", "array", [], "Names of project functions that perform an authentication check (in addition to the auto-detected ones)."),
    Option("roots", "array", [], "Extra Convex functions directories (relative to the workspace folder), for layouts the automatic discovery does not find."),
    Option("diagnostics.enable", "boolean", True, "Publish diagnostics."),
    Option("diagnostics.debounceMs", "integer", 200, "Delay between the last edit and re-publishing push diagnostics.", minimum=0, maximum=5000),
    Option("completion.snippets", "boolean", True, "Offer the convex-lsp snippets in completion (clients with snippet support)."),
    Option("docsBaseUrl", "string", "https://github.com/convex-lsp/convex-lsp/blob/main/docs/rules/", "Base URL of the rule documentation linked from diagnostics."),
    Option("server.path", "string", "", "Path to a `convex-lsp` executable. Takes precedence over every other way of finding the server.", scope="client"),
    Option("server.interpreter", "string", "", "Python interpreter with convex-lsp installed; the server runs as `<python> -m convex_lsp.server`.", scope="client"),
    Option("trace.server", "string", "off", "Trace the communication between VS Code and the server.", enum=("off", "messages", "verbose"), scope="client"),
)

_BY_KEY = {o.key: o for o in OPTIONS}


@dataclass(frozen=True, slots=True)
class Settings:
    enable: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    rule_options: tuple[tuple[str, Any], ...] = ()
    custom_builders: tuple[tuple[str, str], ...] = ()
    auth_helpers: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()
    diagnostics_enable: bool = True
    debounce_ms: int = 200
    snippets: bool = True
    docs_base_url: str = _BY_KEY["docsBaseUrl"].default

    def severity_for(self, rule: str) -> str | None:
        for r, s in self.severity:
            if r == rule:
                return s
        return None

    def options_for(self, rule: str) -> Mapping[str, Any]:
        for r, o in self.rule_options:
            if r == rule:
                return o if isinstance(o, Mapping) else {}
        return {}


_FIELD_FOR = {
    "enable": "enable",
    "select": "select",
    "ignore": "ignore",
    "severity": "severity",
    "ruleOptions": "rule_options",
    "customBuilders": "custom_builders",
    "authHelpers": "auth_helpers",
    "roots": "roots",
    "diagnostics.enable": "diagnostics_enable",
    "diagnostics.debounceMs": "debounce_ms",
    "completion.snippets": "snippets",
    "docsBaseUrl": "docs_base_url",
}

# TOML spellings (snake/kebab case) accepted as aliases of the camelCase keys.
_ALIASES = {
    "rule_options": "ruleOptions", "rule-options": "ruleOptions",
    "custom_builders": "customBuilders", "custom-builders": "customBuilders",
    "auth_helpers": "authHelpers", "auth-helpers": "authHelpers",
    "docs_base_url": "docsBaseUrl", "docs-base-url": "docsBaseUrl",
}


def _flatten(raw: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        key = _ALIASES.get(k, k)
        full = f"{prefix}{key}"
        if full in _BY_KEY or full.startswith(("severity.", "ruleOptions.", "customBuilders.")):
            out[full] = v
        elif isinstance(v, Mapping) and not prefix.startswith(("severity", "ruleOptions", "customBuilders")):
            out.update(_flatten(v, full + "."))
        else:
            out[full] = v
    return out


def _check(opt: Option, value: Any) -> str | None:
    t = opt.type
    ok = {
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "array": isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value),
        "object": isinstance(value, Mapping),
    }[t]
    if not ok:
        return f"expected {'a list of strings' if t == 'array' else 'an ' + t if t[0] in 'aeiou' else 'a ' + t}, got {value!r}"
    if opt.enum and value not in opt.enum:
        return f"expected one of {', '.join(opt.enum)}, got {value!r}"
    if opt.minimum is not None and value < opt.minimum:
        return f"must be at least {opt.minimum}, got {value!r}"
    if opt.maximum is not None and value > opt.maximum:
        return f"must be at most {opt.maximum}, got {value!r}"
    return None


def parse_settings(raw: Mapping[str, Any] | None, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings from a nested or dotted mapping; returns (settings, problems). Never raises."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    if raw is None:
        return base or Settings(), problems
    if not isinstance(raw, Mapping):
        return base or Settings(), [f"settings must be an object, got {type(raw).__name__}"]
    flat = _flatten(raw)
    # severity.x / ruleOptions.x written as dotted keys
    for prefix in ("severity", "ruleOptions", "customBuilders"):
        sub = {k[len(prefix) + 1 :]: flat.pop(k) for k in list(flat) if k.startswith(prefix + ".")}
        if sub:
            merged = dict(flat.get(prefix) or {}) if isinstance(flat.get(prefix), Mapping) else {}
            merged.update(sub)
            flat[prefix] = merged
    for key, value in flat.items():
        opt = _BY_KEY.get(key)
        if opt is None:
            problems.append(f"unknown setting '{key}'")
            continue
        if opt.scope == "client":
            continue
        err = _check(opt, value)
        if err:
            problems.append(f"invalid value for '{key}': {err}; using the default")
            continue
        values[_FIELD_FOR[key]] = value
    sev = values.get("severity")
    if sev is not None:
        good = []
        for rule, s in sev.items():
            if s in SEVERITIES:
                good.append((str(rule), s))
            else:
                problems.append(f"invalid severity for '{rule}': expected one of {', '.join(SEVERITIES)}, got {s!r}")
        values["severity"] = tuple(sorted(good))
    for name in ("select", "ignore", "auth_helpers", "roots"):
        if name in values:
            values[name] = tuple(values[name])
    if "rule_options" in values:
        values["rule_options"] = tuple(sorted((str(k), v) for k, v in values["rule_options"].items()))
    if "custom_builders" in values:
        cb = []
        for k, v in values["custom_builders"].items():
            if isinstance(v, str):
                cb.append((str(k), v))
            else:
                problems.append(f"invalid custom builder '{k}': expected the name of the builder it wraps, got {v!r}")
        values["custom_builders"] = tuple(sorted(cb))
    from dataclasses import replace

    return replace(base or Settings(), **values), problems


def vscode_properties(prefix: str = "convexLsp") -> dict[str, dict[str, Any]]:
    """The `contributes.configuration.properties` block of the VS Code extension's package.json."""
    props: dict[str, dict[str, Any]] = {}
    for o in OPTIONS:
        p: dict[str, Any] = {"type": o.type, "default": o.default, "markdownDescription": o.description}
        if o.enum:
            p["enum"] = list(o.enum)
        if o.type == "array":
            p["items"] = {"type": "string"}
        if o.minimum is not None:
            p["minimum"] = o.minimum
        if o.maximum is not None:
            p["maximum"] = o.maximum
        p["scope"] = "machine-overridable" if o.key.startswith("server.") else "resource"
        props[f"{prefix}.{o.key}"] = p
    return props


def settings_markdown() -> str:
    """docs/settings.md table."""
    lines = ["| Setting | Type | Default | Description |", "|---|---|---|---|"]
    for o in OPTIONS:
        d = repr(o.default) if not isinstance(o.default, str) else f'"{o.default}"'
        lines.append(f"| `{o.key}` | {o.type} | `{d}` | {o.description} |")
    return "\n".join(lines) + "\n"


def merge_settings(file_settings: Settings, lsp_settings: Settings) -> Settings:
    """`convex-lsp.toml` settings overlaid with LSP settings. Editors send every key (defaults
    included), so an LSP value wins only where it differs from the default: lists are joined,
    per-rule tables merged key by key (LSP wins), other values replaced."""
    from dataclasses import fields, replace

    default = Settings()
    changes = {}
    for f in fields(Settings):
        mine, theirs, dflt = getattr(file_settings, f.name), getattr(lsp_settings, f.name), getattr(default, f.name)
        if theirs == dflt:
            continue
        if f.name in ("severity", "rule_options", "custom_builders"):
            merged = dict(mine)
            merged.update(dict(theirs))
            changes[f.name] = tuple(sorted(merged.items()))
        elif isinstance(theirs, tuple):
            changes[f.name] = tuple(dict.fromkeys(mine + theirs))
        else:
            changes[f.name] = theirs
    return replace(file_settings, **changes)
