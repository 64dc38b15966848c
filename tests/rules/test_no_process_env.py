import pytest

from _fn_fixture import assert_triggers, docs_cases
from convex_lsp.analysis.diagnostics import apply_edits
from convex_lsp.analysis.rules import no_process_env as rule
from tester import Case, assert_invalid, assert_valid, err, run_rule

DECLARED = "'{}' is not declared in convex.config.ts; declare it there and read the typed `env` from `_generated/server`"
USE_ENV = "Read '{}' from the typed `env` of `_generated/server` instead of `process.env`"
WHOLE = "`process.env` is read as a whole; declare the variables in convex.config.ts and read the typed `env` from `_generated/server`"
CONFIG = """//- convex/convex.config.ts
import { defineApp } from "convex/server";
import { v } from "convex/values";

const app = defineApp({
  env: {
    OPENAI_KEY: v.string(),
  },
});
export default app;
"""
H = 'import { internalAction } from "./_generated/server";\n'

VALID = [
    Case(H + "export const a = internalAction({ args: {}, handler: async () => env.OPENAI_KEY });\n"),
    Case('//- convex/auth.config.ts\nexport default { providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN!, applicationID: "convex" }] };\n',
         path="convex/auth.config.ts", name="auth-config-uses-process-env-by-design"),
    Case("//- convex/_generated/api.ts\nexport const url = process.env.CONVEX_URL;\n", path="convex/_generated/api.ts", name="generated"),
    Case("//- convex/messages.test.ts\nexport const url = process.env.CONVEX_URL;\n", path="convex/messages.test.ts", name="test-file"),
    Case("//- src/app.ts\nexport const url = process.env.CONVEX_URL;\n", path="src/app.ts", name="outside-the-functions-dir"),
    Case("export function f(process: { env: Record<string, string> }) { return process.env.X; }\n", name="shadowed-process"),
]

C1 = CONFIG + "//- convex/messages.ts\n" + H + "export const a = internalAction({ args: {}, handler: async () => fetch(process.env.OPENAI_KEY!) });\n"
C1_FILE = C1.split("//- convex/messages.ts\n")[1]
C1_OUT = C1_FILE.replace("{ internalAction }", "{ internalAction, env }").replace("process.env.OPENAI_KEY", "env.OPENAI_KEY")
C2 = "//- convex/lib/keys.ts\nexport const key = process.env.STRIPE_KEY;\n"
C3 = CONFIG + "//- convex/lib/keys.ts\nexport const key = process.env.STRIPE_KEY;\n"
C3_FILE = "export const key = process.env.STRIPE_KEY;\n"
C4 = "const all = { ...process.env };\nprocess.env.DEBUG = \"1\";\nconst k = process.env[\"API_KEY\"];\n"

INVALID = [
    Case(C1, [err(USE_ENV.format("OPENAI_KEY"), C1_FILE, "process.env.OPENAI_KEY")], output=C1_OUT, unsafe=False, name="declared-safe-fix"),
    Case(C2, [err(DECLARED.format("STRIPE_KEY"), C2.split("\n", 1)[1], "process.env.STRIPE_KEY")], path="convex/lib/keys.ts", output=C2.split("\n", 1)[1],
         name="undeclared-no-config-report-only"),
    Case(C3, [err(DECLARED.format("STRIPE_KEY"), C3_FILE, "process.env.STRIPE_KEY")], path="convex/lib/keys.ts",
         output='import { env } from "../_generated/server";\nexport const key = env.STRIPE_KEY;\n', name="undeclared-declares-in-config"),
    Case(C4, [err(WHOLE, C4, "process.env"), err(DECLARED.format("DEBUG"), C4, "process.env.DEBUG"),
              err(DECLARED.format("API_KEY"), C4, 'process.env["API_KEY"]')], output=C4, name="whole-object-write-subscript"),
]

DOC_VALID, DOC_EXAMPLES = docs_cases(rule)


@pytest.mark.parametrize("case", VALID + DOC_VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)


@pytest.mark.parametrize("case", DOC_EXAMPLES, ids=str)
def test_docs_example(case):
    assert_triggers(rule, case)


def test_undeclared_fix_edits_convex_config():
    diags, snap, _ = run_rule(rule, Case(C3, path="convex/lib/keys.ts"))
    fix = diags[0].fixes[0]
    assert fix.applicability == "unsafe"
    cfg = "/proj/convex/convex.config.ts"
    out = apply_edits(snap.text(cfg), [e for e in fix.edits if e.path == cfg]).decode()
    assert "    OPENAI_KEY: v.string(),\n    STRIPE_KEY: v.string(),\n  },\n" in out
