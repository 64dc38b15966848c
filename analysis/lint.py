"""Run the enabled rules on one file: selection, severities, options, suppressions.

`lint_file(snap, path)` is what the server and `convex-lsp check` call; it is a pure function of the
snapshot (texts + settings) and never raises: a rule that fails is reported on stderr by the caller
through `RuleFailure` records, and the other rules still run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from .config import Settings
from .diagnostics import Diagnostic, Edit, Fix, with_file_line_ends
from .rules import ALIASES, CATEGORIES, RULE_MODULES, RULES, canonical_id
from .rules.base import RuleContext
from .suppressions import parse_suppressions
from .syntax import first_syntax_error
from .text import TextRange

if TYPE_CHECKING:  # pragma: no cover
    from .host import Analysis

UNUSED_SUPPRESSION = "unused-suppression"
SYNTAX_ERROR = "syntax-error"


@dataclass(frozen=True, slots=True)
class RuleFailure:
    rule: str
    path: str
    error: str


_failures: list[RuleFailure] = []


def take_failures() -> list[RuleFailure]:
    out = list(_failures)
    _failures.clear()
    return out


# Diagnostics of the engine itself: named like rules in select/ignore/severity, but not rule modules
# (ALL and the categories mean the rules). unused-suppression reports only on suppressions of rules
# that ran, so with every rule ignored it has nothing to say.
ENGINE_DEFAULTS = {UNUSED_SUPPRESSION: "info", SYNTAX_ERROR: "warning"}
ENGINE_IDS = tuple(ENGINE_DEFAULTS)


def known_id(name: str) -> str | None:
    """The id for a rule id, an @convex-dev/eslint-plugin alias or an engine diagnostic's id."""
    return canonical_id(name) or (name if name in ENGINE_IDS else None)


def expand_names(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """(every id, the ids named one by one) for rule ids, aliases, engine ids, categories and ALL."""
    every: set[str] = set()
    explicit: set[str] = set()
    for n in names:
        if n in ("ALL", "all"):
            every.update(RULES)
        elif n in CATEGORIES:
            every.update(i for i, m in RULES.items() if m.RULE.category == n)
        else:
            c = known_id(n)
            if c is not None:
                every.add(c)
                explicit.add(c)
    return every, explicit


def _expand(names: Iterable[str]) -> set[str]:
    return expand_names(names)[0]


def enabled_rules(settings: Settings) -> dict[str, str]:
    """rule id → effective severity for the rules that run."""
    selected = _expand(settings.select)
    ignored = _expand(settings.ignore)
    out: dict[str, str] = {}
    for rid, mod in RULES.items():
        rule = mod.RULE
        on = (rule.enabled_by_default or rid in selected) and rid not in ignored
        sev = settings.severity_for(rid) or (settings.severity_for(rule.ep_alias) if rule.ep_alias else None)
        if sev == "off":
            on = False
        elif sev is not None and not on and rid not in ignored:
            on = True
        if on:
            out[rid] = sev or rule.default_severity
    for eid, default in ENGINE_DEFAULTS.items():
        sev = settings.severity_for(eid)
        if sev != "off" and eid not in ignored:  # on by default, like the rules
            out[eid] = sev or default
    return out


def unknown_rule_names(settings: Settings) -> list[str]:
    names = [*settings.select, *settings.ignore, *(r for r, _ in settings.severity), *(r for r, _ in settings.rule_options)]
    return [n for n in names if n not in ("ALL", "all") and n not in CATEGORIES and known_id(n) is None]


def lint_file(
    snap: "Analysis", path: str, only: Iterable[str] | None = None, settings: Settings | None = None, with_fixes: bool | str = True,
    syntax_errors: bool = False,
) -> list[Diagnostic]:
    """Diagnostics of `path`. `settings`: this file's settings when they differ from the snapshot's
    (a `convex-lsp.toml` with per-path overrides); the project model keeps the snapshot's.
    `with_fixes=False` skips building quick fixes (the server computes them when asked);
    `with_fixes="first"` builds only each diagnostic's first fix (all that `convex-lsp check` prints
    and applies). `syntax_errors=True` also reports the first place tree-sitter cannot parse
    (`convex-lsp check`; in an editor TypeScript reports syntax errors itself, and mid-typing there
    always is one)."""
    project = snap.project_for(path)
    st = snap.state(path)
    if project is None or st is None or st.skipped:
        return []
    settings = settings or snap.settings
    enabled = enabled_rules(settings)
    if only is not None:
        wanted = _expand(only)
        enabled = {k: v for k, v in enabled.items() if k in wanted}
    ctx = RuleContext(snap, path, project, settings=settings)
    ctx.want_fixes = bool(with_fixes)
    ctx.first_fix_only = with_fixes == "first"
    out: list[Diagnostic] = []
    for mod in RULE_MODULES:
        rid = mod.RULE.id
        sev = enabled.get(rid)
        if sev is None:
            continue
        ctx._rule = mod.RULE
        opts = dict(mod.RULE.options)
        opts.update(settings.options_for(rid))
        ctx.options = opts
        try:
            for d in mod.check(ctx):
                if d.severity != sev:
                    d = Diagnostic(d.path, d.range, d.rule, d.message, sev if d.severity == mod.RULE.default_severity else d.severity, d.fixes, d.tags, d.related)  # type: ignore[arg-type]
                out.append(d)
        except Exception as exc:  # a broken rule must not take the others down
            _failures.append(RuleFailure(rid, path, f"{type(exc).__name__}: {exc}"))
    if syntax_errors and SYNTAX_ERROR in enabled and "/_generated/" not in path:
        err = first_syntax_error(st.tree)
        if err is not None:
            msg = "Syntax error, or TypeScript syntax that tree-sitter does not know: the rules may miss findings in this file"
            out.append(Diagnostic(path, TextRange(*err), SYNTAX_ERROR, msg, enabled[SYNTAX_ERROR]))  # type: ignore[arg-type]
    # without syntax errors computed (the editor), a syntax-error suppression cannot be judged unused
    out = _apply_suppressions(snap, path, out, enabled if syntax_errors else {k: v for k, v in enabled.items() if k != SYNTAX_ERROR})
    if with_fixes:
        crlf: dict[str, bool] = {}
        out = [d if not d.fixes else _with_line_ends(d, snap, crlf) for d in out]
    out.sort(key=Diagnostic.sort_key)
    return out


def _with_line_ends(d: Diagnostic, snap: "Analysis", crlf: dict[str, bool]) -> Diagnostic:
    fixes = tuple(with_file_line_ends(f, snap.text, crlf) for f in d.fixes)
    if all(a is b for a, b in zip(fixes, d.fixes)):
        return d
    return Diagnostic(d.path, d.range, d.rule, d.message, d.severity, fixes, d.tags, d.related)


def _apply_suppressions(snap: "Analysis", path: str, diags: list[Diagnostic], enabled: dict[str, str]) -> list[Diagnostic]:
    data = snap.text(path) or b""
    index = snap.line_index(path)
    if index is None:
        return diags
    st = snap.state(path)
    root = st.tree.root_node if st is not None else None

    def comment_at(offset: int) -> tuple[int, int] | None:
        node = root.descendant_for_byte_range(offset, offset + 1) if root is not None else None
        return (node.start_byte, node.end_byte) if node is not None and node.type == "comment" else None

    sups = parse_suppressions(data, index, known_id, comment_at)
    if not sups:
        return diags
    used: list[set[str]] = [set() for _ in sups]
    kept: list[Diagnostic] = []
    for d in diags:
        line = index.line_of(d.range.start)
        hit = False
        for i, s in enumerate(sups):
            if not s.covers(d.rule):
                continue
            if s.kind == "file" or s.line == line:
                used[i].add(d.rule)
                hit = True
        if not hit:
            kept.append(d)
    unused_severity = enabled.get(UNUSED_SUPPRESSION)
    if unused_severity is None:
        return kept

    def report(rng: TextRange, message: str, fix: Fix | None, tags: tuple[str, ...] = ("unnecessary",)) -> None:
        line = index.line_of(rng.start)
        if any(s.covers(UNUSED_SUPPRESSION) and not s.every and (s.kind == "file" or s.line == line) for s in sups):
            return  # `unused-suppression` named in a suppression (a bare one does not silence these reports)
        kept.append(Diagnostic(path, rng, UNUSED_SUPPRESSION, message, unused_severity, (fix,) if fix else (), tags))  # type: ignore[arg-type]

    for s, u in zip(sups, used):
        for name, rng in s.unknown:
            hint = did_you_mean(name, [*RULES, *(a for a in ALIASES)]) or did_you_mean(name.lower(), [*RULES, *(a for a in ALIASES)])
            fix = Fix(f"Replace with '{hint}'", "unsafe", (Edit(path, rng, hint),)) if hint else None
            report(rng, f"Unknown rule '{name}' in suppression" + (f" (did you mean '{hint}'?)" if hint else "") + ": it suppresses nothing", fix, ())
        if s.eslint:
            continue  # ESLint owns its comments (its own rule may need them; it reports unused ones itself)
        if s.every:
            if not u and _default_rules_ran(enabled):
                report(s.range, "Unused suppression: no diagnostic of any rule here", Fix("Remove unused suppression", "safe", (Edit(path, _comment_removal(data, index, s.range), ""),)))
            continue
        # a name can be known unused only when its rule ran (`--select X --fix` must keep the others)
        unused = [(rid, rng) for rid, rng in s.names if rid not in u and rid in enabled and rid != UNUSED_SUPPRESSION]
        if not unused:
            continue
        if len(unused) == len(s.names) and not s.unknown:  # every name unused: the whole comment goes
            names = ", ".join(dict.fromkeys(rid for rid, _ in unused))
            report(s.range, f"Unused suppression: no diagnostic of {names} here", Fix("Remove unused suppression", "safe", (Edit(path, _comment_removal(data, index, s.range), ""),)))
            continue
        spans = sorted([rng for _, rng in s.names] + [rng for _, rng in s.unknown], key=lambda r: r.start)
        for rid, rng in unused:
            fix = Fix(f"Remove '{rid}' from the suppression", "safe", (Edit(path, _name_removal(spans, rng), ""),))
            report(rng, f"Unused suppression: no diagnostic of {rid} here", fix)
    return kept


def _comment_removal(data: bytes, index, rng: TextRange) -> TextRange:
    """What removing a suppression comment deletes: its whole lines when nothing else is on them;
    else the comment and the blanks that separate it from the code (never the code)."""
    first, last = index.line_of(rng.start), index.line_of(rng.end)
    lstart = index.starts[first]
    lend = index.starts[last + 1] if last + 1 < len(index.starts) else len(data)
    before, after = data[lstart : rng.start], data[rng.end : lend]
    if before.strip() in (b"", b"{") and after.strip() == (b"}" if before.strip() else b""):
        return TextRange(lstart, lend)  # alone on its lines (in JSX: `{/* … */}` alone on its line)
    if after.strip() == b"":  # code, then the comment: take the blanks before it
        start = rng.start
        while start > lstart and data[start - 1 : start] in (b" ", b"\t"):
            start -= 1
        return TextRange(start, rng.end)
    end = rng.end  # the comment, then code: take the blanks after it
    while end < lend and data[end : end + 1] in (b" ", b"\t"):
        end += 1
    return TextRange(rng.start, end)


def _name_removal(spans: list[TextRange], rng: TextRange) -> TextRange:
    """One name out of a list of names: with the separator after it, or before it when it is last."""
    i = next(k for k, r in enumerate(spans) if r.start == rng.start)
    if i + 1 < len(spans):
        return TextRange(rng.start, spans[i + 1].start)
    if i > 0:
        return TextRange(spans[i - 1].end, rng.end)
    return rng


def _default_rules_ran(enabled: dict[str, str]) -> bool:
    """A suppression of every rule that matched nothing is known unused only when every rule that
    runs by default ran (with `--select X` it may be needed when the others run)."""
    return all(rid in enabled for rid, mod in RULES.items() if mod.RULE.enabled_by_default)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate (difflib ratio ≥ 0.6). Candidates whose length rules out that ratio are
    dropped first: the ratio is at most 2·min/(len a + len b), and a project has thousands of paths."""
    n = len(name)
    plausible = [c for c in candidates if 2 * min(n, len(c)) >= 0.6 * (n + len(c))]
    m = difflib.get_close_matches(name, plausible, n=1, cutoff=0.6)
    return m[0] if m else None
