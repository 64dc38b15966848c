"""Schema-side actions: remove an index field, did-you-mean for a missing index field, add an unknown
table to schema.ts, create a missing index from the fields its range uses. Each fix is applied to
the project; the files reparse, the diagnostic is gone and nothing new appears (check_after)."""

from __future__ import annotations

import pytest

from ca_harness import check_after
from convex_lsp.analysis.lint import lint_file
from tester import Case, build

SCHEMA = """import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string(), channel: v.string(), author: v.string() })
    .index("by_channel", ["channel", "_creationTime"])
    .index("by_author", ["author", "author"])
    .index("by_chanel", ["chanel"]),
});
"""
FUNCS = """import { query } from "./_generated/server";
export const a = query({ args: {}, handler: async (ctx) => ctx.db.query("threads").take(1) });
export const b = query({ args: {}, handler: async (ctx) => ctx.db.query("messages").withIndex("by_author_and_body", (q) => q.eq("author", "x").eq("body", "y")).take(1) });
"""
CODE = "//- convex/schema.ts\n" + SCHEMA + "//- convex/messages.ts\n" + FUNCS


def fix_for(rule: str, title_start: str, path: str):
    host, _ = build(Case(CODE, path="convex/messages.ts"))
    snap = host.snapshot()
    target = f"/proj/{path}"
    for d in lint_file(snap, target):
        if d.rule != rule:
            continue
        for f in d.fixes:
            if f.title.startswith(title_start):
                return host, snap, f, d
    raise AssertionError(f"no '{title_start}' fix for {rule} in {path}")


@pytest.mark.parametrize(
    "rule,title,path,applicability,expect,allow",
    [
        ("index-field-rules", "Remove '_creationTime'", "convex/schema.ts", "safe", '.index("by_channel", ["channel"])', ()),
        ("index-field-rules", "Remove 'author'", "convex/schema.ts", "safe", '.index("by_author", ["author"])', ()),
        # the corrected index now duplicates by_channel and keeps its typo'd name: both reported, rightly
        ("index-field-rules", "Replace with 'channel'", "convex/schema.ts", "unsafe", '.index("by_chanel", ["channel"])',
         ("index-name-convention", "no-duplicate-indexes")),
        ("unknown-table", "Add table 'threads'", "convex/messages.ts", "unsafe", "  threads: defineTable({}),", ()),
        ("unknown-index", "Create index 'by_author_and_body'", "convex/messages.ts", "unsafe", '.index("by_author_and_body", ["author", "body"])', ()),
    ],
)
def test_schema_fix(rule, title, path, applicability, expect, allow):
    host, snap, fix, diag = fix_for(rule, title, path)
    assert fix.applicability == applicability
    changes = check_after(host, snap, fix, diag, allow)
    schema = changes.get("/proj/convex/schema.ts")
    assert schema is not None and expect in schema.decode()
