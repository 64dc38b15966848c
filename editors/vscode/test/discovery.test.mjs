// Unit tests of the server discovery (src/server.ts, compiled by scripts/build-tests.mjs).
// Run: npm test   (no VS Code needed: everything VS Code-specific is injected)
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { discoverServer, expandPath, NOT_FOUND_MESSAGE } from "../out-test/server.mjs";
import { hasServerModule, isExecutable, which } from "../out-test/environment.mjs";

/** Builds DiscoveryDeps from a description of the fake machine; records every call. */
function fakeDeps({
  serverPath = "",
  interpreter = "",
  executables = [],
  path = {},
  withModule = null, // null: no hasServerModule; else the list of argv[0] that can import the server
  python, // undefined: step skipped; a function: the accessor
} = {}) {
  const calls = [];
  const logs = [];
  const deps = {
    settings: { serverPath, interpreter },
    which: async (cmd) => {
      calls.push(["which", cmd]);
      return path[cmd];
    },
    isExecutable: async (p) => {
      calls.push(["isExecutable", p]);
      return executables.includes(p);
    },
    log: (m) => logs.push(m),
  };
  if (withModule !== null) {
    deps.hasServerModule = async (argv) => {
      calls.push(["hasServerModule", argv.join(" ")]);
      return withModule.includes(argv[0]);
    };
  }
  if (python !== undefined) deps.pythonExtension = python;
  return { deps, calls, logs };
}

describe("discoverServer order", () => {
  test("server.path wins over everything and runs `serve`", async () => {
    const { deps, calls, logs } = fakeDeps({
      serverPath: "/opt/convex-lsp",
      interpreter: "/usr/bin/python3",
      executables: ["/opt/convex-lsp", "/usr/bin/python3"],
      path: { "convex-lsp": "/usr/bin/convex-lsp" },
      python: async () => ["/venv/bin/python"],
    });
    const r = await discoverServer(deps);
    assert.deepEqual(r, { ok: true, command: "/opt/convex-lsp", args: ["serve"], source: "server.path" });
    assert.deepEqual(calls, [["isExecutable", "/opt/convex-lsp"]]);
    assert.match(logs[0], /^\[1\/4\] convexLsp\.server\.path: using \/opt\/convex-lsp$/);
  });

  test("interpreter runs `-m convex_lsp.server` when it can import the server", async () => {
    const { deps, logs } = fakeDeps({
      interpreter: "/usr/bin/python3",
      executables: ["/usr/bin/python3"],
      withModule: ["/usr/bin/python3"],
      path: { "convex-lsp": "/usr/bin/convex-lsp" },
    });
    const r = await discoverServer(deps);
    assert.deepEqual(r, {
      ok: true,
      command: "/usr/bin/python3",
      args: ["-m", "convex_lsp.server"],
      source: "server.interpreter",
    });
    assert.deepEqual(logs, [
      "[1/4] convexLsp.server.path: not set",
      "[2/4] convexLsp.server.interpreter: using /usr/bin/python3 -m convex_lsp.server",
    ]);
  });

  test("a bare interpreter name is looked up on PATH", async () => {
    const { deps } = fakeDeps({ interpreter: "python3", path: { python3: "/usr/local/bin/python3" } });
    const r = await discoverServer(deps);
    assert.equal(r.ok, true);
    assert.equal(r.command, "/usr/local/bin/python3");
  });

  test("Python extension interpreter is used when settings are empty", async () => {
    const { deps, logs } = fakeDeps({
      withModule: ["/proj/.venv/bin/python"],
      python: async () => ["/proj/.venv/bin/python"],
      path: { "convex-lsp": "/usr/bin/convex-lsp" },
    });
    const r = await discoverServer(deps);
    assert.deepEqual(r, {
      ok: true,
      command: "/proj/.venv/bin/python",
      args: ["-m", "convex_lsp.server"],
      source: "python-extension",
    });
    assert.equal(logs.length, 3);
    assert.match(logs[2], /^\[3\/4\] Python extension: using \/proj\/\.venv\/bin\/python -m convex_lsp\.server$/);
  });

  test("a multi-word exec command from the Python extension keeps its arguments", async () => {
    const { deps } = fakeDeps({ python: async () => ["conda", "run", "-n", "env", "python"] });
    const r = await discoverServer(deps);
    assert.deepEqual(r.args, ["run", "-n", "env", "python", "-m", "convex_lsp.server"]);
    assert.equal(r.command, "conda");
  });

  test("Python extension interpreter without convex-lsp falls through to PATH", async () => {
    const { deps, logs } = fakeDeps({
      withModule: [],
      python: async () => ["/usr/bin/python3"],
      path: { "convex-lsp": "/home/u/.local/bin/convex-lsp" },
    });
    const r = await discoverServer(deps);
    assert.deepEqual(r, { ok: true, command: "/home/u/.local/bin/convex-lsp", args: ["serve"], source: "PATH" });
    assert.match(logs[2], /cannot import convex_lsp\.server; skipped/);
    assert.equal(logs[3], "[4/4] PATH: using /home/u/.local/bin/convex-lsp serve");
  });

  test("a throwing Python extension accessor is logged, not fatal", async () => {
    const { deps, logs } = fakeDeps({
      python: async () => {
        throw new Error("boom");
      },
      path: { "convex-lsp": "/usr/bin/convex-lsp" },
    });
    const r = await discoverServer(deps);
    assert.equal(r.source, "PATH");
    assert.match(logs[2], /error while asking for the interpreter: Error: boom/);
    assert.equal(logs.filter((l) => l.startsWith("[3/4]")).length, 1);
  });

  test("no Python extension accessor: the step is reported as not consulted", async () => {
    const { deps, logs } = fakeDeps({ path: { "convex-lsp": "/usr/bin/convex-lsp" } });
    await discoverServer(deps);
    assert.equal(logs[2], "[3/4] Python extension: not consulted");
  });

  test("invalid settings are skipped with a log line, and discovery goes on", async () => {
    const { deps, logs } = fakeDeps({
      serverPath: "/nope/convex-lsp",
      interpreter: "/nope/python",
      python: async () => undefined,
      path: { "convex-lsp": "/usr/bin/convex-lsp" },
    });
    const r = await discoverServer(deps);
    assert.equal(r.source, "PATH");
    assert.deepEqual(logs, [
      "[1/4] convexLsp.server.path: '/nope/convex-lsp' is not an executable file; skipped",
      "[2/4] convexLsp.server.interpreter: '/nope/python' is not an executable file; skipped",
      "[3/4] Python extension: not installed or no interpreter selected",
      "[4/4] PATH: using /usr/bin/convex-lsp serve",
    ]);
  });

  test("an interpreter that cannot import the server is skipped", async () => {
    const { deps, logs } = fakeDeps({
      interpreter: "/usr/bin/python3",
      executables: ["/usr/bin/python3"],
      withModule: [],
    });
    const r = await discoverServer(deps);
    assert.equal(r.ok, false);
    assert.match(logs[1], /cannot import convex_lsp\.server \(pip install convex-lsp into it\); skipped/);
  });

  test("nothing found: a failure with the fix-it message and every step", async () => {
    const { deps } = fakeDeps({ python: async () => undefined });
    const r = await discoverServer(deps);
    assert.equal(r.ok, false);
    assert.equal(r.message, NOT_FOUND_MESSAGE);
    assert.match(r.message, /pip install convex-lsp/);
    assert.match(r.message, /convexLsp\.server\.path/);
    assert.deepEqual(
      r.tried.map((l) => l.slice(0, 5)),
      ["[1/4]", "[2/4]", "[3/4]", "[4/4]"],
    );
  });
});

describe("expandPath", () => {
  const ctx = { home: "/home/u", workspaceFolder: "/ws", env: { VENV: "/v" } };
  test("variables and ~", () => {
    assert.equal(expandPath("~/bin/convex-lsp", ctx), "/home/u/bin/convex-lsp");
    assert.equal(expandPath("${userHome}/x", ctx), "/home/u/x");
    assert.equal(expandPath("${workspaceFolder}/.venv/bin/python", ctx), "/ws/.venv/bin/python");
    assert.equal(expandPath("${env:VENV}/bin/python", ctx), "/v/bin/python");
    assert.equal(expandPath("${env:MISSING}x", ctx), "x");
  });
  test("relative paths are taken from the workspace folder; bare names stay bare", () => {
    assert.equal(expandPath(".venv/bin/python", ctx), "/ws/.venv/bin/python");
    assert.equal(expandPath("./.venv/bin/python", ctx), "/ws/.venv/bin/python");
    assert.equal(expandPath("python3", ctx), "python3");
    assert.equal(expandPath("  ", ctx), "");
    assert.equal(expandPath("C:\\Python\\python.exe", ctx), "C:\\Python\\python.exe");
  });
});

describe("environment helpers (real processes and files)", () => {
  const dir = mkdtempSync(join(tmpdir(), "convex-lsp-discovery-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "bin"));
  const exe = join(dir, "bin", "convex-lsp");
  writeFileSync(exe, "#!/bin/sh\nexit 0\n");
  chmodSync(exe, 0o755);
  const plain = join(dir, "bin", "not-executable");
  writeFileSync(plain, "");
  chmodSync(plain, 0o644);

  test("which and isExecutable", { skip: process.platform === "win32" }, async () => {
    assert.equal(await isExecutable(exe), true);
    assert.equal(await isExecutable(plain), false);
    assert.equal(await isExecutable(join(dir, "bin")), false);
    assert.equal(await which("convex-lsp", { PATH: `/nonexistent:${join(dir, "bin")}` }, "linux"), exe);
    assert.equal(await which("not-executable", { PATH: join(dir, "bin") }, "linux"), undefined);
  });

  test("hasServerModule runs the interpreter", { skip: process.platform === "win32" }, async () => {
    // A fake "python" that succeeds or fails depending on its name.
    const ok = join(dir, "bin", "py-ok");
    const bad = join(dir, "bin", "py-bad");
    writeFileSync(ok, '#!/bin/sh\n[ "$1" = "-c" ] && exit 0\nexit 9\n');
    writeFileSync(bad, "#!/bin/sh\nexit 3\n");
    chmodSync(ok, 0o755);
    chmodSync(bad, 0o755);
    assert.equal(await hasServerModule([ok]), true);
    assert.equal(await hasServerModule([bad]), false);
    assert.equal(await hasServerModule([join(dir, "missing")]), false);
    assert.equal(await hasServerModule([]), false);
  });
});
