import pytest

from _router_cases import at, http
from convex_lsp.analysis.rules import http_handler_wrapped as rule
from tester import assert_invalid, assert_valid

NO_IMPORT = 'import { httpRouter } from "convex/server";\n\nconst http = httpRouter();\n'
VALID = [
    http('http.route({ path: "/a", method: "GET", handler: httpAction(async () => new Response()) });\n'),
    http('import { hook } from "./hooks";\nhttp.route({ path: "/b", method: "POST", handler: hook });\n', name="imported-http-action"),
]
INVALID = [
    http('http.route({ path: "/a", method: "GET", handler: async () => new Response("é😀") });\n',
         [at("Route handlers must be HTTP actions: wrap this function in httpAction(...)", 'async () => new Response("é😀")')],
         output='http.route({ path: "/a", method: "GET", handler: httpAction(async () => new Response("é😀")) });\n'),
    http('http.route({ path: "/a", method: "GET", handler: async () => new Response() });\n',
         [at("Route handlers must be HTTP actions: wrap this function in httpAction(...)", "async () => new Response()")],
         output='import { httpAction } from "./_generated/server";\n' + NO_IMPORT + 'http.route({ path: "/a", method: "GET", handler: httpAction(async () => new Response()) });\nexport default http;\n',
         head=NO_IMPORT, name="adds-the-import"),
    http('async function ping() { return new Response(); }\nhttp.route({ path: "/p", method: "GET", handler: ping });\n',
         [at("Route handlers must be HTTP actions: wrap this function in httpAction(...)", "ping", 1)], name="local-plain-function"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
