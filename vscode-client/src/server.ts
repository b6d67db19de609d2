/**
 * The archmem language server's life in this window: find it, start it with the settings and the stored
 * API key, keep the status bar true, restart it when a launch setting or the key changes, and send it
 * commands. One restart at a time: requests to restart while one runs are folded into a single next one.
 * Inline completion requests pass through `completionMiddleware`: none where completion is off for the
 * document's language, and each one shown on the status bar while it runs.
 */
import * as vscode from 'vscode';
import {
  type CancellationToken,
  ExecuteCommandRequest,
  type Executable,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

import {
  AdaptiveDebounce,
  COMPLETION_STATUS_NOTIFICATION,
  completionOff,
  CompletionTracker,
  parseCompletionStatus,
} from './completion';
import { parseStatus, STATUS_NOTIFICATION, type ServerCommand } from './protocol';
import { selectedPythonInterpreter } from './pythonEnvironment';
import { serverEnvironment } from './secrets';
import { discoverServer, nodeProbe, notFoundMessage, type ServerLaunch } from './serverDiscovery';
import {
  allowingEditorSettings,
  type DebounceBounds,
  debounceSetting,
  initializationOptions,
  launchSettings,
  SECTION,
} from './settings';
import type { StatusBar } from './statusBar';

export const LANGUAGES = [
  'python',
  'javascript',
  'typescript',
  'typescriptreact',
  'javascriptreact',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
] as const;

/** SecretStorage key of the API key. */
export const API_KEY_SECRET = 'archmem.apiKey';

const INSTALL_BUTTON = 'Open Install Instructions';
const SETTINGS_BUTTON = 'Open Settings';
const LOG_BUTTON = 'Show Log';

function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

function readSection(): unknown {
  return vscode.workspace.getConfiguration(undefined, firstWorkspaceFolder()?.uri).get(SECTION);
}

export class ArchmemServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private queue: Promise<void> = Promise.resolve();
  private restartPending = false;
  private notifiedMissing = false;
  private apiKey: string | undefined;
  private readonly completion: CompletionTracker;
  private readonly debounce = new AdaptiveDebounce();
  private debounceProblem: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly statusBar: StatusBar,
  ) {
    this.completion = new CompletionTracker((state) => statusBar.updateCompletion(state));
    // Keystrokes set the inline completion's debounce (`AdaptiveDebounce`).
    context.subscriptions.push(vscode.workspace.onDidChangeTextDocument(() => this.debounce.typed()));
  }

  /** Shows on the status bar whether inline completion is off in `document` (the active editor's). */
  showCompletionFor(document: vscode.TextDocument | undefined): void {
    const ours = document !== undefined && (LANGUAGES as readonly string[]).includes(document.languageId);
    this.completion.setOff(ours ? completionOff(completionSettings(document), document.languageId) : undefined);
  }

  /** `archmem.completion.debounce` for `document`'s language; a malformed value is logged once, not each time. */
  private debounceBounds(document: vscode.TextDocument): DebounceBounds {
    const { bounds, problem } = debounceSetting(completionSettings(document).get('completion.debounce'));
    if (problem !== undefined && problem !== this.debounceProblem) {
      this.log.warn(problem);
    }
    this.debounceProblem = problem;
    return bounds;
  }

  /** The key currently handed to the server, for redacting logs. */
  get secrets(): readonly string[] {
    return this.apiKey === undefined ? [] : [this.apiKey];
  }

  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  /** Stops and starts again; several calls while one is under way make one more restart, not several. */
  restart(): Promise<void> {
    if (this.restartPending) {
      return this.queue;
    }
    this.restartPending = true;
    return this.enqueue(async () => {
      this.restartPending = false;
      await this.doStop();
      await this.doStart();
    });
  }

  /** Restarts the server if the stored API key differs from the one it was started with. */
  refreshApiKey(): Promise<void> {
    return this.enqueue(async () => {
      const stored = (await this.context.secrets.get(API_KEY_SECRET)) || undefined;
      if (stored === this.apiKey) {
        return;
      }
      this.log.info(stored === undefined ? 'The API key was cleared.' : 'A new API key was stored.');
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  /** Sends `workspace/executeCommand`, starting the server first if it is not running. */
  async execute(command: ServerCommand, args: unknown[], token?: CancellationToken): Promise<unknown> {
    let client = this.running;
    if (client === undefined) {
      await this.start();
      client = this.running;
    }
    if (client === undefined) {
      throw new Error('the archmem server is not running (see the archmem log).');
    }
    this.log.info(`→ ${command}`);
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token);
  }

  /** The client's converter of VS Code values to LSP, for the commands that send VS Code values. */
  get converter(): LanguageClient['code2ProtocolConverter'] | undefined {
    return this.client?.code2ProtocolConverter;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) {
      return;
    }
    const settings = launchSettings(readSection());
    for (const problem of settings.problems) {
      this.log.warn(problem);
      void vscode.window.showWarningMessage(`archmem: ${problem}`);
    }
    const resource = firstWorkspaceFolder()?.uri;
    const discovery = await discoverServer(
      settings,
      nodeProbe(() => selectedPythonInterpreter(resource, this.log)),
    );
    if (discovery.command === undefined) {
      const message = notFoundMessage(discovery);
      this.log.error(message);
      this.statusBar.update({ state: 'not-installed' });
      this.notifyMissing(message);
      return;
    }

    this.apiKey = (await this.context.secrets.get(API_KEY_SECRET)) || undefined;
    this.statusBar.update({ state: 'starting', model: '', message: describeLaunch(discovery) });
    this.log.info(`Starting the archmem server: ${describeLaunch(discovery)}`);
    if (this.apiKey !== undefined) {
      this.log.info(`The stored API key is passed in the environment variable ${settings.apiKeyEnv}.`);
    }

    const executable: Executable = {
      command: discovery.command,
      args: [...discovery.args],
      transport: TransportKind.stdio,
      options: {
        env: allowingEditorSettings(serverEnvironment(process.env, settings.apiKeyEnv, this.apiKey)),
        ...(resource?.scheme === 'file' ? { cwd: resource.fsPath } : {}),
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      outputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => initializationOptions(readSection()),
      synchronize: { configurationSection: SECTION },
      markdown: { isTrusted: false, supportHtml: false },
      middleware: {
        provideInlineCompletionItems: async (document, position, context, token, next) => {
          if (completionOff(completionSettings(document), document.languageId) !== undefined) {
            return undefined;
          }
          const editor = vscode.window.activeTextEditor;
          if (editor?.document === document && !editor.selection.isEmpty) {
            return undefined; // no ghost text while the user has text selected
          }
          this.debounce.setBounds(this.debounceBounds(document));
          if (!(await this.debounce.settle(() => token.isCancellationRequested))) {
            return undefined;
          }
          return this.completion.track(
            () => Promise.resolve(next(document, position, context, token)),
            (error) => token.isCancellationRequested || error instanceof vscode.CancellationError,
          );
        },
      },
      initializationFailedHandler: (error) => {
        this.log.error(`The archmem server failed to initialize: ${String(error)}`);
        return false;
      },
    };
    const client = new LanguageClient('archmem', 'archmem', executable, clientOptions);
    this.client = client;
    client.onDidChangeState((event) => {
      if (event.newState === State.Stopped && this.client === client) {
        this.statusBar.update({ state: 'stopped', message: 'The server has stopped.' });
      }
    });
    client.onNotification(COMPLETION_STATUS_NOTIFICATION, (params: unknown) => {
      const failure = parseCompletionStatus(params);
      if (failure === undefined) {
        this.log.warn(`Ignored a malformed ${COMPLETION_STATUS_NOTIFICATION} notification: ${JSON.stringify(params)}`);
        return;
      }
      this.completion.serverSays(failure);
    });
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      const status = parseStatus(params);
      if (status === undefined) {
        this.log.warn(`Ignored a malformed ${STATUS_NOTIFICATION} notification: ${JSON.stringify(params)}`);
        return;
      }
      this.statusBar.update(status);
      if (status.state === 'error' && status.message !== undefined) {
        this.log.error(status.message);
      }
    });
    try {
      await client.start();
      if (this.statusBar.status.state === 'starting') {
        this.statusBar.update({ state: 'running' });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Could not start the archmem server (${describeLaunch(discovery)}): ${message}`);
      this.statusBar.update({ state: 'failed', message });
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      void vscode.window
        .showErrorMessage(`archmem: could not start the server: ${message}`, LOG_BUTTON, SETTINGS_BUTTON)
        .then((choice) => this.onButton(choice));
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.dispose(5000);
    } catch (error) {
      this.log.warn(`The archmem server did not stop cleanly: ${String(error)}`);
    }
    this.statusBar.update({ state: 'stopped' });
  }

  private notifyMissing(message: string): void {
    if (this.notifiedMissing) {
      return;
    }
    this.notifiedMissing = true;
    void vscode.window
      .showWarningMessage(message, INSTALL_BUTTON, SETTINGS_BUTTON)
      .then((choice) => this.onButton(choice));
  }

  /** The README shipped in the .vsix (vsce stores it as readme.md). */
  private async readme(): Promise<vscode.Uri> {
    for (const name of ['readme.md', 'README.md']) {
      const uri = vscode.Uri.joinPath(this.context.extensionUri, name);
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch {
        // Try the other spelling.
      }
    }
    return vscode.Uri.joinPath(this.context.extensionUri, 'README.md');
  }

  private async onButton(choice: string | undefined): Promise<void> {
    if (choice === INSTALL_BUTTON) {
      await vscode.commands.executeCommand('markdown.showPreview', await this.readme());
    } else if (choice === SETTINGS_BUTTON) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'archmem.server');
    } else if (choice === LOG_BUTTON) {
      this.log.show(true);
    }
  }
}

/** The `archmem` section as it applies to `document`, its language's overrides included. */
function completionSettings(document: vscode.TextDocument): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, document);
}

function describeLaunch(launch: ServerLaunch): string {
  return `${[launch.command, ...launch.args].join(' ')} (from ${launch.source})`;
}
