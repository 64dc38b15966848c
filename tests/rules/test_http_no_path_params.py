import pytest

from _router_cases import at, http
from convex_lsp.analysis.rules import http_no_path_params as rule
from tester import assert_invalid, assert_valid

H = "handler: httpAction(async () => new Response())"
VALID = [http(f'http.route({{ path: "/users", method: "GET", {H} }});\nhttp.route({{ pathPrefix: "/users/", method: "GET", {H} }});\n')]
INVALID = [
    http(f'http.route({{ path: "/users/:id/é", method: "GET", {H} }});\n',
         [at("Paths are matched exactly: ':id' is not a parameter. Use pathPrefix: \"/users/\" and parse the URL in the handler", '"/users/:id/é"')],
         output=f'http.route({{ pathPrefix: "/users/", method: "GET", {H} }});\n'),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
