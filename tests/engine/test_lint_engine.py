"""The engine around the rules: selection, severities, aliases, suppressions, settings, failures."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))

from convex_lsp.analysis import lint
from convex_lsp.analysis.config import parse_settings
from convex_lsp.analysis.rules import canonical_id
from tester import Case, build

CODE = '''import { query } from "./_generated/server";
export const a = query({ args: {}, handler: async (ctx) => ctx.db.query("userz").take(1) });
export const b = query({ args: {}, handler: async (ctx) => { return Date.now(); } });
'''


WATCHED = {"unknown-table", "no-date-now-in-query", "no-top-of-hour-crons", "unused-suppression"}


def run(code=CODE, settings=None, path="convex/messages.ts"):
    """Diagnostics of the rules these tests exercise (other registered rules may also fire on the sample)."""
    host, p = build(Case(code, path=path, settings=settings))
    snap = host.snapshot()
    return [(d.rule, d.severity, snap.line_index(p).position(d.range.start)[0] + 1) for d in lint.lint_file(snap, p) if d.rule in WATCHED]


def test_defaults():
    assert run() == [("unknown-table", "error", 2), ("no-date-now-in-query", "warning", 3)]


def test_ignore_select_and_severity():
    assert run(settings={"ignore": ["unknown-table"]}) == [("no-date-now-in-query", "warning", 3)]
    assert run(settings={"severity": {"no-date-now-in-query": "error"}}) == [("unknown-table", "error", 2), ("no-date-now-in-query", "error", 3)]
    assert run(settings={"severity": {"unknown-table": "off"}}) == [("no-date-now-in-query", "warning", 3)]
    assert run(settings={"ignore": ["correctness"]}) == []


def test_ep_aliases():
    assert canonical_id("@convex-dev/no-top-of-hour-crons") == "no-top-of-hour-crons"
    assert canonical_id("unknown-table") == "unknown-table"
    assert canonical_id("no-such-rule") is None
    s, problems = parse_settings({"select": ["no-such-rule"]})
    assert lint.unknown_rule_names(s) == ["no-such-rule"]


def test_suppressions_next_line_line_and_file():
    code = CODE.replace("export const a", "// convex-lsp-disable-next-line unknown-table\nexport const a")
    assert run(code) == [("no-date-now-in-query", "warning", 4)]
    code = CODE.replace('take(1) });', 'take(1) }); // convex-lsp-disable-line unknown-table')
    assert run(code) == [("no-date-now-in-query", "warning", 3)]
    code = "/* convex-lsp-disable no-date-now-in-query */\n" + CODE
    assert run(code) == [("unknown-table", "error", 3)]


def test_eslint_comment_form_for_aliased_rules_only():
    cron = '''import { cronJobs } from "convex/server";
const crons = cronJobs();
// eslint-disable-next-line @convex-dev/no-top-of-hour-crons
crons.daily("d", { hourUTC: 1, minuteUTC: 0 }, x, {});
// eslint-disable-next-line no-console
crons.daily("e", { hourUTC: 1, minuteUTC: 0 }, x, {});
export default crons;
'''
    assert run(cron, path="convex/crons.ts") == [("no-top-of-hour-crons", "warning", 6)]


def test_unused_suppression_is_reported_with_a_fix():
    code = "// convex-lsp-disable-next-line no-db-in-action\n" + CODE
    host, p = build(Case(code))
    snap = host.snapshot()
    diags = lint.lint_file(snap, p)
    unused = [d for d in diags if d.rule == "unused-suppression"]
    assert len(unused) == 1
    assert unused[0].severity == "info"
    assert unused[0].message == "Unused suppression: no diagnostic of no-db-in-action here"
    assert unused[0].fix.edits[0].new_text == "" and unused[0].fix.edits[0].range.start == 0


def _unused(code, settings=None):
    host, p = build(Case(code, settings=settings))
    return [d.message for d in lint.lint_file(host.snapshot(), p) if d.rule == "unused-suppression"]


def test_a_suppression_of_a_rule_that_did_not_run_is_not_reported_unused():
    """A rule turned off (or left out by `select`) may need its suppression when it runs again:
    `check --select X --fix` must not remove the other rules' suppressions."""
    code = "// convex-lsp-disable-next-line no-db-in-action\n" + CODE
    assert _unused(code, {"ignore": ["no-db-in-action"]}) == []
    assert _unused(code, {"severity": {"no-db-in-action": "off"}}) == []
    assert _unused(code, {"ignore": ["ALL"], "select": ["unknown-table"]}) == []
    two = "// convex-lsp-disable-next-line no-db-in-action, unknown-table\n" + CODE
    # the rule that ran is known unused (alone, with a fix that removes only its name); the other is not
    assert _unused(two, {"ignore": ["unknown-table"]}) == ["Unused suppression: no diagnostic of no-db-in-action here"]
    assert _unused(two, {"ignore": ["unknown-table", "no-db-in-action"]}) == []
    assert _unused(two) == ["Unused suppression: no diagnostic of no-db-in-action, unknown-table here"]


def test_a_suppression_of_every_rule_counts_as_unused_only_when_the_default_rules_ran():
    code = CODE.replace("export const b", "// convex-lsp-disable-next-line\nexport const c = 1;\nexport const b")
    assert _unused(code) == ["Unused suppression: no diagnostic of any rule here"]
    assert _unused(code, {"ignore": ["security"]}) == []


def test_unused_suppression_can_be_ignored_or_given_a_severity_like_a_rule():
    code = "// convex-lsp-disable-next-line no-db-in-action\n" + CODE
    host, p = build(Case(code, settings={"severity": {"unused-suppression": "warning"}}))
    assert [(d.rule, d.severity) for d in lint.lint_file(host.snapshot(), p) if d.rule == "unused-suppression"] == [("unused-suppression", "warning")]
    assert _unused(code, {"ignore": ["unused-suppression"]}) == []
    assert _unused(code, {"severity": {"unused-suppression": "off"}}) == []
    s, _ = parse_settings({"ignore": ["unused-suppression"], "severity": {"unused-suppression": "error"}})
    assert lint.unknown_rule_names(s) == []


def test_a_suppression_naming_only_unknown_rules_suppresses_nothing_and_is_reported():
    for comment in ("/* convex-lsp-disable unknown-tabel */\n", "// convex-lsp-disable-next-line unknown-tabel\n"):
        code = comment + CODE
        assert [r for r in run(code) if r[0] != "unused-suppression"] == [("unknown-table", "error", 3), ("no-date-now-in-query", "warning", 4)]
        host, p = build(Case(code))
        [d] = [d for d in lint.lint_file(host.snapshot(), p) if d.rule == "unused-suppression"]
        assert d.message == "Unknown rule 'unknown-tabel' in suppression (did you mean 'unknown-table'?): it suppresses nothing"
        assert code[d.range.start : d.range.end] == "unknown-tabel"
        assert (d.fix.title, d.fix.applicability, d.fix.edits[0].new_text) == ("Replace with 'unknown-table'", "unsafe", "unknown-table")
    # a known rule next to an unknown one still works
    code = "// convex-lsp-disable-next-line nope, unknown-table\n" + CODE.split("\n", 1)[1]
    code = CODE.split("\n", 1)[0] + "\n" + code
    assert [r for r in run(code) if r[0] != "unused-suppression"] == [("no-date-now-in-query", "warning", 4)]
    assert _unused(code) == ["Unknown rule 'nope' in suppression: it suppresses nothing"]


def _fixed(code, settings=None):
    """(messages of unused-suppression, the text after applying their fixes)."""
    from convex_lsp.analysis.diagnostics import apply_edits

    host, p = build(Case(code, settings=settings))
    diags = [d for d in lint.lint_file(host.snapshot(), p) if d.rule == "unused-suppression"]
    edits = [e for d in diags for f in d.fixes[:1] for e in f.edits if f.applicability == "safe"]
    return [d.message for d in diags], apply_edits(code.encode(), edits).decode()


def test_a_block_suppression_may_name_its_rules_on_later_lines():
    code = "/* convex-lsp-disable\n   no-date-now-in-query\n*/\n" + CODE
    assert run(code) == [("unknown-table", "error", 5)]
    code = CODE.replace("export const b", "/* convex-lsp-disable-next-line\n   no-date-now-in-query */\nexport const b")
    assert run(code) == [("unknown-table", "error", 2)]


def test_removing_an_unused_suppression_never_removes_code():
    tail = "\n" + CODE
    cases = [
        ("export const x = 1; /* convex-lsp-disable-line no-date-now-in-query */", "export const x = 1;"),
        ("export const x = 1; // convex-lsp-disable-line no-date-now-in-query -- don't *ever* remove", "export const x = 1;"),
        ("/* convex-lsp-disable no-db-in-action */ export const x = 1;", "export const x = 1;"),
        ("  // convex-lsp-disable-next-line no-db-in-action", None),  # alone on its line: the line goes
        ("/* convex-lsp-disable-next-line\n   no-db-in-action */", None),
    ]
    for line, expected in cases:
        messages, text = _fixed(line + tail)
        assert len(messages) == 1, (line, messages)
        assert text == (expected + tail if expected is not None else CODE), (line, text)
    # CRLF: the line end stays whole
    messages, text = _fixed("export const x = 1; // convex-lsp-disable-line no-db-in-action\r\n" + CODE)
    assert text == "export const x = 1;\r\n" + CODE


def test_each_unused_rule_of_a_suppression_is_reported():
    """As ruff's RUF100: a suppression whose other rule matched still reports the name that did
    not, and the fix removes only that name."""
    code = CODE.replace("export const a", "// convex-lsp-disable-next-line unknown-table, no-db-in-action\nexport const a")
    messages, text = _fixed(code)
    assert messages == ["Unused suppression: no diagnostic of no-db-in-action here"]
    assert "// convex-lsp-disable-next-line unknown-table\nexport const a" in text
    code = CODE.replace("export const a", "// convex-lsp-disable-next-line no-db-in-action unknown-table\nexport const a")
    assert "// convex-lsp-disable-next-line unknown-table\nexport const a" in _fixed(code)[1]


def test_unused_suppression_can_itself_be_suppressed():
    code = CODE.replace("export const b", "// convex-lsp-disable-next-line unused-suppression\n// convex-lsp-disable-next-line no-db-in-action\nexport const b")
    assert _fixed(code)[0] == []
    code = "/* convex-lsp-disable unused-suppression */\n// convex-lsp-disable-next-line no-db-in-action\n" + CODE
    assert _fixed(code)[0] == []
    code = "export const x = 1; // convex-lsp-disable-line no-db-in-action, unused-suppression\n" + CODE
    assert _fixed(code)[0] == []


def test_a_misspelt_directive_is_no_suppression():
    """`convex-lsp-disable-lines` is not `convex-lsp-disable` (the whole file) plus a name `-lines`."""
    code = CODE.replace('take(1) });', 'take(1) }); // convex-lsp-disable-lines unknown-table')
    assert run(code) == [("unknown-table", "error", 2), ("no-date-now-in-query", "warning", 3)]


def test_a_jsdoc_style_block_suppression():
    code = "/* convex-lsp-disable\n * no-db-in-action,\n * no-collect-length\n */\n" + CODE
    messages, text = _fixed(code)
    assert messages == ["Unused suppression: no diagnostic of no-db-in-action, no-collect-length here"]
    assert text == CODE
    code = "/* convex-lsp-disable\n * no-date-now-in-query\n */\n" + CODE
    assert run(code) == [("unknown-table", "error", 5)]


def test_an_unknown_name_in_another_case_gets_a_hint():
    code = "// convex-lsp-disable-next-line NO-DB-IN-ACTION\n" + CODE
    assert _fixed(code)[0] == ["Unknown rule 'NO-DB-IN-ACTION' in suppression (did you mean 'no-db-in-action'?): it suppresses nothing"]


def test_a_syntax_error_suppression_is_not_unused_where_syntax_errors_are_not_computed():
    code = CODE + "// convex-lsp-disable-next-line syntax-error\nconst x = (1 +;\n"
    host, p = build(Case(code))
    assert [d.rule for d in lint.lint_file(host.snapshot(), p) if d.rule in ("unused-suppression", "syntax-error")] == []
    assert [d.rule for d in lint.lint_file(host.snapshot(), p, syntax_errors=True) if d.rule in ("unused-suppression", "syntax-error")] == []


def test_a_jsx_comment_alone_on_its_line_goes_with_its_braces():
    code = 'export const A = () => (\n  <div>\n    {/* convex-lsp-disable-next-line no-db-in-action */}\n    <span />\n  </div>\n);\n'
    host, p = build(Case(code, path="convex/a.tsx"))
    from convex_lsp.analysis.diagnostics import apply_edits

    [d] = [d for d in lint.lint_file(host.snapshot(), p) if d.rule == "unused-suppression"]
    assert apply_edits(code.encode(), d.fixes[0].edits).decode() == code.replace("    {/* convex-lsp-disable-next-line no-db-in-action */}\n", "")


def test_a_directive_counts_only_at_the_start_of_a_comment():
    code = CODE.replace('take(1) });', 'take(1) }); // see the docs // convex-lsp-disable-line unknown-table')
    assert run(code) == [("unknown-table", "error", 2), ("no-date-now-in-query", "warning", 3)]


def test_directive_text_inside_a_string_is_not_a_suppression():
    for text in ('"see // convex-lsp-disable-line"', "`/* convex-lsp-disable */`", "'// convex-lsp-disable-next-line'"):
        code = CODE.replace('take(1) });', f"take(1) }}); const s = {text};")
        assert run(code) == [("unknown-table", "error", 2), ("no-date-now-in-query", "warning", 3)], text


def test_an_eslint_comment_is_never_reported_unused():
    """ESLint owns its directives (its own rule may need the comment, and it reports unused ones)."""
    code = "// eslint-disable-next-line @convex-dev/no-filter-in-query\n" + CODE
    assert _unused(code) == []
    assert _unused("// convex-lsp-disable-next-line no-filter-in-query\n" + CODE) == ["Unused suppression: no diagnostic of no-filter-in-query here"]


def test_a_failing_rule_does_not_stop_the_others(monkeypatch):
    from convex_lsp.analysis.rules import no_date_now_in_query

    def boom(ctx):
        raise RuntimeError("boom")
        yield

    monkeypatch.setattr(no_date_now_in_query, "check", boom)
    assert run() == [("unknown-table", "error", 2)]
    failures = [f for f in lint.take_failures() if f.rule == "no-date-now-in-query"]
    assert len(failures) == 1 and "boom" in failures[0].error


def test_outside_a_root_nothing():
    from convex_lsp.analysis.host import AnalysisHost

    host = AnalysisHost()
    host.set_file("/elsewhere/a.ts", b'ctx.db.query("nope")')
    assert lint.lint_file(host.snapshot(), "/elsewhere/a.ts") == []


def test_settings_problems_are_reported_not_raised():
    s, problems = parse_settings({"diagnostics": {"debounceMs": "fast"}, "bogus": 1, "severity": {"x": "loud"}})
    assert s.debounce_ms == 200
    assert problems == [
        "invalid value for 'diagnostics.debounceMs': expected an integer, got 'fast'; using the default",
        "unknown setting 'bogus'",
        "invalid severity for 'x': expected one of error, warning, info, off, got 'loud'",
    ]


def test_identical_edits_from_two_fixes_apply_once():
    from convex_lsp.analysis.diagnostics import Edit, apply_edits
    from convex_lsp.analysis.text import TextRange

    imp = 'import { v } from "convex/values";\n'
    edits = [Edit("/p", TextRange(0, 0), imp), Edit("/p", TextRange(0, 0), imp), Edit("/p", TextRange(4, 5), "Y")]
    assert apply_edits(b"abcdXf", edits).decode() == imp + "abcdYf"
