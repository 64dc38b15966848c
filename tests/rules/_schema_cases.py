"""Helpers for schema rule tables: a schema.ts with the given table definitions."""

from tester import Case, err

HEAD = 'import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n\nexport default defineSchema({\n'
TAIL = "});\n"


def schema(body: str, errors=(), output=None, name="", options=None, extra=""):
    code = HEAD + body + TAIL
    files = code if not extra else "//- convex/schema.ts\n" + code + extra
    return Case(files, [e(code) for e in errors], output=(HEAD + output + TAIL) if output is not None else None,
                path="convex/schema.ts", name=name, options=options)


def e(message, needle, nth=0):
    return lambda code: err(message, code, needle, nth)


def ein(message, context, inner):
    from tester import err_in

    return lambda code: err_in(message, code, context, inner)
