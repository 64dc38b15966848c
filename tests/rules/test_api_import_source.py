import pytest

from convex_lsp.analysis.rules import api_import_source as rule
from tester import Case, assert_invalid, assert_valid, err

VALID = [Case('import { mutation } from "./_generated/server";\nimport { api, internal } from "./_generated/api";\n')]
A = 'import { mutation, internal } from "../_generated/server.js";\n'
B = 'import { api } from "./_generated/server";\n'
INVALID = [
    Case(A, [err("'internal' is exported by _generated/api, not _generated/server", A, "internal")],
         output='import { mutation } from "../_generated/server.js";\nimport { internal } from "../_generated/api.js";\n', path="convex/jobs/x.ts"),
    Case(B, [err("'api' is exported by _generated/api, not _generated/server", B, "api")], output='import { api } from "./_generated/api";\n'),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
