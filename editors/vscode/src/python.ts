// The Python extension (ms-python.python), used only when it is installed. Its API has changed over
// the years, so every access is guarded: the `environments` API (2022+) first, then the older
// `settings.getExecutionDetails`.
import * as vscode from "vscode";

const PYTHON_EXTENSION = "ms-python.python";

interface EnvironmentPath {
  id?: string;
  path?: string;
}
interface ResolvedEnvironment {
  executable?: { uri?: vscode.Uri };
}
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): EnvironmentPath | undefined;
    resolveEnvironment?(env: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined;
    onDidChangeExecutionDetails?: vscode.Event<unknown>;
  };
}

async function api(log: (m: string) => void): Promise<PythonApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (!ext) return undefined;
  try {
    if (!ext.isActive) await ext.activate();
  } catch (err) {
    log(`Python extension failed to activate: ${String(err)}`);
    return undefined;
  }
  return ext.exports;
}

/** The active interpreter of the Python extension as an argv prefix, or undefined. */
export async function pythonExtensionInterpreter(log: (m: string) => void): Promise<string[] | undefined> {
  const py = await api(log);
  if (!py) return undefined;
  const resource = vscode.workspace.workspaceFolders?.[0]?.uri;

  const envs = py.environments;
  if (envs?.getActiveEnvironmentPath && envs.resolveEnvironment) {
    const active = envs.getActiveEnvironmentPath(resource);
    if (active) {
      const resolved = await envs.resolveEnvironment(active);
      const exe = resolved?.executable?.uri?.fsPath;
      if (exe) return [exe];
    }
  }
  const details = py.settings?.getExecutionDetails?.(resource);
  if (details?.execCommand && details.execCommand.length > 0) return details.execCommand;
  return undefined;
}

/** Calls `listener` when the user picks another interpreter in the Python extension. */
export async function onPythonInterpreterChanged(
  listener: () => void,
  log: (m: string) => void,
): Promise<vscode.Disposable | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (!ext || !ext.isActive) return undefined; // only after discovery activated it
  const py = await api(log);
  const event = py?.environments?.onDidChangeActiveEnvironmentPath ?? py?.settings?.onDidChangeExecutionDetails;
  return event ? event(() => listener()) : undefined;
}
