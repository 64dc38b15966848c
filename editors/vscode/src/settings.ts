// Reading the `convexLsp.*` settings. The schema lives in package.json, generated from the server's
// `convex_lsp.analysis.config` (scripts/gen-settings.py); only the client-side keys are read here.
import * as os from "node:os";
import * as vscode from "vscode";
import { DiscoverySettings, expandPath } from "./server";

export const SECTION = "convexLsp";

/** Settings that change how the server is found or started: a change restarts it. */
export const RESTART_KEYS = [`${SECTION}.server.path`, `${SECTION}.server.interpreter`, `${SECTION}.enable`];

function primaryFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

/**
 * `server.path` / `server.interpreter`. In an untrusted workspace VS Code already ignores their
 * workspace values (`restrictedConfigurations` in package.json); reading `globalValue` there as well
 * keeps that true on hosts that do not implement restricted mode.
 */
export function discoverySettings(): DiscoverySettings {
  const folder = primaryFolder();
  const config = vscode.workspace.getConfiguration(SECTION, folder);
  const read = (key: string): string => {
    let value: unknown;
    if (vscode.workspace.isTrusted) {
      value = config.get<string>(key);
    } else {
      value = config.inspect<string>(key)?.globalValue;
    }
    if (typeof value !== "string") return "";
    return expandPath(value, { home: os.homedir(), workspaceFolder: folder?.uri.fsPath, env: process.env });
  };
  return { serverPath: read("server.path"), interpreter: read("server.interpreter") };
}

export function isEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION, primaryFolder()).get<boolean>("enable", true);
}

/**
 * What the server should see of the `convexLsp` section. The extension contributes the snippets
 * natively (`contributes.snippets`), so the server is told not to offer them in completion too —
 * otherwise every snippet would appear twice.
 */
export function forServer(section: unknown): Record<string, unknown> {
  const plain = (section && typeof section === "object" ? JSON.parse(JSON.stringify(section)) : {}) as Record<string, unknown>;
  const completion = (plain.completion && typeof plain.completion === "object" ? plain.completion : {}) as Record<string, unknown>;
  plain.completion = { ...completion, snippets: false };
  return plain;
}

/** The `convexLsp` section as a plain nested object, sent as `initializationOptions`. */
export function serverSettings(): Record<string, unknown> {
  // A WorkspaceConfiguration is a proxy with methods; JSON round-trip (in forServer) keeps only the values.
  return forServer(vscode.workspace.getConfiguration(SECTION, primaryFolder()));
}
