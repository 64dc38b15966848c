import pytest

from convex_lsp.analysis.rules import registrar_import_source as rule
from tester import Case, assert_invalid, assert_valid, err

VALID = [
    Case('import { query } from "./_generated/server";\nimport { defineTable, queryGeneric } from "convex/server";\n'),
    Case('import { query } from "convex/server";\n', path="src/client.ts", name="outside-functions-dir"),
]
A = 'import { query, internalMutation as im } from "convex/server";\nexport const q = query({ args: {}, handler: async () => "é😀" });\n'
B = 'import { cronJobs, action } from "convex/server";\n'
INVALID = [
    Case(A, [
        err("'query' is not exported by convex/server: import it from \"./_generated/server\"", A, "query", 0),
        err("'internalMutation' is not exported by convex/server: import it from \"./_generated/server\"", A, "internalMutation as im"),
    ], output=A.replace('from "convex/server"', 'from "./_generated/server"')),
    Case(B, [err("'action' is not exported by convex/server: import it from \"../../_generated/server\"", B, "action")],
         output='import { cronJobs,  } from "convex/server";\nimport { action } from "../../_generated/server";\n', path="convex/a/b/jobs.ts", name="mixed-and-nested"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
