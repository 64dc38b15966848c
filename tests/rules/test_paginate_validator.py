import pytest

from convex_lsp.analysis.rules import paginate_validator as rule
from tester import Case, assert_invalid, assert_valid, err, err_in

HEAD = 'import { v } from "convex/values";\nimport { paginationOptsValidator } from "convex/server";\nimport { query, internalQuery } from "./_generated/server";\n'
NOV = "'{k}' is passed to `.paginate()` but not validated; use `{k}: paginationOptsValidator` in args"
WRONG = "Validate '{k}' with `paginationOptsValidator` so the client's pagination options pass unchanged"
REBUILT = "Pass the pagination options to `.paginate()` unchanged instead of rebuilding them from arguments"


def fn(args: str, params: str, paginate: str, builder: str = "query") -> str:
    a = f"args: {args}, " if args is not None else ""
    return HEAD + f'export const list = {builder}({{ {a}handler: async (ctx, {params}) => ctx.db.query("messages").paginate({paginate}) }});\n'


def inv(code: str, message: str, needle: str, output: str | None = None, name: str = "") -> Case:
    """The error at `needle` inside `.paginate(…)`."""
    return Case(code, [err_in(message, code, f".paginate({needle})", needle)], output=output, name=name)


GOOD = fn("{ paginationOpts: paginationOptsValidator }", "args", "args.paginationOpts")

VALID = [
    Case(GOOD, name="validated-and-unchanged"),
    Case(fn("{ paginationOpts: paginationOptsValidator }", "{ paginationOpts }", "paginationOpts"), name="destructured"),
    Case(fn("{ paginationOpts: paginationOptsValidator }", "args", "{ ...args.paginationOpts, numItems: Math.min(args.paginationOpts.numItems, 50) }"),
         name="spread-with-clamp"),
    Case(fn("{}", "args", "{ numItems: 10, cursor: null }"), name="literal-first-page"),
    Case(fn('{ cursor: v.union(v.string(), v.null()) }', "{ cursor }", "{ numItems: 100, cursor }", builder="internalQuery"), name="internal-batch"),
    Case(fn("{ paginationOpts: v.optional(paginationOptsValidator) }", "args", "args.paginationOpts"), name="optional-validator"),
    Case(fn("{ paginationOpts: zPaginationOpts }", "args", "args.paginationOpts"), name="unknown-validator-expression"),
    Case('//- src/component/convex.config.ts\nimport { defineComponent } from "convex/server";\nexport default defineComponent("c");\n'
         '//- src/component/messages.ts\n' + fn("{ n: v.number() }", "args", "{ numItems: args.n, cursor: null }"),
         path="src/component/messages.ts", name="component-functions-skipped"),
]

INVALID = [
    inv(fn("{ opts: v.any() }", "args", "args.opts"), WRONG.format(k="opts"), "args.opts",
        output=fn("{ opts: paginationOptsValidator }", "args", "args.opts"), name="wrong-validator"),
    inv(fn("{}", "args", "args.paginationOpts"), NOV.format(k="paginationOpts"), "args.paginationOpts",
        output=fn("{ paginationOpts: paginationOptsValidator }", "args", "args.paginationOpts"), name="not-declared-empty-args"),
    inv(fn('{ q: v.string() }', "{ q, paginationOpts }", "paginationOpts"), NOV.format(k="paginationOpts"), "paginationOpts",
        output=fn('{ q: v.string(), paginationOpts: paginationOptsValidator }', "{ q, paginationOpts }", "paginationOpts"), name="not-declared"),
    inv(fn(None, "{ paginationOpts }: any", "paginationOpts"), NOV.format(k="paginationOpts"), "paginationOpts",
        output=fn("{ paginationOpts: paginationOptsValidator }", "{ paginationOpts }: any", "paginationOpts"), name="no-args-at-all"),
    inv(fn("{ paginationOpts: paginationOptsValidator }", "args", "{ numItems: args.paginationOpts.numItems, cursor: args.paginationOpts.cursor }"),
        REBUILT, "{ numItems: args.paginationOpts.numItems, cursor: args.paginationOpts.cursor }", output=GOOD, name="rebuilt-from-validated-opts"),
    inv(fn('{ n: v.number(), cursor: v.union(v.string(), v.null()) }', "{ n, cursor }", "{ numItems: n, cursor }"),
        REBUILT, "{ numItems: n, cursor }", name="rebuilt-from-separate-args"),
]

_plain = fn("{}", "args", "args.paginationOpts").replace('import { paginationOptsValidator } from "convex/server";\n', "")
INVALID.append(inv(_plain, NOV.format(k="paginationOpts"), "args.paginationOpts",
                   output=_plain.replace('import { query, internalQuery } from "./_generated/server";',
                                         'import { query, internalQuery } from "./_generated/server";\nimport { paginationOptsValidator } from "convex/server";')
                   .replace("args: {}", "args: { paginationOpts: paginationOptsValidator }"), name="adds-the-import"))
_auth = ('//- convex/lib/functions.ts\nimport { customQuery } from "convex-helpers/server/customFunctions";\nimport { query } from "../_generated/server";\n'
         'export const authQuery = customQuery(query, { args: {}, input: async (ctx) => ({ ctx: {}, args: {} }) });\n//- convex/messages.ts\n')
_auth_code = _auth + fn("{ page: v.object({ numItems: v.number(), cursor: v.null() }) }", "args", "args.page").replace("query({", "authQuery({").replace(
    'import { query, internalQuery } from "./_generated/server";', 'import { authQuery } from "./lib/functions";')
INVALID.append(Case(_auth_code, [err_in(WRONG.format(k="page"), _auth_code, "paginate(args.page)", "args.page", path="convex/messages.ts")], name="custom-builder"))


def _docs_example(section: str) -> str:
    return rule.__doc__.split(f"## {section}\n```ts\n")[1].split("```")[0]


VALID.append(Case(_docs_example("Use instead"), name="docs-use-instead"))
_ex = _docs_example("Example")
INVALID.append(Case(_ex, [err(REBUILT, _ex, "{ numItems: args.numItems, cursor: args.cursor }")], name="docs-example"))


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
