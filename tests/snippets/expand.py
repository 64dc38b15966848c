"""Turn the snippets in `snippets/*.json` into plain TypeScript.

This is the hook that snippet tests use (the parse test here, the rule tests later):

- `expand_snippet(body)`: one snippet body with every placeholder replaced by its default
  (`${1:name}` -> `name`, mirrors `$1` -> the same default, choices `${1|a,b|}` -> `a`, `$0` -> empty).
- `load_snippets()`: every snippet shipped in the `convex_lsp.snippets` package.
- `snippet_module(snippet)`: `(path, text)` of a complete file that holds the expanded snippet, with the
  imports it needs; fragments (a schema table, an index, a route, a cron job) are placed inside the
  file snippet they belong to.
- `snippet_project()`: `{path: text}` for one Convex project that holds *every* snippet at once. The
  snippet defaults are chosen to agree with each other (table `tasks` with `text`/`owner`, index
  `by_owner`, functions `tasks.insert`, `tasks.read`, `tasks.deleteOld`, ...), so the expanded project
  is expected to be free of diagnostics.

Every snippet prefix must have an entry in `PLACEMENT`; the test fails for a snippet without one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

# ---------------------------------------------------------------------------------------------
# Expansion (VS Code snippet syntax: tab stops, placeholders, choices, variables, escapes)
# ---------------------------------------------------------------------------------------------

_TABSTOP = re.compile(r"\$(\d+)|\$\{(\d+)\}")
_VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_OPEN_PLACEHOLDER = re.compile(r"\$\{(\d+):")
_OPEN_CHOICE = re.compile(r"\$\{(\d+)\|")
_OPEN_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):")

Node = tuple  # ("text", str) | ("tab", int, children | None) | ("var", str, children | None)


def _parse(s: str, i: int, nested: bool) -> tuple[list[Node], int]:
    """Parse from s[i] to the end (or to the `}` closing a placeholder when nested)."""
    nodes: list[Node] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            nodes.append(("text", "".join(text)))
            text.clear()

    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "$}\\":
            text.append(s[i + 1])
            i += 2
            continue
        if c == "}" and nested:
            flush()
            return nodes, i
        if c == "$":
            if m := _TABSTOP.match(s, i):
                flush()
                nodes.append(("tab", int(m.group(1) or m.group(2)), None))
                i = m.end()
                continue
            if m := _OPEN_PLACEHOLDER.match(s, i):
                flush()
                children, i = _parse(s, m.end(), nested=True)
                if i >= len(s):
                    raise ValueError(f"unclosed placeholder at {m.start()}: {s!r}")
                nodes.append(("tab", int(m.group(1)), children))
                i += 1
                continue
            if m := _OPEN_CHOICE.match(s, i):
                flush()
                options, i = _parse_choice(s, m.end())
                nodes.append(("tab", int(m.group(1)), [("text", options[0])]))
                continue
            if m := _OPEN_VARIABLE.match(s, i):
                flush()
                children, i = _parse(s, m.end(), nested=True)
                if i >= len(s):
                    raise ValueError(f"unclosed variable at {m.start()}: {s!r}")
                nodes.append(("var", m.group(1), children))
                i += 1
                continue
            if m := _VARIABLE.match(s, i):
                flush()
                nodes.append(("var", m.group(1) or m.group(2), None))
                i = m.end()
                continue
            if s.startswith("${", i):
                raise ValueError(f"unsupported snippet syntax at {i} (transforms are not used): {s!r}")
        text.append(c)
        i += 1
    if nested:
        raise ValueError(f"unclosed placeholder: {s!r}")
    flush()
    return nodes, i


def _parse_choice(s: str, i: int) -> tuple[list[str], int]:
    options: list[str] = []
    cur: list[str] = []
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in ",|\\$}":
            cur.append(s[i + 1])
            i += 2
            continue
        if c == ",":
            options.append("".join(cur))
            cur = []
        elif c == "|" and s.startswith("|}", i):
            options.append("".join(cur))
            return options, i + 2
        else:
            cur.append(c)
        i += 1
    raise ValueError(f"unclosed choice: {s!r}")


def _defaults(nodes: list[Node], out: dict[int, list[Node]]) -> None:
    for node in nodes:
        if node[0] in ("tab", "var") and node[2] is not None:
            if node[0] == "tab":
                out.setdefault(node[1], node[2])
            _defaults(node[2], out)


def _render(nodes: list[Node], defaults: dict[int, list[Node]], final: str, depth: int = 0) -> str:
    if depth > 20:
        raise ValueError("placeholder refers to itself")
    parts = []
    for node in nodes:
        if node[0] == "text":
            parts.append(node[1])
        elif node[0] == "tab":
            n = node[1]
            if n == 0 and node[2] is None:
                parts.append(final)
            else:
                parts.append(_render(defaults.get(n, []), defaults, final, depth + 1))
        else:  # variable: its default, or nothing (no editor state here)
            parts.append(_render(node[2] or [], defaults, final, depth + 1))
    return "".join(parts)


def expand_snippet(body: list[str] | str, final: str = "") -> str:
    """The text VS Code would insert when the user accepts every default; `$0` becomes `final`."""
    text = "\n".join(body) if isinstance(body, list) else body
    nodes, _ = _parse(text, 0, nested=False)
    defaults: dict[int, list[Node]] = {}
    _defaults(nodes, defaults)
    return _render(nodes, defaults, final)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    file: str  # e.g. "functions.json"
    name: str
    prefix: str
    body: tuple[str, ...]
    description: str

    def expand(self, final: str = "") -> str:
        return expand_snippet(list(self.body), final)


def snippet_files() -> list[str]:
    pkg = resources.files("convex_lsp.snippets")
    return sorted(p.name for p in pkg.iterdir() if p.name.endswith(".json"))


def load_raw(file: str) -> dict:
    return json.loads(resources.files("convex_lsp.snippets").joinpath(file).read_text(encoding="utf-8"))


def load_snippets() -> list[Snippet]:
    out = []
    for file in snippet_files():
        for name, entry in load_raw(file).items():
            body = entry["body"]
            out.append(
                Snippet(
                    file=file,
                    name=name,
                    prefix=entry["prefix"],
                    body=tuple(body) if isinstance(body, list) else (body,),
                    description=entry.get("description", ""),
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Placement: where each snippet goes in a project
# ---------------------------------------------------------------------------------------------

#: prefix -> kind. File snippets are whole files; the other kinds are inserted into one of them.
PLACEMENT: dict[str, str] = {
    "cxquery": "function",
    "cxpaginate": "function",
    "cxmutation": "function",
    "cxaction": "function",
    "cxiquery": "function",
    "cximutation": "function",
    "cxiaction": "function",
    "cxbatchdelete": "function",
    "cxauth": "handler",  # statements at the top of a handler
    "cxschema": "file:convex/schema.ts",
    "cxtable": "in:cxschema",  # a property of defineSchema({...})
    "cxindex": "in:cxtable",  # appended to a defineTable(...) chain
    "cxsearchindex": "in:cxtable",
    "cxhttp": "file:convex/http.ts",
    "cxroute": "in:cxhttp",
    "cxcrons": "file:convex/crons.ts",
    "cxcron": "in:cxcrons",
    "cxapp": "file:convex/convex.config.ts",
    "cxcomponent": "file:src/component/convex.config.ts",
}

FUNCTIONS_FILE = "convex/tasks.ts"

PACKAGE_JSON = json.dumps(
    {
        "name": "snippet-project",
        "private": True,
        "dependencies": {"convex": "^1.31.0", "@convex-dev/rate-limiter": "^0.2.0"},
    },
    indent=2,
)

#: Where each identifier used by the snippets comes from (for files under convex/).
IMPORTS: dict[str, tuple[str, ...]] = {
    "./_generated/server": (
        "query",
        "mutation",
        "action",
        "internalQuery",
        "internalMutation",
        "internalAction",
        "httpAction",
    ),
    "./_generated/api": ("api", "internal", "components"),
    "convex/server": (
        "defineSchema",
        "defineTable",
        "httpRouter",
        "cronJobs",
        "defineApp",
        "defineComponent",
        "paginationOptsValidator",
    ),
    "convex/values": ("v", "ConvexError"),
}

_IMPORT_LINE = re.compile(r"^import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s+[\"'][^\"']+[\"'];?\s*$", re.M)
_STRING = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'")


def add_imports(text: str) -> str:
    """Prepend the imports `text` needs (identifiers in IMPORTS used but not imported yet)."""
    imported: set[str] = set()
    for m in _IMPORT_LINE.finditer(text):
        if m.group(1):
            imported.add(m.group(1))
        for name in (m.group(2) or "").split(","):
            name = name.strip().split(" as ")[-1].strip()
            if name:
                imported.add(name)
    code = _STRING.sub('""', _IMPORT_LINE.sub("", text))
    lines = []
    for module, names in IMPORTS.items():
        needed = [n for n in names if n not in imported and re.search(rf"(?<![\w$.]){n}\b", code)]
        if needed:
            lines.append(f"import {{ {', '.join(needed)} }} from \"{module}\";")
    if not lines:
        return text
    return "\n".join(lines) + "\n" + ("\n" if not text.startswith("import") else "") + text


def _by_prefix() -> dict[str, Snippet]:
    return {s.prefix: s for s in load_snippets()}


def _wrap_handler(prefix: str, statements: str) -> str:
    return (
        f"export const {prefix}Example = mutation({{\n"
        "\targs: {},\n"
        "\treturns: v.null(),\n"
        "\thandler: async (ctx) => {\n"
        f"{statements}\n"
        "\t\treturn null;\n"
        "\t},\n"
        "});\n"
    )


def _file_for(prefix: str) -> str:
    kind = PLACEMENT[prefix]
    while kind.startswith("in:"):
        kind = PLACEMENT[kind[3:]]
    if kind.startswith("file:"):
        return kind[5:]
    return FUNCTIONS_FILE


def _expand_into(snippets: dict[str, Snippet], prefix: str, children: dict[str, list[str]]) -> str:
    """Expand `prefix`, putting the expansions of the snippets placed `in:prefix` at its `$0`."""
    inner = "\n".join(_expand_into(snippets, c, children) for c in children.get(prefix, []))
    return snippets[prefix].expand(final=inner)


def _assemble(snippets: dict[str, Snippet], include: set[str]) -> dict[str, str]:
    """Files holding the snippets in `include` (plus the file snippets their fragments need)."""
    needed = set(include)
    for prefix in include:
        kind = PLACEMENT[prefix]
        while kind.startswith("in:"):
            needed.add(kind[3:])
            kind = PLACEMENT[kind[3:]]
    children: dict[str, list[str]] = {}
    for prefix in sorted(needed, key=list(PLACEMENT).index):
        kind = PLACEMENT[prefix]
        if kind.startswith("in:"):
            children.setdefault(kind[3:], []).append(prefix)
    files: dict[str, str] = {}
    functions: list[str] = []
    for prefix in sorted(needed, key=list(PLACEMENT).index):
        kind = PLACEMENT[prefix]
        if kind.startswith("file:"):
            files[kind[5:]] = _expand_into(snippets, prefix, children)
        elif kind == "function":
            functions.append(snippets[prefix].expand())
        elif kind == "handler":
            body = snippets[prefix].expand()
            indented = "\n".join("\t\t" + line if line else line for line in body.split("\n"))
            functions.append(_wrap_handler(prefix, indented))
    if functions:
        files[FUNCTIONS_FILE] = "\n\n".join(f.rstrip("\n") for f in functions) + "\n"
    return {path: add_imports(text) for path, text in files.items()}


def snippet_module(snippet: Snippet) -> tuple[str, str]:
    """(path, text): a complete file holding this snippet's expansion, with its imports."""
    files = _assemble(_by_prefix(), {snippet.prefix})
    path = _file_for(snippet.prefix)
    return path, files[path]


def snippet_project() -> dict[str, str]:
    """Every snippet, expanded into one Convex project: {relative path: text}, package.json included."""
    snippets = _by_prefix()
    files = _assemble(snippets, set(snippets))
    files["package.json"] = PACKAGE_JSON + "\n"
    return dict(sorted(files.items()))
