/**
 * The extension's side of the contract with `archmem serve`: command names, argument and result shapes,
 * and strict parsers for what the server sends back, so a malformed answer becomes a clear error rather
 * than `undefined` shown to the user.
 */
import type { Diagnostic, Position, Range } from 'vscode-languageclient';

/** LSP `workspace/executeCommand` commands the server implements. */
export const ServerCommands = {
  selfDebug: 'archmem.selfDebug',
  explain: 'archmem.explain',
  generate: 'archmem.generate',
  showLastPrompt: 'archmem.showLastPrompt',
  completionStats: 'archmem.completionStats',
} as const;

export type ServerCommand = (typeof ServerCommands)[keyof typeof ServerCommands];

/** Server → client notification carrying what the status bar shows. */
export const STATUS_NOTIFICATION = 'archmem/status';

export interface SelfDebugArgs {
  readonly uri: string;
  readonly version: number;
  readonly diagnostics: Diagnostic[];
}

export interface ExplainArgs {
  readonly uri: string;
  readonly position: Position;
  /** false: return the markdown instead of asking the client to show a document. */
  readonly show: false;
}

export interface GenerateArgs {
  readonly uri: string;
  readonly version: number;
  readonly position: Position;
  readonly range?: Range;
  readonly instruction?: string;
}

export interface ShowLastPromptArgs {
  readonly show: false;
}

export interface ApplyResult {
  readonly applied: boolean;
  readonly summary: string;
}

export interface ExplainResult {
  readonly markdown: string;
  readonly offline: boolean;
}

export interface LastPromptResult {
  readonly text: string;
}

export const SERVER_STATES = ['starting', 'indexing', 'ready', 'busy', 'error'] as const;
export type ServerState = (typeof SERVER_STATES)[number];

export interface ServerStatus {
  readonly state: ServerState;
  /** "offline" or "<endpoint>: <model>". */
  readonly model: string;
  readonly message?: string;
  readonly percentage?: number;
}

/** The server answered a command with something outside the contract. */
export class ProtocolError extends Error {
  constructor(command: string, detail: string) {
    super(`archmem server answered ${command} with an unexpected result: ${detail}`);
    this.name = 'ProtocolError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function parseApplyResult(command: string, value: unknown): ApplyResult {
  if (!isRecord(value) || typeof value.applied !== 'boolean' || typeof value.summary !== 'string') {
    throw new ProtocolError(command, `expected {applied: boolean, summary: string}, got ${describe(value)}`);
  }
  return { applied: value.applied, summary: value.summary };
}

export function parseExplainResult(value: unknown): ExplainResult {
  if (!isRecord(value) || typeof value.markdown !== 'string' || typeof value.offline !== 'boolean') {
    throw new ProtocolError(
      ServerCommands.explain,
      `expected {markdown: string, offline: boolean}, got ${describe(value)}`,
    );
  }
  return { markdown: value.markdown, offline: value.offline };
}

export function parseLastPromptResult(value: unknown): LastPromptResult {
  if (!isRecord(value) || typeof value.text !== 'string') {
    throw new ProtocolError(ServerCommands.showLastPrompt, `expected {text: string}, got ${describe(value)}`);
  }
  return { text: value.text };
}

/** Inline completion counts of one language, kept by the server in memory only. */
export interface CompletionCounts {
  readonly shown: number;
  readonly accepted: number;
  readonly acceptedChars: number;
}

/** `archmem.completionStats`: the counts by language. */
export function parseCompletionStats(value: unknown): Record<string, CompletionCounts> {
  const fail = () => new ProtocolError(ServerCommands.completionStats, `expected {language: {shown, accepted, acceptedChars}}, got ${describe(value)}`);
  if (!isRecord(value)) {
    throw fail();
  }
  const stats: Record<string, CompletionCounts> = {};
  for (const [language, counts] of Object.entries(value)) {
    if (!isRecord(counts) || ![counts.shown, counts.accepted, counts.acceptedChars].every((n) => typeof n === 'number')) {
      throw fail();
    }
    stats[language] = { shown: counts.shown as number, accepted: counts.accepted as number, acceptedChars: counts.acceptedChars as number };
  }
  return stats;
}

/** One line for the counts: `python: 3 shown, 1 accepted (24 characters)`, languages by name. */
export function describeCompletionStats(stats: Record<string, CompletionCounts>): string {
  const languages = Object.keys(stats).sort();
  if (languages.length === 0) {
    return 'no inline suggestion shown yet';
  }
  return languages
    .map((language) => {
      const counts = stats[language] as CompletionCounts;
      return `${language}: ${counts.shown} shown, ${counts.accepted} accepted (${counts.acceptedChars} characters)`;
    })
    .join('; ');
}

/** A status notification, or undefined when it is malformed (a notification has no one to answer to). */
export function parseStatus(value: unknown): ServerStatus | undefined {
  if (!isRecord(value) || typeof value.model !== 'string') {
    return undefined;
  }
  const state = SERVER_STATES.find((s) => s === value.state);
  if (state === undefined) {
    return undefined;
  }
  const message = typeof value.message === 'string' && value.message !== '' ? value.message : undefined;
  const percentage =
    typeof value.percentage === 'number' && Number.isFinite(value.percentage)
      ? Math.min(100, Math.max(0, Math.round(value.percentage)))
      : undefined;
  return {
    state,
    model: value.model,
    ...(message !== undefined ? { message } : {}),
    ...(percentage !== undefined ? { percentage } : {}),
  };
}
