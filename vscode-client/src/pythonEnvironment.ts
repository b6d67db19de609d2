/**
 * The interpreter of the Python environment selected in the Python extension (`ms-python.python`), used to
 * find an archmem installed there. The Python extension is optional and its API is read defensively: any
 * absence or failure means "no environment", never an error for the user.
 */
import * as vscode from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

interface EnvironmentPath {
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri?: vscode.Uri };
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath): Promise<ResolvedEnvironment | undefined>;
}

function environmentsApi(exports: unknown): PythonEnvironmentsApi | undefined {
  if (typeof exports !== 'object' || exports === null) {
    return undefined;
  }
  const environments = (exports as { environments?: unknown }).environments;
  if (typeof environments !== 'object' || environments === null) {
    return undefined;
  }
  const api = environments as Partial<PythonEnvironmentsApi>;
  return typeof api.getActiveEnvironmentPath === 'function' && typeof api.resolveEnvironment === 'function'
    ? (api as PythonEnvironmentsApi)
    : undefined;
}

export async function selectedPythonInterpreter(
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<unknown>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  try {
    const api = environmentsApi(extension.isActive ? extension.exports : await extension.activate());
    if (api === undefined) {
      log.warn(`${PYTHON_EXTENSION_ID} does not offer the environments API; skipping the Python environment.`);
      return undefined;
    }
    const resolved = await api.resolveEnvironment(api.getActiveEnvironmentPath(resource));
    return resolved?.executable.uri?.fsPath;
  } catch (error) {
    log.warn(`Could not read the selected Python environment: ${String(error)}`);
    return undefined;
  }
}
