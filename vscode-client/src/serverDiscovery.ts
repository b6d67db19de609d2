/**
 * Finds the command that starts `archmem serve`, in a fixed order:
 *   1. the `archmem.server.path` setting (with `archmem.server.args`, default `["serve"]`);
 *   2. `archmem` on PATH;
 *   3. the Python environment selected in the Python extension: `<env>/bin/archmem`, else
 *      `<python> -m archmem.server serve` when that interpreter has archmem installed;
 *   4. nothing: the caller tells the user what to install.
 * The lookups are injected (`DiscoveryProbe`) so the order is testable without a file system or VS Code.
 */
import { execFile } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';

import { DEFAULT_SERVER_ARGS, type LaunchSettings } from './settings';

export type ServerSource = 'setting' | 'path' | 'python-environment' | 'python-module';

export interface ServerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly source: ServerSource;
}

export interface ServerNotFound {
  readonly command: undefined;
  /** Where the extension looked, in order, for the message shown to the user. */
  readonly searched: readonly string[];
}

export type Discovery = ServerLaunch | ServerNotFound;

export interface DiscoveryProbe {
  /** Absolute path of an executable named `name` on PATH, or undefined. */
  which(name: string): Promise<string | undefined>;
  /** True when `file` exists and may be executed. */
  isExecutable(file: string): Promise<boolean>;
  /** The interpreter of the Python environment selected in VS Code, if the Python extension is there. */
  selectedPython(): Promise<string | undefined>;
  /** True when `python -m <module>` can run: the package has a `__main__` (found without running it). */
  canRunModule(python: string, module: string): Promise<boolean>;
}

export const EXECUTABLE = 'archmem';
export const PYTHON_MODULE = 'archmem.server';

/** `<env>/bin/archmem` (or `Scripts\archmem.exe` on Windows) beside an environment's interpreter. */
export function scriptBesideInterpreter(python: string, platform: NodeJS.Platform = process.platform): string {
  const dir = path.dirname(python);
  return platform === 'win32' ? path.win32.join(dir, `${EXECUTABLE}.exe`) : path.posix.join(dir, EXECUTABLE);
}

export async function discoverServer(settings: LaunchSettings, probe: DiscoveryProbe): Promise<Discovery> {
  if (settings.serverPath !== undefined) {
    // An explicit setting wins even when it looks wrong: starting it gives the user the real error.
    return { command: settings.serverPath, args: settings.serverArgs, source: 'setting' };
  }
  const searched = ['the archmem.server.path setting (empty)', `${EXECUTABLE} on PATH`];

  const onPath = await probe.which(EXECUTABLE);
  if (onPath !== undefined) {
    return { command: onPath, args: DEFAULT_SERVER_ARGS, source: 'path' };
  }

  const python = await probe.selectedPython();
  if (python === undefined) {
    searched.push('the selected Python environment (none: the Python extension is not installed or has none)');
    return { command: undefined, searched };
  }
  const script = scriptBesideInterpreter(python);
  if (await probe.isExecutable(script)) {
    return { command: script, args: DEFAULT_SERVER_ARGS, source: 'python-environment' };
  }
  if (await probe.canRunModule(python, PYTHON_MODULE)) {
    return { command: python, args: ['-m', PYTHON_MODULE, ...DEFAULT_SERVER_ARGS], source: 'python-module' };
  }
  searched.push(`the selected Python environment (${python})`);
  return { command: undefined, searched };
}

/** The message shown once when no server was found: what to install and where it looked. */
export function notFoundMessage(result: ServerNotFound): string {
  return (
    'archmem: the archmem language server is not installed. Install it into your Python environment ' +
    'with "pip install ." from the archmem project checkout (or "pip install /path/to/archmem"), or ' +
    `set archmem.server.path to the archmem command. Searched: ${result.searched.join('; ')}.`
  );
}

/** Lookups against the real machine; the Python environment comes from the caller (the VS Code API). */
export function nodeProbe(
  selectedPython: () => Promise<string | undefined>,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): DiscoveryProbe {
  const isExecutable = async (file: string): Promise<boolean> => {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) {
        return false;
      }
      await fs.access(file, platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  return {
    isExecutable,
    selectedPython,
    async which(name: string): Promise<string | undefined> {
      const delimiter = platform === 'win32' ? ';' : ':';
      const extensions =
        platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((e) => e !== '') : [''];
      for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
        if (dir === '') {
          continue;
        }
        for (const extension of extensions) {
          const candidate = path.join(dir, name + extension);
          if (await isExecutable(candidate)) {
            return candidate;
          }
        }
      }
      return undefined;
    },
    canRunModule(python: string, module: string): Promise<boolean> {
      // find_spec of the package's __main__ imports the package but does not run the program.
      const check = `import importlib.util, sys; sys.exit(importlib.util.find_spec(${JSON.stringify(`${module}.__main__`)}) is None)`;
      return new Promise((resolve) => {
        execFile(python, ['-c', check], { timeout: 15_000, windowsHide: true }, (error) => resolve(error === null));
      });
    },
  };
}
