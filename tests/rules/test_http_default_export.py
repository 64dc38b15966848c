import pytest

from _router_cases import http, within
from convex_lsp.analysis.rules import http_default_export as rule
from tester import assert_invalid, assert_valid

BODY = 'http.route({ path: "/h", method: "GET", handler: httpAction(async () => new Response("é😀")) });\n'
CORS = 'import { corsRouter } from "convex-helpers/server/cors";\nconst httpWithCors = corsRouter(http, { allowedOrigins: ["*"] });\n'
VALID = [http(BODY), http(CORS + BODY.replace("http.route", "httpWithCors.route"), tail="export default httpWithCors.http;\n", name="corsRouter wrapper's .http")]
INVALID = [http(BODY, [within("'http' is never the default export: Convex serves no route from http.ts", "const http", "http")], output=BODY + "export default http;\n", tail="")]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
