// Node-only helpers for discovery (no `vscode` import, so the unit tests can load them).
import { execFile } from "node:child_process";
import { constants as fsConstants, promises as fs } from "node:fs";
import * as path from "node:path";

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    if (process.platform === "win32") return true;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a bare command name up on PATH (with PATHEXT on Windows). */
export async function which(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const sep = platform === "win32" ? ";" : ":";
  const dirs = (env.PATH ?? env.Path ?? "").split(sep).filter((d) => d.length > 0);
  const exts =
    platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").map((e) => e.toLowerCase())] : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

// Checks that the module can be found without importing it (importing the server takes ~1 s).
const PROBE = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('convex_lsp.server') else 3)";

/** Whether `<argv...> -c PROBE` exits 0 within the timeout. */
export function hasServerModule(argv: string[], timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    if (argv.length === 0) {
      resolve(false);
      return;
    }
    execFile(argv[0], [...argv.slice(1), "-c", PROBE], { timeout: timeoutMs, windowsHide: true }, (err) =>
      resolve(!err),
    );
  });
}
