// A LanguageStatusItem ("{}" in the status bar next to the language) showing the server's state and
// the Convex root(s). The client state (starting / running / stopped) comes from vscode-languageclient;
// while running, the server refines it with the custom notification `convex/status`
// `{ state: string, roots: string[] }` (roots as file URIs or paths).
import * as vscode from "vscode";

export const STATUS_NOTIFICATION = "convex/status";

export interface ServerStatusParams {
  state: string;
  roots: string[];
}

export type ClientState = "starting" | "running" | "stopped" | "not found" | "disabled";

export function isServerStatusParams(value: unknown): value is ServerStatusParams {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.state === "string" && Array.isArray(v.roots) && v.roots.every((r) => typeof r === "string");
}

export class ConvexStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private clientState: ClientState = "starting";
  private server: ServerStatusParams | undefined;
  private detailSuffix = "";

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem("convexLsp.status", selector);
    this.item.name = "Convex LSP";
    this.item.command = { title: "Show Logs", command: "convexLsp.showLogs" };
    this.render();
  }

  setClientState(state: ClientState, detail = ""): void {
    this.clientState = state;
    this.detailSuffix = detail;
    if (state !== "running") this.server = undefined;
    this.render();
  }

  setServerStatus(params: ServerStatusParams): void {
    this.server = params;
    this.render();
  }

  private render(): void {
    const state = this.clientState === "running" && this.server ? this.server.state : this.clientState;
    this.item.text = `Convex: ${state}`;
    this.item.busy = this.clientState === "starting" || /^(starting|indexing|loading)/i.test(state);
    this.item.severity =
      this.clientState === "stopped" || this.clientState === "not found"
        ? vscode.LanguageStatusSeverity.Error
        : vscode.LanguageStatusSeverity.Information;
    const parts: string[] = [];
    if (this.server) {
      parts.push(this.server.roots.length ? `roots: ${this.server.roots.map(displayRoot).join(", ")}` : "no Convex root found");
    }
    if (this.detailSuffix) parts.push(this.detailSuffix);
    this.item.detail = parts.join(" · ");
  }

  dispose(): void {
    this.item.dispose();
  }
}

function displayRoot(root: string): string {
  const isUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(root);
  const isAbsolute = root.startsWith("/") || /^[A-Za-z]:[\\/]/.test(root);
  if (!isUri && !isAbsolute) return root; // already relative to the workspace
  let uri: vscode.Uri;
  try {
    uri = isUri ? vscode.Uri.parse(root) : vscode.Uri.file(root);
  } catch {
    return root;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder && folder.uri.fsPath.replace(/[\\/]+$/, "") === uri.fsPath.replace(/[\\/]+$/, "")) {
    return folder.name; // the root is the workspace folder itself
  }
  const rel = vscode.workspace.asRelativePath(uri, true);
  return rel || root;
}
