/**
 * The API key's only way out of SecretStorage: the server process's environment. Also the redaction that
 * keeps it out of every string the extension logs (the output channel, the protocol trace, the server's
 * stderr relayed there), as a second line of defence should anything ever echo it.
 */
import type { LogOutputChannel } from 'vscode';

/** The server's environment: the extension host's, plus the stored key under `keyEnvName` if there is one. */
export function serverEnvironment(
  base: NodeJS.ProcessEnv,
  keyEnvName: string,
  apiKey: string | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  if (apiKey !== undefined && apiKey !== '') {
    env[keyEnvName] = apiKey;
  }
  return env;
}

export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (too-short ones are not secrets worth masking) in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result;
}

/** Turns whatever a logger is handed (strings, errors, objects) into one redacted string. */
export function redactValue(value: unknown, secrets: readonly string[]): string {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (value instanceof Error) {
    text = value.stack ?? `${value.name}: ${value.message}`;
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return redact(text, secrets);
}

const TEXT_METHODS = new Set(['append', 'appendLine', 'replace']);
const LEVEL_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

/**
 * A LogOutputChannel that redacts the current secrets from every string written through it. The language
 * client writes its own log, the message trace and the server's stderr through the channel it is given,
 * so giving it this one covers all of them.
 */
export function redactingChannel(
  channel: LogOutputChannel,
  secrets: () => readonly string[],
): LogOutputChannel {
  return new Proxy(channel, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') {
        return value;
      }
      if (TEXT_METHODS.has(property)) {
        return (text: unknown) => (value as (t: string) => void).call(target, redactValue(text, secrets()));
      }
      if (LEVEL_METHODS.has(property)) {
        return (message: unknown, ...args: unknown[]) => {
          const current = secrets();
          const redactedArgs = args.map((arg) => redactValue(arg, current));
          (value as (m: string, ...a: string[]) => void).call(target, redactValue(message, current), ...redactedArgs);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
