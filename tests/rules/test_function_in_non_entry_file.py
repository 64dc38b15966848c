import pytest

from convex_lsp.analysis.rules import function_in_non_entry_file as rule
from tester import Case, assert_invalid, assert_valid, err

Q = 'import { query } from "./_generated/server";\nexport const list = query({ args: {}, handler: async () => "é😀" });\n'
VALID = [
    Case(Q, path="convex/messages.ts"),
    Case('export const helper = (x: number) => x + 1;\n', path="convex/utils.server.ts", name="no-functions-in-skipped-file"),
    Case(Q.replace("./_generated", "../_generated"), path="convex/_generated/x.ts", name="generated"),
    Case(Q, path="convex/messages.test.ts", name="convex-test-suites-define-functions"),
]
INVALID = [
    Case(Q, [err("'list' is never deployed: Convex skips this file (more than one dot in the file name)", Q, "query", 1)], path="convex/messages.helpers.ts"),
    Case(Q, [err("'list' is never deployed: Convex skips this file (path contains a space)", Q, "query", 1)], path="convex/my dir/messages.ts", name="space"),
    Case(Q, [err("Module path component 'my-messages.ts' is invalid: use only letters, digits, '_' and '.' (the push fails)", Q, 'import { query } from "./_generated/server";')], path="convex/my-messages.ts", name="hyphen"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
