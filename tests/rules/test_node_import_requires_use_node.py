import pytest

from _fn_fixture import assert_triggers, docs_cases
from convex_lsp.analysis.rules import node_import_requires_use_node as rule
from tester import Case, assert_invalid, assert_valid, err, run_rule

MSG = "Node.js built-in '{}' cannot be loaded in the Convex runtime; this file has no \"use node\""
HELPER = "Node.js built-in '{}' cannot be loaded in the Convex runtime, and '{}' (no \"use node\") imports this file"
H = 'import { internalAction, query } from "./_generated/server";\n'

VALID = [
    Case('"use node";\n' + H + 'import fs from "node:fs";\nimport { createHash } from "crypto";\n'),
    Case(H + 'import { Buffer } from "buffer";\nimport { EventEmitter } from "events";\nimport path from "path";\n', name="names-with-browser-packages"),
    Case(H + 'import type { Stats } from "fs";\nimport { type Hash } from "crypto";\n', name="type-only"),
    Case(H + 'const k = crypto.randomUUID();\n', name="web-crypto-global"),
    Case(H + "export async function h() { const f = () => 'node:crypto'; const c = (await import(f())) as typeof import('crypto'); }\n",
         name="typeof-import-in-a-type"),
    Case('//- convex/fs.test.ts\nimport fs from "node:fs";\nexport const x = 1;\n', path="convex/fs.test.ts", name="test-file"),
    Case('//- convex/lib/disk.server.ts\nimport fs from "node:fs";\nexport const x = 1;\n//- convex/ai.ts\n"use node";\nimport { x } from "./lib/disk.server";\nexport const y = x;\n',
         path="convex/lib/disk.server.ts", name="non-module-helper-used-only-by-node"),
    Case('//- scripts/seed.ts\nimport fs from "node:fs";\n', path="scripts/seed.ts", name="outside-functions-dir"),
]

C1 = H + 'import { createHash } from "crypto";\nimport * as fs from "node:fs/promises";\n\nexport const run = internalAction({ args: {}, handler: async () => 1 });\n'
C1_OUT = '"use node";\n\n' + C1
C2 = H + 'const cp = require("child_process");\nexport const q = query({ args: {}, handler: async () => { await import("node:os"); } });\nexport { readFile } from "fs";\n'
C3_FILE = 'import fs from "node:fs";\nexport const x = 1;\n'
C3 = '//- convex/lib/disk.server.ts\n' + C3_FILE + '//- convex/messages.ts\nimport { x } from "./lib/disk.server";\nexport const y = x;\n'
C4_FILE = 'import { readFileSync } from "fs";\nexport const load = () => readFileSync("x");\n'
C4 = '//- convex/lib/files.ts\n' + C4_FILE + '//- convex/messages.ts\nimport { load } from "./lib/files";\nexport const y = load;\n'

INVALID = [
    Case(C1, [err(MSG.format("crypto"), C1, '"crypto"'), err(MSG.format("node:fs/promises"), C1, '"node:fs/promises"')], output=C1_OUT, name="action-file-gets-use-node"),
    Case(C2, [err(MSG.format("child_process"), C2, '"child_process"'), err(MSG.format("node:os"), C2, '"node:os"'), err(MSG.format("fs"), C2, '"fs"')],
         output=C2, name="require-dynamic-import-reexport-no-fix-with-query"),
    Case(C3, [err(HELPER.format("node:fs", "messages.ts"), C3_FILE, '"node:fs"')], path="convex/lib/disk.server.ts", name="non-module-helper-imported-by-convex-runtime"),
    Case(C4, [err(MSG.format("fs"), C4_FILE, '"fs"')], path="convex/lib/files.ts", output=C4_FILE, name="lib-module-imported-by-convex-runtime-no-fix"),
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


def test_lib_module_only_imported_by_node_gets_the_fix():
    code = '//- convex/lib/files.ts\n' + C4_FILE + '//- convex/ai.ts\n"use node";\nimport { load } from "./lib/files";\nexport const y = load;\n'
    diags, _, _ = run_rule(rule, Case(code, path="convex/lib/files.ts"))
    assert [f.title for d in diags for f in d.fixes] == ['Add "use node"']
