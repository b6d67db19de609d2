/**
 * Inline completion on the client side: whether a document's language may ask for ghost text (the
 * `archmem.completion.*` settings, language overrides included), and the request lifecycle the status bar
 * shows (waiting while a request runs, failing after a request failed, off where no suggestion is asked for).
 *
 * The language client does the protocol (vscode-languageclient 11 registers `textDocument/inlineCompletion`
 * itself, and an accepted item runs the server's `archmem.completionAccepted` command, which it registered);
 * this module only decides before a request and watches it through the client's middleware. The server
 * answers a failed model call with an empty list (no error reaches the middleware), so it also says
 * `archmem/completionStatus` when completion starts failing and when it works again.
 */

import { DEFAULT_DEBOUNCE, type DebounceBounds } from './settings';

/** The server's notification: `{state: 'failing', message}` or `{state: 'ok'}`, sent on a change only. */
export const COMPLETION_STATUS_NOTIFICATION = 'archmem/completionStatus';

/** The failure `params` of `archmem/completionStatus` reports: a message, null (it works), undefined (malformed). */
export function parseCompletionStatus(params: unknown): string | null | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const { state, message } = params as { state?: unknown; message?: unknown };
  if (state === 'ok') {
    return null;
  }
  if (state === 'failing') {
    return typeof message === 'string' && message !== '' ? message : 'the model gave no suggestion';
  }
  return undefined;
}

/** What the status bar says about inline completion for the active editor. */
export type CompletionState =
  | { readonly state: 'on' }
  | { readonly state: 'off'; readonly reason: string }
  | { readonly state: 'waiting' }
  | { readonly state: 'failing'; readonly message: string };

/** The part of a `WorkspaceConfiguration` for section `archmem` this module reads. */
export interface SettingsReader {
  get(key: string): unknown;
}

/**
 * Why no suggestion is asked for in a document of `languageId`, or undefined when one is. `settings` is the
 * `archmem` section read for that document, so `"[python]": {"archmem.completion.enabled": false}` counts.
 * (With no model configured the server answers nothing; the status bar's model already says "offline".)
 */
export function completionOff(settings: SettingsReader, languageId: string): string | undefined {
  if (settings.get('offline') === true) {
    return 'archmem.offline is on';
  }
  if (settings.get('completion.enabled') === false) {
    return `archmem.completion.enabled is off for ${languageId}`;
  }
  const disabled = settings.get('completion.disabledLanguages');
  if (Array.isArray(disabled) && disabled.includes(languageId)) {
    return `${languageId} is in archmem.completion.disabledLanguages`;
  }
  return undefined;
}

/**
 * Counts the inline completion requests in flight and remembers whether the last one failed (rejected), or
 * the server said the model fails; reports each change of what the status bar should say. A cancelled
 * request (the user typed on) is neither a failure nor a success. The two failures are kept apart: a request
 * answered (empty) while the model is down clears the first, only the server's `ok` clears the second.
 */
export class CompletionTracker {
  private pending = 0;
  private failure: string | undefined;
  private modelFailure: string | undefined;
  private off: string | undefined;

  constructor(private readonly onChange: (state: CompletionState) => void) {}

  get state(): CompletionState {
    if (this.off !== undefined) {
      return { state: 'off', reason: this.off };
    }
    if (this.pending > 0) {
      return { state: 'waiting' };
    }
    const failure = this.failure ?? this.modelFailure;
    if (failure !== undefined) {
      return { state: 'failing', message: failure };
    }
    return { state: 'on' };
  }

  /** Whether completion is off in the active editor, and why (undefined: on). */
  setOff(reason: string | undefined): void {
    if (reason !== this.off) {
      this.off = reason;
      this.onChange(this.state);
    }
  }

  /** What the server says of the model behind completion: a failure's message, or null once it answers. */
  serverSays(failure: string | null): void {
    const now = failure ?? undefined;
    if (now !== this.modelFailure) {
      this.modelFailure = now;
      this.onChange(this.state);
    }
  }

  /** Runs one request, showing it as waiting; a rejection other than a cancellation shows as failing. */
  async track<T>(request: () => PromiseLike<T>, cancelled: (error: unknown) => boolean): Promise<T> {
    this.pending += 1;
    this.onChange(this.state);
    try {
      const result = await request();
      this.failure = undefined;
      return result;
    } catch (error) {
      if (!cancelled(error)) {
        this.failure = error instanceof Error ? error.message : String(error);
      }
      throw error;
    } finally {
      this.pending -= 1;
      this.onChange(this.state);
    }
  }
}

/**
 * How long to wait after a keystroke before asking for a suggestion, adapted to the user's typing: about
 * one and a half of their recent gaps between keystrokes (the median of the last few), between the bounds'
 * `least` and `most` ms (`archmem.completion.debounce`; equal bounds make a fixed delay). A fast typist is
 * not sent a suggestion for every character (each would be superseded at once); a slow one does not wait a
 * fixed delay meant for fast ones. Gaps longer than `most` are pauses, not typing, and are not counted.
 */
export class AdaptiveDebounce {
  private last: number | undefined;
  private readonly gaps: number[] = [];
  private least: number;
  private most: number;

  constructor(
    private readonly now: () => number = Date.now,
    bounds: DebounceBounds = DEFAULT_DEBOUNCE,
    private readonly kept = 8,
  ) {
    this.least = bounds.least;
    this.most = bounds.most;
  }

  /** Takes the setting's bounds (read again for each request: it may have changed, per language too). */
  setBounds(bounds: DebounceBounds): void {
    this.least = bounds.least;
    this.most = bounds.most;
  }

  /** A keystroke (a change to a document) just happened. */
  typed(): void {
    const at = this.now();
    if (this.last !== undefined && at - this.last <= this.most) {
      this.gaps.push(at - this.last);
      if (this.gaps.length > this.kept) {
        this.gaps.shift();
      }
    }
    this.last = at;
  }

  /** The delay to wait now, in ms. */
  get delay(): number {
    if (this.gaps.length === 0) {
      return this.least;
    }
    const sorted = [...this.gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? this.least;
    return Math.min(this.most, Math.max(this.least, Math.round(median * 1.5)));
  }

  /**
   * Waits out the delay counted from the last keystroke; true when the request should go on: false when
   * `cancelled()` turned true meanwhile (the user typed on, and VS Code asks again).
   */
  async settle(cancelled: () => boolean, sleep: (ms: number) => Promise<void> = pause): Promise<boolean> {
    const waited = this.last === undefined ? this.delay : this.delay - (this.now() - this.last);
    if (waited > 0) {
      await sleep(waited);
    }
    return !cancelled();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

