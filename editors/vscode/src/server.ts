// Finding the convex-lsp server. Pure: everything that touches VS Code, the disk or processes is passed
// in, so `node --test` can run this module without VS Code (see test/discovery.test.mjs).
//
// Order (each step is logged):
//   1. `convexLsp.server.path`         a convex-lsp executable, run as `<path> serve`
//   2. `convexLsp.server.interpreter`  a Python with convex-lsp installed, run as `<python> -m convex_lsp.server`
//   3. the Python extension's active interpreter (ms-python.python), when convex-lsp is importable there
//   4. `convex-lsp` on PATH, run as `convex-lsp serve`
// Nothing found: a DiscoveryFailure whose message tells the user what to install or set.

export const SERVER_MODULE = "convex_lsp.server";
export const SERVER_EXECUTABLE = "convex-lsp";

export type ServerSource = "server.path" | "server.interpreter" | "python-extension" | "PATH";

export interface ServerCommand {
  ok: true;
  command: string;
  args: string[];
  source: ServerSource;
}

export interface DiscoveryFailure {
  ok: false;
  message: string;
  /** One line per step that was tried, for the output channel. */
  tried: string[];
}

export type DiscoveryResult = ServerCommand | DiscoveryFailure;

export interface DiscoverySettings {
  /** `convexLsp.server.path`, variables already expanded; "" when unset. */
  serverPath: string;
  /** `convexLsp.server.interpreter`, variables already expanded; "" when unset. */
  interpreter: string;
}

export interface DiscoveryDeps {
  settings: DiscoverySettings;
  /** Resolve a bare command name on PATH; undefined when not found. */
  which(command: string): Promise<string | undefined>;
  /** Whether a path names an existing executable file. */
  isExecutable(path: string): Promise<boolean>;
  /**
   * Whether `<command...> -c "<check convex_lsp.server is importable>"` succeeds. When omitted, every
   * interpreter is accepted as is.
   */
  hasServerModule?(command: string[]): Promise<boolean>;
  /**
   * The Python extension's active interpreter as an argv prefix (e.g. ["/p/.venv/bin/python"]), or
   * undefined when the extension is not installed or has no interpreter. Omitted: the step is skipped.
   */
  pythonExtension?(): Promise<string[] | undefined>;
  log(message: string): void;
}

const isPathLike = (value: string): boolean => value.includes("/") || value.includes("\\");

export const NOT_FOUND_MESSAGE =
  "Convex LSP: the convex-lsp server was not found. Install it with `pip install convex-lsp` " +
  "(or `pipx install convex-lsp`), or set `convexLsp.server.path` or `convexLsp.server.interpreter`.";

export async function discoverServer(deps: DiscoveryDeps): Promise<DiscoveryResult> {
  const tried: string[] = [];
  const note = (line: string): void => {
    tried.push(line);
    deps.log(line);
  };
  const { serverPath, interpreter } = deps.settings;
  const moduleArgs = ["-m", SERVER_MODULE];

  // Resolves a setting that is either a path or a bare command name.
  const resolve = async (value: string): Promise<string | undefined> => {
    if (isPathLike(value)) return (await deps.isExecutable(value)) ? value : undefined;
    return deps.which(value);
  };

  // 1. convexLsp.server.path
  if (serverPath) {
    const found = await resolve(serverPath);
    if (found) {
      note(`[1/4] convexLsp.server.path: using ${found}`);
      return { ok: true, command: found, args: ["serve"], source: "server.path" };
    }
    note(`[1/4] convexLsp.server.path: '${serverPath}' is not an executable file; skipped`);
  } else {
    note("[1/4] convexLsp.server.path: not set");
  }

  // 2. convexLsp.server.interpreter
  if (interpreter) {
    const found = await resolve(interpreter);
    if (!found) {
      note(`[2/4] convexLsp.server.interpreter: '${interpreter}' is not an executable file; skipped`);
    } else if (deps.hasServerModule && !(await deps.hasServerModule([found]))) {
      note(`[2/4] convexLsp.server.interpreter: ${found} cannot import ${SERVER_MODULE} (pip install convex-lsp into it); skipped`);
    } else {
      note(`[2/4] convexLsp.server.interpreter: using ${found} -m ${SERVER_MODULE}`);
      return { ok: true, command: found, args: moduleArgs, source: "server.interpreter" };
    }
  } else {
    note("[2/4] convexLsp.server.interpreter: not set");
  }

  // 3. the Python extension's interpreter
  if (!deps.pythonExtension) {
    note("[3/4] Python extension: not consulted");
  } else {
    let argv: string[] | undefined;
    let failed = false;
    try {
      argv = await deps.pythonExtension();
    } catch (err) {
      note(`[3/4] Python extension: error while asking for the interpreter: ${String(err)}`);
      failed = true;
    }
    if (failed) {
      // already logged
    } else if (!argv || argv.length === 0 || !argv[0]) {
      note("[3/4] Python extension: not installed or no interpreter selected");
    } else if (deps.hasServerModule && !(await deps.hasServerModule(argv))) {
      note(`[3/4] Python extension: active interpreter ${argv.join(" ")} cannot import ${SERVER_MODULE}; skipped`);
    } else {
      note(`[3/4] Python extension: using ${argv.join(" ")} -m ${SERVER_MODULE}`);
      return { ok: true, command: argv[0], args: [...argv.slice(1), ...moduleArgs], source: "python-extension" };
    }
  }

  // 4. convex-lsp on PATH
  const onPath = await deps.which(SERVER_EXECUTABLE);
  if (onPath) {
    note(`[4/4] PATH: using ${onPath} serve`);
    return { ok: true, command: onPath, args: ["serve"], source: "PATH" };
  }
  note(`[4/4] PATH: no '${SERVER_EXECUTABLE}' executable`);

  return { ok: false, message: NOT_FOUND_MESSAGE, tried };
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a path setting. Relative paths
 * (containing a separator) are taken relative to the workspace folder.
 */
export function expandPath(
  value: string,
  ctx: { home: string; workspaceFolder?: string; env: Record<string, string | undefined> },
): string {
  let out = value.trim();
  if (!out) return "";
  out = out.replace(/\$\{userHome\}/g, ctx.home);
  out = out.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => ctx.env[name] ?? "");
  if (ctx.workspaceFolder !== undefined) out = out.replace(/\$\{workspaceFolder\}/g, ctx.workspaceFolder);
  if (out === "~") out = ctx.home;
  else if (out.startsWith("~/")) out = ctx.home + out.slice(1);
  const absolute = out.startsWith("/") || /^[A-Za-z]:[\\/]/.test(out) || out.startsWith("\\\\");
  if (!absolute && isPathLike(out) && ctx.workspaceFolder !== undefined) {
    out = ctx.workspaceFolder.replace(/[\\/]+$/, "") + "/" + out.replace(/^\.[\\/]/, "");
  }
  return out;
}
