/**
 * The status bar item: what the server is doing (starting, indexing with its percentage, ready, busy,
 * failed), which model answers (or "offline"), inline completion in the active editor when it is not simply
 * on (off, waiting for a suggestion, failing), and a click-through to the log. `describeStatus` decides what
 * it says; `StatusBar` only puts that on a VS Code item.
 */
import type * as vscode from 'vscode';

import type { CompletionState } from './completion';
import type { ServerStatus } from './protocol';

/** States the extension knows before or without a server to report them. */
export type ClientStatus =
  | { readonly state: 'not-installed' }
  /** Running, but the server has not reported its status (yet). */
  | { readonly state: 'running' }
  | { readonly state: 'stopped'; readonly message?: string }
  | { readonly state: 'failed'; readonly message: string };

export type Status = ServerStatus | ClientStatus;

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** Theme color id for the item's background, when it must catch the eye. */
  readonly background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
}

const MODEL_CHARS = 32;

function shortModel(model: string): string {
  return model.length > MODEL_CHARS ? `${model.slice(0, MODEL_CHARS - 1)}…` : model;
}

function withMessage(tooltip: string, message: string | undefined): string {
  return message === undefined ? tooltip : `${tooltip}\n${message}`;
}

const CLICK = 'Click to open the archmem log.';

/** The server's view with inline completion's state added: an icon in the text, a line in the tooltip. */
export function describeStatus(status: Status, completion: CompletionState = { state: 'on' }): StatusView {
  const view = describeServer(status);
  switch (completion.state) {
    case 'on':
      return view;
    case 'off':
      return {
        ...view,
        text: `${view.text} $(circle-slash)`,
        tooltip: `${view.tooltip}\nInline completion off: ${completion.reason}`,
      };
    case 'waiting':
      return {
        ...view,
        text: `${view.text} $(loading~spin)`,
        tooltip: `${view.tooltip}\nInline completion: waiting for a suggestion`,
      };
    case 'failing':
      return {
        ...view,
        text: `${view.text} $(warning)`,
        tooltip: `${view.tooltip}\nInline completion failing: ${completion.message}`,
        background: view.background ?? 'statusBarItem.warningBackground',
      };
  }
}

function describeServer(status: Status): StatusView {
  switch (status.state) {
    case 'not-installed':
      return {
        text: '$(warning) archmem: not installed',
        tooltip: `The archmem language server was not found.\n${CLICK}`,
        background: 'statusBarItem.warningBackground',
      };
    case 'running':
      return { text: '$(check) archmem', tooltip: `archmem: running\n${CLICK}` };
    case 'stopped':
      return { text: '$(debug-stop) archmem', tooltip: withMessage('archmem: server stopped', status.message) };
    case 'failed':
      return {
        text: '$(error) archmem',
        tooltip: withMessage('archmem: the server failed to start', `${status.message}\n${CLICK}`),
        background: 'statusBarItem.errorBackground',
      };
    case 'starting':
      return { text: '$(sync~spin) archmem', tooltip: withMessage('archmem: starting', status.message) };
    case 'indexing': {
      const progress = status.percentage === undefined ? '' : ` ${status.percentage}%`;
      return {
        text: `$(sync~spin) archmem: indexing${progress}`,
        tooltip: withMessage(`archmem: indexing the workspace${progress} · model ${status.model}`, status.message),
      };
    }
    case 'ready':
      return {
        text: `$(check) archmem: ${shortModel(status.model)}`,
        tooltip: withMessage(`archmem: ready · model ${status.model}\n${CLICK}`, status.message),
      };
    case 'busy':
      return {
        text: `$(loading~spin) archmem: ${shortModel(status.model)}`,
        tooltip: withMessage(`archmem: working · model ${status.model}`, status.message),
      };
    case 'error':
      return {
        text: `$(error) archmem: ${shortModel(status.model)}`,
        tooltip: withMessage(`archmem: error · model ${status.model}`, `${status.message ?? ''}\n${CLICK}`.trim()),
        background: 'statusBarItem.errorBackground',
      };
  }
}

export class StatusBar implements vscode.Disposable {
  private current: Status = { state: 'stopped' };
  private completionState: CompletionState = { state: 'on' };

  constructor(
    private readonly item: vscode.StatusBarItem,
    private readonly themeColor: (id: string) => vscode.ThemeColor,
    showLogCommand: string,
  ) {
    item.name = 'archmem';
    item.command = showLogCommand;
    this.render();
    item.show();
  }

  get status(): Status {
    return this.current;
  }

  update(status: Status): void {
    this.current = status;
    this.render();
  }

  get completion(): CompletionState {
    return this.completionState;
  }

  updateCompletion(completion: CompletionState): void {
    this.completionState = completion;
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const view = describeStatus(this.current, this.completionState);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.background === undefined ? undefined : this.themeColor(view.background);
  }
}
