/**
 * The `archmem` settings section: what the extension itself reads from it (how to launch the server, which
 * environment variable carries the key) and the JSON the server receives as `initializationOptions`.
 *
 * The server gets the whole section, in the same nested shape that `workspace/configuration` answers for the
 * section "archmem" (`{server: {path, args}, context: {budget}, ...}`), so a setting reaches it the same way at
 * start-up and on every later pull or push. The server validates the values; this module only makes sure
 * what is sent is plain JSON and what the extension uses itself is sane.
 */

export const SECTION = 'archmem';
export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';
/** `archmem.server.args` when it is empty: the server's subcommand. */
export const DEFAULT_SERVER_ARGS: readonly string[] = ['serve'];

/** A JSON value as it travels in LSP messages. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface LaunchSettings {
  /** `archmem.server.path`, trimmed; undefined when empty. */
  readonly serverPath: string | undefined;
  /** Arguments for the server command: `archmem.server.args`, or `["serve"]` when that is empty. */
  readonly serverArgs: readonly string[];
  /** Name of the environment variable that carries the stored API key. */
  readonly apiKeyEnv: string;
  /** Problems found while reading the settings, one sentence each, naming the setting. */
  readonly problems: readonly string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep copy to plain JSON: drops functions and undefined (VS Code's configuration objects carry methods),
 * keeps key order. Non-finite numbers become null, as JSON.stringify would make them.
 */
export function toJson(value: unknown): Json | undefined {
  if (value === null) {
    return null;
  }
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (Array.isArray(value)) {
        return value.map((item) => toJson(item) ?? null);
      }
      const result: { [key: string]: Json } = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const converted = toJson(item);
        if (converted !== undefined) {
          result[key] = converted;
        }
      }
      return result;
    }
    default:
      return undefined;
  }
}

/**
 * The `initializationOptions` sent to the server: the whole `archmem` section as plain JSON.
 * `section` is what `workspace.getConfiguration().get("archmem")` returns (nested by the dots in the names).
 */
export function initializationOptions(section: unknown): { [key: string]: Json } {
  const json = toJson(section);
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {};
}

/** Reads what the extension needs to start the server, falling back to defaults with a stated problem. */
export function launchSettings(section: unknown): LaunchSettings {
  const problems: string[] = [];
  const root = isRecord(section) ? section : {};
  const server = isRecord(root.server) ? root.server : {};

  let serverPath: string | undefined;
  if (typeof server.path === 'string') {
    serverPath = server.path.trim() === '' ? undefined : server.path.trim();
  } else if (server.path !== undefined && server.path !== null) {
    problems.push('archmem.server.path must be a string (a command); it is ignored.');
  }

  let serverArgs: readonly string[] = DEFAULT_SERVER_ARGS;
  if (Array.isArray(server.args)) {
    if (server.args.every((arg): arg is string => typeof arg === 'string')) {
      if (server.args.length > 0) {
        serverArgs = [...server.args];
      }
    } else {
      problems.push('archmem.server.args must be a list of strings; ["serve"] is used instead.');
    }
  } else if (server.args !== undefined && server.args !== null) {
    problems.push('archmem.server.args must be a list of strings; ["serve"] is used instead.');
  }

  let apiKeyEnv = DEFAULT_API_KEY_ENV;
  if (typeof root.apiKeyEnv === 'string' && root.apiKeyEnv !== '') {
    if (isValidEnvName(root.apiKeyEnv)) {
      apiKeyEnv = root.apiKeyEnv;
    } else {
      problems.push(
        `archmem.apiKeyEnv must be an environment variable name (letters, digits, _); ${DEFAULT_API_KEY_ENV} is used instead.`,
      );
    }
  }

  return { serverPath, serverArgs, apiKeyEnv, problems };
}

/**
 * Settings that start programs, choose where code and the API key go, or write files: a repository must not
 * set them. package.json scopes each `machine` (VS Code ignores them in workspace and folder settings) and
 * lists it in `restrictedConfigurations` (ignored in an untrusted workspace); a unit test holds both.
 */
export const GUARDED_SETTINGS: readonly string[] = [
  'archmem.server.path',
  'archmem.server.args',
  'archmem.apiKeyEnv',
  'archmem.checkers',
  'archmem.models',
  'archmem.log.file',
  'archmem.index.cacheDir',
];

/**
 * The server refuses its guarded settings (names below `archmem.`) from an editor's configuration, which in
 * most editors merges a workspace's settings files. VS Code's scoping above keeps those values the user's own,
 * so the extension tells the server, through this environment variable, that it may take them from here.
 */
export const ALLOW_ENV = 'ARCHMEM_ALLOW_EDITOR_SETTINGS';
export const SERVER_GUARDED: readonly string[] = ['checkers', 'models.endpoints', 'log.file', 'index.cacheDir'];

/** The server's environment: `env` and the guarded settings this editor may set (see `ALLOW_ENV`). */
export function allowingEditorSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, [ALLOW_ENV]: SERVER_GUARDED.join(',') };
}

/** Settings whose change needs a new server process rather than a `didChangeConfiguration`. */
export const RESTART_SETTINGS: readonly string[] = ['archmem.server', 'archmem.apiKeyEnv'];

/** How long inline completion waits after a keystroke: adaptive between `least` and `most` ms (equal: fixed). */
export interface DebounceBounds {
  readonly least: number;
  readonly most: number;
}

export const DEFAULT_DEBOUNCE: DebounceBounds = { least: 50, most: 400 };
/** The longest wait a setting may ask for: past it a suggestion would come long after the user stopped. */
export const DEBOUNCE_LIMIT_MS = 5000;

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= DEBOUNCE_LIMIT_MS;
}

/**
 * Reads `archmem.completion.debounce`: `"adaptive"` (the default: about one and a half of the user's recent
 * gaps between keystrokes, 50 to 400 ms), `{"min": ms, "max": ms}` (adaptive within those bounds) or a number
 * (always that many ms; 0 asks at once). A malformed value gives the default and a problem naming the setting.
 */
export function debounceSetting(value: unknown): { bounds: DebounceBounds; problem?: string } {
  if (value === undefined || value === null || value === 'adaptive') {
    return { bounds: DEFAULT_DEBOUNCE };
  }
  if (isDelay(value)) {
    const ms = Math.round(value);
    return { bounds: { least: ms, most: ms } };
  }
  if (isRecord(value)) {
    const least = value.min ?? DEFAULT_DEBOUNCE.least;
    const most = value.max ?? DEFAULT_DEBOUNCE.most;
    if (isDelay(least) && isDelay(most) && least <= most) {
      return { bounds: { least: Math.round(least), most: Math.round(most) } };
    }
  }
  return {
    bounds: DEFAULT_DEBOUNCE,
    problem:
      `archmem.completion.debounce must be "adaptive", {"min": ms, "max": ms} with min <= max, or a number of ` +
      `ms, each from 0 to ${DEBOUNCE_LIMIT_MS}; got ${JSON.stringify(value)}, "adaptive" (50-400 ms) is used instead.`,
  };
}
