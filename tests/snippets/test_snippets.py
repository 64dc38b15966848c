"""The snippets in snippets/*.json: well-formed, unique, and expanding to TypeScript that parses.

The expansion helpers live in expand.py (also used by the rule tests); this file checks the snippet
files themselves, the expander, and a few Convex best practices that must hold for every snippet
until the rule engine can check the expanded project directly.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from expand import (  # noqa: E402
    PLACEMENT,
    expand_snippet,
    load_raw,
    load_snippets,
    snippet_files,
    snippet_module,
    snippet_project,
)

from convex_lsp.analysis.syntax import parse  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = load_snippets()
IDS = [s.prefix for s in SNIPPETS]
PROJECT = snippet_project()


def syntax_problems(path: str, text: str) -> list[str]:
    """ERROR and MISSING nodes of the parse, each with its line and the text around it."""
    data = text.encode("utf-8")
    tree = parse(path, data)
    problems: list[str] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            line = node.start_point[0]
            kind = "MISSING " + node.type if node.is_missing else "ERROR"
            problems.append(f"{kind} at line {line + 1}: {text.splitlines()[line] if text.splitlines() else ''!r}")
        elif node.has_error:
            stack.extend(node.children)
    return problems


# --- the files --------------------------------------------------------------------------------


def test_snippet_files_are_packaged():
    on_disk = sorted(p.name for p in (REPO / "snippets").glob("*.json"))
    assert snippet_files() == on_disk
    assert {"functions.json", "schema.json", "http.json", "crons.json", "config.json"} <= set(on_disk)


@pytest.mark.parametrize("file", snippet_files())
def test_snippet_file_shape(file):
    raw = load_raw(file)
    assert isinstance(raw, dict) and raw
    for name, entry in raw.items():
        assert set(entry) <= {"prefix", "body", "description", "scope"}, (name, sorted(entry))
        assert isinstance(entry["prefix"], str), name
        assert isinstance(entry["body"], (str, list)), name
        if isinstance(entry["body"], list):
            assert all(isinstance(line, str) for line in entry["body"]), name


def test_prefixes_unique_and_namespaced():
    assert len(IDS) == len(set(IDS)), sorted(p for p in IDS if IDS.count(p) > 1)
    assert all(re.fullmatch(r"cx[a-z]+", p) for p in IDS), IDS
    names = [s.name for s in SNIPPETS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=IDS)
def test_description_present(snippet):
    assert snippet.description.strip(), snippet.prefix
    assert len(snippet.description) >= 20, snippet.prefix


def test_required_snippets_present():
    assert {
        "cxquery", "cxmutation", "cxaction", "cxiquery", "cximutation", "cxiaction",
        "cxpaginate", "cxschema", "cxtable", "cxsearchindex", "cxhttp", "cxroute",
        "cxcron", "cxcrons", "cxapp",
    } <= set(IDS)


def test_every_snippet_has_a_placement():
    assert set(IDS) <= set(PLACEMENT), sorted(set(IDS) - set(PLACEMENT))
    assert set(PLACEMENT) <= set(IDS), sorted(set(PLACEMENT) - set(IDS))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=IDS)
def test_placeholders_have_defaults(snippet):
    """Every tab stop except $0 has a default somewhere (a bare $1 would expand to nothing)."""
    text = "\n".join(snippet.body)
    defined = {int(n) for n in re.findall(r"\$\{(\d+)[:|]", text)}
    used = {int(a or b) for a, b in re.findall(r"\$(\d+)|\$\{(\d+)\}", text)}
    assert used - defined <= {0}, sorted(used - defined - {0})
    assert "${0:" not in text


# --- the expander -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("${1:name}", "name"),
        ("${1:a} $1 ${1}", "a a a"),
        ("x$0y", "xy"),
        ("${1|GET,POST|}", "GET"),
        ("${1|a\\,b,c|}", "a,b"),
        ("${1:outer ${2:inner}} $2", "outer inner inner"),
        ("cost: \\$5 \\} \\\\", "cost: $5 } \\"),
        ("${TM_FILENAME_BASE:file} $TM_SELECTED_TEXT.", "file ."),
        (["line ${1:one}", "\tline $1"], "line one\n\tline one"),
        ("$2 then ${2:later}", "later then later"),
        ("$ alone and ${", None),
    ],
)
def test_expand_snippet(body, expected):
    if expected is None:
        with pytest.raises(ValueError):
            expand_snippet(body)
    else:
        assert expand_snippet(body) == expected


def test_expand_final_tabstop():
    assert expand_snippet("a$0b", final="X") == "aXb"


# --- expansions parse -------------------------------------------------------------------------


@pytest.mark.parametrize("snippet", SNIPPETS, ids=IDS)
def test_expanded_snippet_parses(snippet):
    path, text = snippet_module(snippet)
    assert syntax_problems(path, text) == [], f"{snippet.prefix} in {path}:\n{text}"


@pytest.mark.parametrize("path", sorted(p for p in PROJECT if p.endswith(".ts")))
def test_snippet_project_parses(path):
    assert syntax_problems(path, PROJECT[path]) == [], f"{path}:\n{PROJECT[path]}"


def test_syntax_problems_sees_errors():
    assert syntax_problems("x.ts", "export const a = query({ args: { }, handler: async (ctx) => { ctx.db. } });")
    assert syntax_problems("x.ts", "const a = (1 + 2;")


# --- best practice (what the rules will check; a textual stand-in until they exist) -----------

TS_FILES = {p: t for p, t in PROJECT.items() if p.endswith(".ts")}
ALL_TS = "\n".join(TS_FILES.values())


def _calls(text: str, path: str):
    tree = parse(path, text.encode())
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            yield node
        stack.extend(node.children)


def test_project_layout():
    assert set(PROJECT) == {
        "package.json",
        "convex/schema.ts",
        "convex/tasks.ts",
        "convex/http.ts",
        "convex/crons.ts",
        "convex/convex.config.ts",
        "src/component/convex.config.ts",
    }
    assert "convex" in json.loads(PROJECT["package.json"])["dependencies"]


def test_no_filter_collect_or_public_references():
    assert ".filter(" not in ALL_TS
    assert ".collect()" not in ALL_TS
    assert not re.search(r"(?<![\w.])api\.", ALL_TS), "reference functions through internal.*"


def test_db_calls_name_their_table():
    calls = re.findall(r"ctx\.db\.(get|patch|replace|delete)\(\s*([^,)]*)", ALL_TS)
    assert calls
    for method, first in calls:
        assert re.fullmatch(r'"\w+"', first.strip()), (method, first)


def test_every_db_chain_is_bounded():
    for chain in re.findall(r"ctx\.db\s*\.query\([^;]*;", ALL_TS):
        assert re.search(r"\.(take|paginate|unique|first)\(", chain), chain
        assert ".withIndex(" in chain, chain


def test_registered_functions_validate_and_guard():
    builders = {"query", "mutation", "action", "internalQuery", "internalMutation", "internalAction"}
    seen = set()
    for path, text in TS_FILES.items():
        data = text.encode()
        for call in _calls(text, path):
            fn = call.child_by_field_name("function")
            name = data[fn.start_byte : fn.end_byte].decode()
            if name not in builders:
                continue
            seen.add(name)
            body = data[call.start_byte : call.end_byte].decode()
            assert re.search(r"\bargs:", body), body
            if ".paginate(" not in body:
                assert re.search(r"\breturns:", body), body
            if name in {"query", "mutation", "action"}:
                guard = body.find("ctx.auth.getUserIdentity()")
                assert guard != -1 and "=== null" in body, body
                first_effect = min(
                    (i for i in (body.find("ctx.db"), body.find("ctx.run"), body.find("fetch(")) if i != -1),
                    default=len(body),
                )
                assert guard < first_effect, body
    assert seen == builders


def test_convex_calls_are_awaited():
    effect = re.compile(r"^ctx\.(db\.|scheduler\.|storage\.|run(Query|Mutation|Action)\b)")
    for path, text in TS_FILES.items():
        data = text.encode()
        for call in _calls(text, path):
            fn = call.child_by_field_name("function")
            if not effect.match(data[fn.start_byte : fn.end_byte].decode()):
                continue
            outer = call
            while outer.parent is not None and outer.parent.type in ("member_expression", "call_expression"):
                outer = outer.parent
            assert outer.parent is not None and outer.parent.type in ("await_expression", "return_statement"), (
                path,
                data[outer.start_byte : outer.end_byte].decode(),
            )


def test_crons_and_routes():
    crons = PROJECT["convex/crons.ts"]
    assert "export default crons;" in crons
    jobs = re.findall(r"crons\.(\w+)\(\"([^\"]+)\",[^;]*?(internal\.\w+\.\w+)", crons)
    assert jobs and all(method == "interval" for method, _, _ in jobs)
    assert len({name for _, name, _ in jobs}) == len(jobs)
    assert "minuteUTC: 0" not in crons
    http = PROJECT["convex/http.ts"]
    assert "export default http;" in http
    routes = re.findall(r'path: "([^"]+)",\s*method: "([A-Z]+)",\s*handler: httpAction\(', http)
    assert len(routes) == http.count("http.route(") >= 2
    assert len(set(routes)) == len(routes)
    assert all(p.startswith("/") and ":" not in p for p, _ in routes)


def test_references_resolve_within_the_project():
    """internal.tasks.<name> references point at functions the project defines, of a callable kind."""
    tasks = PROJECT["convex/tasks.ts"]
    kinds = dict((n, k) for n, k in re.findall(r"export const (\w+) = (\w+)\(", tasks))
    assert len(kinds) == tasks.count("export const ")
    for name in re.findall(r"internal\.tasks\.(\w+)", ALL_TS):
        assert kinds.get(name, "").startswith("internal"), name
    tables = set(re.findall(r"^\t(\w+): defineTable\(", PROJECT["convex/schema.ts"], re.M))
    tables |= set(re.findall(r"^(\w+): defineTable\(", PROJECT["convex/schema.ts"], re.M))
    assert tables == {"tasks", "projects"}
    for table in re.findall(r'ctx\.db\s*\.\w+\("(\w+)"', ALL_TS):
        assert table in tables, table
