import pytest

from convex_lsp.analysis.rules import no_duplicate_indexes as rule
from tester import Case, Err, assert_invalid, assert_valid, err, run_rule

HEAD = 'import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n\nexport default defineSchema({\n'


def schema(body: str) -> str:
    return HEAD + body + "});\n"


T = '  t: defineTable({ a: v.string(), b: v.string(), c: v.string() })\n'
USE_A = ('//- convex/messages.ts\nexport const f = async (ctx: any, x: string) =>\n'
         '  ctx.db.query("t").withIndex("by_a", (q: any) => q.eq("a", x)).{tail};\n')


def case(code, errors=(), **kw):
    return Case(code, list(errors), path="convex/schema.ts", **kw)


PREFIX = schema(T + '    .index("by_a", ["a"])\n    .index("by_a_b", ["a", "b"]),\n')
SAME = schema(T + '    .index("by_a", ["a", "b"])\n    .index("by_a_and_b", ["a", "b"])\n    .index("by_ab", ["a", "b"]),\n')
CONST_FILE = ('//- convex/tables/t.ts\nimport { defineTable } from "convex/server";\nimport { v } from "convex/values";\n'
              'export const tTable = defineTable({ a: v.string(), b: v.string() })\n  .index("by_a", ["a"])\n  .index("by_a_b", ["a", "b"]);\n')

VALID = [
    case(schema(T + '    .index("by_a", ["a"])\n    .index("by_b_a", ["b", "a"])\n    .index("by_c", ["c"]),\n'), name="distinct-indexes"),
    case(schema(T + '    .index("by_a", ["a"])\n    .searchIndex("search_a", { searchField: "a", filterFields: ["b"] }),\n'), name="search-index-ignored"),
    case(schema(T + '    .index("by_a", { fields: ["a"], staged: true })\n    .index("by_a_b", ["a", "b"]),\n'), name="staged-ignored"),
    case("//- convex/schema.ts\n" + PREFIX + USE_A.replace("{tail}", 'order("desc").take(10)'), name="bp-exception-order-take"),
    case("//- convex/schema.ts\n" + PREFIX + USE_A.replace("{tail}", "first()"), name="bp-exception-first"),
    case("//- convex/schema.ts\n" + PREFIX + USE_A.replace("{tail}", "paginate(opts)").replace("x: string", "x: string, opts: any"), name="bp-exception-paginate"),
]

INVALID = [
    case(PREFIX, [err("Index 'by_a' (a) is a prefix of 'by_a_b'; queries on it can use 'by_a_b'", PREFIX, "by_a")],
         output=schema(T + '    .index("by_a_b", ["a", "b"]),\n'), name="prefix-warning"),
    case(SAME, [err("Index 'by_a_and_b' has the same fields as 'by_a' (a, b)", SAME, "by_a_and_b"),
                err("Index 'by_ab' has the same fields as 'by_a' (a, b)", SAME, "by_ab")], name="identical-error"),
    case("//- convex/schema.ts\n" + PREFIX + USE_A.replace("{tail}", "collect()"),
         [err("Index 'by_a' (a) is a prefix of 'by_a_b'; queries on it can use 'by_a_b'", PREFIX, "by_a")], name="usage-without-order-needs"),
    Case(CONST_FILE + '//- convex/schema.ts\nimport { defineSchema } from "convex/server";\nimport { tTable } from "./tables/t";\n'
         'export default defineSchema({ t: tTable });\n',
         [Err("Index 'by_a' (a) is a prefix of 'by_a_b'; queries on it can use 'by_a_b'", 4, 11, 4, 15)],
         path="convex/tables/t.ts", name="table-const-in-other-file"),
]


def test_severities():
    diags, _, _ = run_rule(rule, INVALID[0])
    assert [d.severity for d in diags] == ["warning"]
    diags, _, _ = run_rule(rule, INVALID[1])
    assert [d.severity for d in diags] == ["error", "error"]


def test_fix_rewrites_usages_in_other_files():
    code = "//- convex/schema.ts\n" + SAME + USE_A.replace("{tail}", "collect()").replace("by_a", "by_ab")
    diags, snap, _ = run_rule(rule, Case(code, path="convex/schema.ts"))
    fix = diags[1].fixes[0]
    assert fix.title == "Remove index 'by_ab' (use 'by_a')"
    other = [e for e in fix.edits if e.path.endswith("messages.ts")]
    assert [e.new_text for e in other] == ["by_a"]
    src = snap.text(other[0].path)
    assert src[other[0].range.start : other[0].range.end] == b"by_ab"


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(case(_docs_example("Use instead"), name="docs-use-instead"))
INVALID.append(case(_docs_example("Example"), [err("Index 'by_channel' (channel) is a prefix of 'by_channel_author'; queries on it can use 'by_channel_author'",
                                                   _docs_example("Example"), "by_channel")],
                    output=_docs_example("Use instead"), name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
