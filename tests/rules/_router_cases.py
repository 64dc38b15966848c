from tester import Case, err, err_in

CRON_HEAD = 'import { cronJobs } from "convex/server";\nimport { internal } from "./_generated/api";\n\nconst crons = cronJobs();\n'
HTTP_HEAD = 'import { httpRouter } from "convex/server";\nimport { httpAction } from "./_generated/server";\n\nconst http = httpRouter();\n'


def crons(body, errors=(), output=None, tail="export default crons;\n", name=""):
    code = CRON_HEAD + body + tail
    return Case(code, [f(code) for f in errors], output=(CRON_HEAD + output + tail) if output is not None else None, path="convex/crons.ts", name=name)


def http(body, errors=(), output=None, tail="export default http;\n", name="", head=HTTP_HEAD):
    code = head + body + tail
    return Case(code, [f(code) for f in errors], output=(output if output and output.startswith("import") else (head + output + tail)) if output is not None else None, path="convex/http.ts", name=name)


def at(message, needle, nth=0):
    return lambda code: err(message, code, needle, nth)


def within(message, context, inner):
    return lambda code: err_in(message, code, context, inner)
