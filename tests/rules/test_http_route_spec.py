import pytest

from _router_cases import at, http
from convex_lsp.analysis.rules import http_route_spec as rule
from tester import assert_invalid, assert_valid

H = "handler: httpAction(async () => new Response())"
VALID = [http(f'http.route({{ path: "/a", method: "GET", {H} }});\nhttp.route({{ path: "/a", method: "POST", {H} }});\nhttp.route({{ pathPrefix: "/files/", method: "GET", {H} }});\nhttp.route({{ ...spec }});\n')]
INVALID = [
    http(f'http.route({{ path: "a", method: "get", {H} }}); // é😀\n', [
        at("path must start with '/'", '"a"'),
        at('Unknown HTTP method "get": use one of GET, POST, PUT, DELETE, OPTIONS, PATCH', '"get"'),
    ], output=f'http.route({{ path: "/a", method: "GET", {H} }}); // é😀\n'),
    http(f'http.route({{ pathPrefix: "/files", method: "GET", {H} }});\nhttp.route({{ path: "/.files/x", method: "GET", {H} }});\n', [
        at("pathPrefix must end with '/'", '"/files"'),
        at("Paths under /.files are reserved by Convex", '"/.files/x"'),
    ]),
    http(f'http.route({{ path: "/a", pathPrefix: "/a/", method: "GET", {H} }});\nhttp.route({{ method: "GET" }});\n', [
        at("A route has either path or pathPrefix, not both", 'pathPrefix: "/a/"'),
        at("A route needs a handler", '{ method: "GET" }'),
        at("A route needs a path or a pathPrefix", '{ method: "GET" }'),
    ]),
    http(f'http.route({{ path: "/a", method: "GET", {H} }});\nhttp.route({{ path: "/a", method: "GET", {H} }});\n', [
        at("Route GET /a is already registered on line 5", '"/a"', 1),
    ], name="duplicate"),
]


@pytest.mark.parametrize("case", VALID, ids=str)
def test_valid(case):
    assert_valid(rule, case)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case):
    assert_invalid(rule, case)
