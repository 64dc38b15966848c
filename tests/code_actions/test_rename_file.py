"""function-in-non-entry-file: "Rename file to <valid>.ts" renames the module file (an Edit with
`rename_to`), rewrites the api/internal references to its old module path and the relative imports
of the file."""

from __future__ import annotations

from collections import Counter

import pytest
from ca_harness import ActionCase, counts, find_fixes, lint_all, pick, rel, root_files

from convex_lsp.analysis.diagnostics import apply_edits
from convex_lsp.analysis.rules.function_in_non_entry_file import RULE, valid_name

CALLER = """//- convex/jobs.ts
import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";

export const run = internalAction({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(internal.messages.helpers.list, {});
  },
});
"""

HELPERS = """//- convex/messages.helpers.ts
import { internalQuery } from "./_generated/server";

export const list = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
"""

HYPHEN = """//- convex/my-messages.ts
import { query } from "./_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
"""


def apply_with_renames(host, snap, fix) -> dict[str, bytes]:
    """Apply the text edits, then the renames; returns the new contents by (new) path."""
    by: dict[str, list] = {}
    for e in fix.edits:
        if e.rename_to is None:
            by.setdefault(e.path, []).append(e)
    out = {p: apply_edits(snap.text(p) or b"", es) for p, es in by.items()}
    for p, data in out.items():
        host.set_file(p, data)
    for e in fix.edits:
        if e.rename_to is not None:
            data = out.pop(e.path, None) or snap.text(e.path) or b""
            host.remove_file(e.path)
            host.set_file(e.rename_to, data)
            out[e.rename_to] = data
    return out


@pytest.mark.parametrize(
    ("name", "code", "path", "title", "new"),
    [
        ("multi-dot", HELPERS + CALLER, "convex/messages.helpers.ts", "Rename file to messagesHelpers.ts", "convex/messagesHelpers.ts"),
        ("hyphen", HYPHEN, "convex/my-messages.ts", "Rename file to my_messages.ts", "convex/my_messages.ts"),
    ],
)
def test_rename_fixes_the_file(name, code, path, title, new):
    at = "internalQuery({" if "helpers" in path else "import"
    host, snap, _p, diag, fixes = find_fixes(ActionCase(name, code, at, title, "function-in-non-entry-file", path=path))
    fix = pick(fixes, title)
    assert fix.applicability == "unsafe"
    renames = [e for e in fix.edits if e.rename_to is not None]
    assert len(renames) == 1 and rel(renames[0].path) == path and rel(renames[0].rename_to) == new
    before = lint_all(snap)
    changes = apply_with_renames(host, snap, fix)
    after_snap = host.snapshot()
    after = lint_all(after_snap)
    assert not [d for ds in after.values() for d in ds if d.rule == "function-in-non-entry-file"]
    for p in root_files(after_snap):
        old_p = renames[0].path if p == renames[0].rename_to else p
        extra = counts(after.get(p, [])) - counts(before.get(old_p, []))
        assert not Counter({k: v for k, v in extra.items()}), f"{rel(p)}: {dict(extra)}"
    if name == "multi-dot":
        jobs = next(v for k, v in changes.items() if k.endswith("/jobs.ts")).decode()
        assert "internal.messagesHelpers.list" in jobs


def test_valid_name():
    assert valid_name("messages.helpers.ts") == "messagesHelpers.ts"
    assert valid_name("my-messages.ts") == "my_messages.ts"
    assert valid_name("my messages.tsx") == "my_messages.tsx"
    assert RULE.fix == "sometimes" and RULE.applicability == "unsafe"


def test_no_fix_when_the_new_name_exists():
    code = HELPERS + """//- convex/messagesHelpers.ts
export const x = 1;
"""
    _h, _s, _p, _d, fixes = find_fixes(ActionCase("exists", code, "internalQuery({", "", "function-in-non-entry-file", path="convex/messages.helpers.ts"))
    assert not [f for f in fixes if f.title.startswith("Rename file")]


def test_no_fix_for_a_bad_folder():
    code = """//- convex/my-dir/messages.ts
import { query } from "./../_generated/server";

export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").take(10) });
"""
    _h, _s, _p, _d, fixes = find_fixes(ActionCase("folder", code, "import", "", "function-in-non-entry-file", path="convex/my-dir/messages.ts"))
    assert not [f for f in fixes if f.title.startswith("Rename file")]


IMPORTERS = """//- convex/util.ts
import { list } from "./my-messages";
import type { Row } from "./my-messages.js";
export { list as listAll } from "./my-messages";
const lazy = () => import ("./my-messages");
import legacy = require("./my-messages");
const other = "./my-messages";
export const x = [list, lazy, other, legacy, require ("./my-messages")];
//- convex/nested/deep.ts
import * as m from "../my-messages";
import { list as aliased } from "@cvx/my-messages";
export const y = [m, aliased];
//- convex/tsconfig.json
{ "compilerOptions": { "paths": { "@cvx/*": ["./*"] } } }
"""


def test_rename_rewrites_relative_imports_of_the_file():
    code = HYPHEN.replace("export const list", "export type Row = { a: string };\nexport const list") + IMPORTERS
    host, snap, _p, _d, fixes = find_fixes(ActionCase("imports", code, "import", "Rename file to my_messages.ts", "function-in-non-entry-file", path="convex/my-messages.ts"))
    fix = pick(fixes, "Rename file to my_messages.ts")
    changes = apply_with_renames(host, snap, fix)
    util = next(v for k, v in changes.items() if k.endswith("/util.ts")).decode()
    deep = next(v for k, v in changes.items() if k.endswith("/nested/deep.ts")).decode()
    assert 'import { list } from "./my_messages";' in util
    assert 'import type { Row } from "./my_messages.js";' in util
    assert 'export { list as listAll } from "./my_messages";' in util
    assert 'import ("./my_messages")' in util
    assert 'import legacy = require("./my_messages");' in util
    assert 'require ("./my_messages")]' in util
    assert 'const other = "./my-messages";' in util  # a string that is not a module specifier stays
    assert 'import * as m from "../my_messages";' in deep
    assert 'import { list as aliased } from "@cvx/my_messages";' in deep  # through the tsconfig alias
    # every import resolves after the rename: no new findings anywhere
    after = lint_all(host.snapshot())
    assert not [d for ds in after.values() for d in ds if d.rule == "function-in-non-entry-file"]

