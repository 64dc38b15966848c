import pytest

from _fn_fixture import assert_triggers, docs_cases
from convex_lsp.analysis.rules import import_wrong_runtime as rule
from tester import Case, assert_invalid, assert_valid, err

DIRECT = "'{}' is a \"use node\" module and cannot be imported from the Convex runtime"
TRANS = "'{}' imports the \"use node\" module '{}' ({}); it cannot be imported from the Convex runtime"
TYPES = "'{}' leads to the \"use node\" module '{}'; nothing imported from it is used as a value, so make it `import type`"
NODE = """//- convex/ai.ts
"use node";
import { internalAction } from "./_generated/server";
export const PROMPT = "Summarize:";
export type Summary = { text: string };
export const summarize = internalAction({ args: {}, handler: async () => PROMPT });
"""


def fx(body: str, path: str = "convex/messages.ts") -> str:
    return NODE + f"//- {path}\n" + body


VALID = [
    Case(fx('"use node";\nimport { PROMPT } from "./ai";\nexport const p = PROMPT;\n'), name="node-importing-node"),
    Case(fx('import type { Summary } from "./ai";\nexport let s: Summary;\n'), name="import-type"),
    Case(fx('import { type Summary } from "./ai";\nexport let s: Summary;\n'), name="inline-type-specifier"),
    Case(fx('import { internal } from "./_generated/api";\nexport const r = internal.ai.summarize;\n'), name="references-are-fine"),
    Case(fx('import { PROMPT } from "../convex/ai";\nexport const p = PROMPT;\n', "convex/messages.test.ts"), path="convex/messages.test.ts", name="test-file"),
    Case(fx('import { PROMPT } from "../convex/ai";\nexport const p = PROMPT;\n', "src/client.ts"), path="src/client.ts", name="outside-functions-dir"),
    Case('//- convex/lib/util.ts\nexport const x = 1;\n//- convex/messages.ts\nimport { x } from "./lib/util";\nexport const y = x;\n', name="plain-import"),
]

C1 = 'import { PROMPT } from "./ai";\nexport const prefix = PROMPT;\n'
C2 = 'import { Summary } from "./ai";\nexport let s: Summary;\n'
C3 = 'import { PROMPT } from "./lib/prompts";\nexport const p = PROMPT;\n'
C3_FX = NODE + '//- convex/lib/prompts.ts\nexport { PROMPT } from "../ai";\n//- convex/messages.ts\n' + C3
C4 = 'const ai = require("./ai");\nexport * from "./ai";\n'
C5 = 'import schemaPart from "./lib/part";\nexport const p = schemaPart;\n'
C5_FX = NODE + '//- convex/lib/part.ts\nimport { PROMPT } from "../ai";\nexport default PROMPT;\n//- convex/schema.ts\n' + C5

INVALID = [
    Case(fx(C1), [err(DIRECT.format("./ai"), C1, '"./ai"')], name="direct"),
    Case(fx(C2), [err(TYPES.format("./ai", "convex/ai.ts"), C2, '"./ai"')], output=C2.replace("import {", "import type {"), name="types-only-fix"),
    Case(C3_FX, [err(TRANS.format("./lib/prompts", "convex/ai.ts", "convex/lib/prompts.ts → convex/ai.ts"), C3, '"./lib/prompts"')], name="transitive-through-reexport"),
    Case(fx(C4), [err(DIRECT.format("./ai"), C4, '"./ai"'), err(DIRECT.format("./ai"), C4, '"./ai"', 1)], name="require-and-export-from"),
    Case(C5_FX, [err(TRANS.format("./lib/part", "convex/ai.ts", "convex/lib/part.ts → convex/ai.ts"), C5, '"./lib/part"')], path="convex/schema.ts", name="schema-file"),
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
