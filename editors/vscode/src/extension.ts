// Convex LSP for VS Code: finds the convex-lsp server (src/server.ts), runs it over stdio with
// vscode-languageclient, shows its state (src/status.ts) and offers Restart / Show Logs commands.
import * as vscode from "vscode";
import { Executable, LanguageClient, LanguageClientOptions, State } from "vscode-languageclient/node";
import { hasServerModule, isExecutable, which } from "./environment";
import { onPythonInterpreterChanged, pythonExtensionInterpreter } from "./python";
import { discoverServer, ServerCommand } from "./server";
import { discoverySettings, forServer, isEnabled, RESTART_KEYS, SECTION, serverSettings } from "./settings";
import { ConvexStatus, isServerStatusParams, STATUS_NOTIFICATION } from "./status";

const CLIENT_ID = "convexLsp"; // also the prefix vscode-languageclient uses for `convexLsp.trace.server`
const CLIENT_NAME = "Convex LSP";

export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "typescript" },
  { scheme: "file", language: "typescriptreact" },
  { scheme: "file", language: "json", pattern: "**/convex.json" },
  { scheme: "file", language: "json", pattern: "**/package.json" },
];

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const status = new ConvexStatus(DOCUMENT_SELECTOR);
  controller = new Controller(output, status);
  context.subscriptions.push(
    output,
    status,
    controller,
    vscode.commands.registerCommand("convexLsp.restart", () => controller?.restart("command")),
    vscode.commands.registerCommand("convexLsp.showLogs", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_KEYS.some((key) => e.affectsConfiguration(key))) void controller?.restart("settings changed");
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void controller?.restart("workspace trusted")),
  );
  output.info(`${CLIENT_NAME} ${context.extension.packageJSON.version as string} activated`);
  // Not awaited: activation (and the commands) must not wait for the server to start.
  void controller.restart("activation");
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private serverCommand: ServerCommand | undefined;
  private pythonListener: vscode.Disposable | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly status: ConvexStatus,
  ) {}

  /** Stops the running server (if any), finds the server again and starts it. Calls are serialised. */
  restart(reason: string): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        await this.doRestart(reason);
      } catch (err) {
        this.output.error(`restarting the server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        this.status.setClientState("stopped", "see Show Logs");
      }
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  private async doRestart(reason: string): Promise<void> {
    this.output.info(`(re)starting the server: ${reason}`);
    await this.stop();
    if (!isEnabled()) {
      this.output.info(`${SECTION}.enable is false: not starting the server`);
      this.status.setClientState("disabled");
      return;
    }
    this.status.setClientState("starting");
    const log = (m: string): void => this.output.info(m);
    log("Looking for the convex-lsp server:");
    const found = await discoverServer({
      settings: discoverySettings(),
      which: (cmd) => which(cmd),
      isExecutable,
      hasServerModule: (argv) => hasServerModule(argv),
      pythonExtension: () => pythonExtensionInterpreter(log),
      log,
    });
    await this.watchPythonInterpreter();
    if (!found.ok) {
      this.output.error(found.message);
      this.status.setClientState("not found", "see Show Logs");
      void this.showNotFound(found.message);
      return;
    }
    this.serverCommand = found;
    await this.startClient(found);
  }

  private async startClient(server: ServerCommand): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const executable: Executable = {
      command: server.command,
      args: server.args,
      // No `transport`: vscode-languageclient then talks over stdio without appending `--stdio`.
      options: { cwd: folder?.uri.fsPath, env: { ...process.env, PYTHONUNBUFFERED: "1" } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      // The whole `convexLsp` section; later changes reach the server through `workspace/configuration`
      // and `workspace/didChangeConfiguration`, and file watching through `workspace/didChangeWatchedFiles`,
      // both registered dynamically by the server (so nothing is set under `synchronize` here).
      initializationOptions: serverSettings(),
      diagnosticCollectionName: "convex",
      middleware: {
        workspace: {
          // The same adjustment for `workspace/configuration` answers (see forServer).
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return result.map((value, i) => (params.items[i]?.section === SECTION ? forServer(value) : value));
          },
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, executable, clientOptions);
    client.onDidChangeState((e) => {
      if (client !== this.client) return;
      const state = e.newState === State.Running ? "running" : e.newState === State.Starting ? "starting" : "stopped";
      this.output.info(`server state: ${state}`);
      this.status.setClientState(state, state === "running" ? "" : `${server.command} ${server.args.join(" ")}`);
    });
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      if (client !== this.client) return;
      if (isServerStatusParams(params)) this.status.setServerStatus(params);
      else this.output.warn(`ignored malformed ${STATUS_NOTIFICATION}: ${JSON.stringify(params)}`);
    });
    this.client = client;
    this.output.info(`starting: ${server.command} ${server.args.join(" ")} (found via ${server.source})`);
    try {
      await client.start();
      this.status.setClientState("running");
    } catch (err) {
      this.output.error(`the server failed to start: ${String(err)}`);
      this.status.setClientState("stopped", "failed to start; see Show Logs");
      void vscode.window
        .showErrorMessage(`Convex LSP: the server failed to start (${server.command}).`, "Show Logs")
        .then((pick) => pick && this.output.show(true));
    }
  }

  private async watchPythonInterpreter(): Promise<void> {
    if (this.pythonListener) return;
    this.pythonListener = await onPythonInterpreterChanged(() => {
      // Only matters when the server came from (or could come from) the Python extension.
      if (!this.serverCommand || this.serverCommand.source === "python-extension" || !this.client) {
        void this.restart("Python interpreter changed");
      }
    }, (m) => this.output.info(m));
  }

  private async showNotFound(message: string): Promise<void> {
    const pick = await vscode.window.showErrorMessage(message, "Open Settings", "Show Logs");
    if (pick === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server`);
    } else if (pick === "Show Logs") {
      this.output.show(true);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.serverCommand = undefined;
    if (!client) return;
    try {
      if (client.isRunning()) await client.stop(3000);
    } catch (err) {
      this.output.warn(`stopping the server: ${String(err)}`);
    }
    await client.dispose().catch(() => undefined);
    this.status.setClientState("stopped");
  }

  dispose(): void {
    this.pythonListener?.dispose();
    void this.stop();
  }
}
