/**
 * The interpreter selected in the Python extension (ms-python.python), when that extension
 * is installed. It is optional: without it discovery goes on to PATH.
 */

import * as vscode from "vscode";

const PYTHON_EXTENSION = "ms-python.python";

/** The part of the Python extension's API used here (both its old and new shapes). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      environment: { id: string; path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
    onDidChangeExecutionDetails?: vscode.Event<unknown>;
  };
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
  if (extension === undefined) {
    return undefined;
  }
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
}

/** The active interpreter's executable for a resource, or undefined. */
export async function activeInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  const api = await pythonApi();
  try {
    if (api?.environments !== undefined) {
      const active = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(active);
      return resolved?.executable.uri?.fsPath ?? active.path;
    }
    const command = api?.settings?.getExecutionDetails(resource).execCommand;
    // a command such as ["conda", "run", ...] is not an interpreter path
    return command?.length === 1 ? command[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Calls `listener` when the user selects another interpreter. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable> {
  const api = await pythonApi();
  const event = api?.environments?.onDidChangeActiveEnvironmentPath ??
    api?.settings?.onDidChangeExecutionDetails;
  return event !== undefined ? event(listener) : new vscode.Disposable(() => undefined);
}
