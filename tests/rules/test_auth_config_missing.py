import pytest

from convex_lsp.analysis.rules import auth_config_missing as rule
from tester import Case, assert_invalid, assert_valid, err

Q = '//- convex/me.ts\nimport { query } from "./_generated/server";\nexport const me = query({ args: {}, handler: async (ctx) => ctx.auth.getUserIdentity() }); // é😀\nexport const again = query({ args: {}, handler: async (ctx) => ctx.auth.getUserIdentity() });\n'
CONFIG = '//- convex/auth.config.ts\nexport default { providers: [{ domain: "https://issuer.example.com", applicationID: "convex" }] };\n'
VALID = [Case(Q + CONFIG, path="convex/me.ts")]
INVALID = [Case(Q, [err("This project has no convex/auth.config.ts: ctx.auth.getUserIdentity() always returns null", Q, "ctx.auth.getUserIdentity()", path="convex/me.ts")], path="convex/me.ts")]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
