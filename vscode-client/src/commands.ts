/**
 * The extension's commands (palette and editor context menu). Each gathers what the server needs from the
 * editor, calls one server command with a cancellable progress notification, and shows the outcome. The
 * server applies edits itself through `workspace/applyEdit`; these commands never edit a document.
 */
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';

import { describeDiagnostics, selfDebugArguments } from './diagnosticsRelay';
import type { ExplainPanel } from './explainPanel';
import {
  type ApplyResult,
  describeCompletionStats,
  type GenerateArgs,
  parseApplyResult,
  parseCompletionStats,
  parseExplainResult,
  parseLastPromptResult,
  type ServerCommand,
  ServerCommands,
} from './protocol';
import { API_KEY_SECRET, type ArchmemServer } from './server';
import { launchSettings, SECTION } from './settings';

/** Command ids the extension contributes. The server's own command ids (ServerCommands) stay the
 * language client's: it registers them so that code actions carrying those commands work. */
export const Commands = {
  explain: 'archmem.explainSymbol',
  generate: 'archmem.generateCode',
  fixDiagnostics: 'archmem.fixDiagnosticsInFile',
  showLastPrompt: 'archmem.openLastPrompt',
  restart: 'archmem.restartServer',
  setApiKey: 'archmem.setApiKey',
  clearApiKey: 'archmem.clearApiKey',
  showLog: 'archmem.showLog',
  completionStats: 'archmem.showCompletionStats',
} as const;

interface Context {
  readonly server: ArchmemServer;
  readonly log: vscode.LogOutputChannel;
  readonly explainPanel: ExplainPanel;
}

/** The editor a command applies to: the one for the URI the context menu passed, else the active one. */
function targetEditor(uri: unknown): vscode.TextEditor | undefined {
  if (uri instanceof vscode.Uri) {
    const active = vscode.window.activeTextEditor;
    if (active?.document.uri.toString() === uri.toString()) {
      return active;
    }
    return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  }
  return vscode.window.activeTextEditor;
}

function requireEditor(uri: unknown, action: string): vscode.TextEditor | undefined {
  const editor = targetEditor(uri);
  if (editor === undefined) {
    void vscode.window.showInformationMessage(`archmem: open a file to ${action}.`);
  }
  return editor;
}

function isCancellation(error: unknown): boolean {
  return error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled;
}

function reportFailure(ctx: Context, what: string, error: unknown): void {
  if (isCancellation(error)) {
    ctx.log.info(`${what}: cancelled`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.log.error(`${what} failed: ${message}`);
  void vscode.window.showErrorMessage(`archmem: ${what} failed: ${message}`, 'Show Log').then((choice) => {
    if (choice !== undefined) {
      ctx.log.show(true);
    }
  });
}

/** Runs one server command under a cancellable progress notification. */
function withServer<T>(
  ctx: Context,
  title: string,
  command: ServerCommand,
  args: unknown[],
  parse: (value: unknown) => T,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `archmem: ${title}…`, cancellable: true },
    async (_progress, token) => parse(await ctx.server.execute(command, args, token)),
  );
}

function showApplyResult(ctx: Context, what: string, result: ApplyResult): void {
  ctx.log.info(`${what}: ${result.applied ? 'applied' : 'not applied'}: ${result.summary}`);
  if (result.applied) {
    void vscode.window.showInformationMessage(`archmem: ${result.summary}`);
  } else {
    void vscode.window.showWarningMessage(`archmem: ${what}: ${result.summary}`);
  }
}

async function fixDiagnostics(ctx: Context, uri: unknown): Promise<void> {
  const editor = requireEditor(uri, 'fix its diagnostics');
  if (editor === undefined) {
    return;
  }
  try {
    if (ctx.server.running === undefined) {
      await ctx.server.start();
    }
    const converter = ctx.server.converter;
    if (converter === undefined) {
      throw new Error('the archmem server is not running (see the archmem log).');
    }
    const { document } = editor;
    // All sources, not only archmem's: self-debug should see the type checker's and linters' findings too.
    const args = await selfDebugArguments(document, vscode.languages.getDiagnostics(document.uri), converter);
    ctx.log.info(`Fix diagnostics in ${document.uri.fsPath}: relaying ${describeDiagnostics(args[0].diagnostics)}`);
    const result = await withServer(ctx, 'fixing diagnostics', ServerCommands.selfDebug, args, (value) =>
      parseApplyResult(ServerCommands.selfDebug, value),
    );
    showApplyResult(ctx, 'Fix diagnostics', result);
  } catch (error) {
    reportFailure(ctx, 'Fix diagnostics', error);
  }
}

function explainTitle(document: vscode.TextDocument, position: vscode.Position): string {
  const word = document.getWordRangeAtPosition(position);
  const name = word === undefined ? '' : `${document.getText(word)} · `;
  return `Explain: ${name}${vscode.workspace.asRelativePath(document.uri)}:${position.line + 1}`;
}

async function explain(ctx: Context, uri: unknown): Promise<void> {
  const editor = requireEditor(uri, 'explain its code');
  if (editor === undefined) {
    return;
  }
  const { document } = editor;
  const position = editor.selection.active;
  try {
    const result = await withServer(
      ctx,
      'explaining',
      ServerCommands.explain,
      [{ uri: document.uri.toString(), position: { line: position.line, character: position.character }, show: false }],
      parseExplainResult,
    );
    const title = explainTitle(document, position);
    ctx.explainPanel.show(result.markdown, title, result.offline);
    ctx.log.info(
      `${title}: shown (${result.markdown.length} characters, ${result.offline ? 'offline' : 'from the model'})`,
    );
  } catch (error) {
    reportFailure(ctx, 'Explain', error);
  }
}

async function generate(ctx: Context, uri: unknown): Promise<void> {
  const editor = requireEditor(uri, 'generate code in it');
  if (editor === undefined) {
    return;
  }
  const instruction = await vscode.window.showInputBox({
    title: 'archmem: Generate',
    prompt: 'What should be written here? Leave empty to let archmem infer it from the surrounding code.',
    placeHolder: 'e.g. a function that parses the config file and returns a Settings object',
    ignoreFocusOut: true,
  });
  if (instruction === undefined) {
    return;
  }
  // Read the document state after the input box: the user may have typed meanwhile.
  const { document, selection } = editor;
  const lsp = (p: vscode.Position) => ({ line: p.line, character: p.character });
  const args: GenerateArgs = {
    uri: document.uri.toString(),
    version: document.version,
    position: lsp(selection.active),
    ...(selection.isEmpty ? {} : { range: { start: lsp(selection.start), end: lsp(selection.end) } }),
    ...(instruction.trim() === '' ? {} : { instruction: instruction.trim() }),
  };
  try {
    const result = await withServer(ctx, 'generating', ServerCommands.generate, [args], (value) =>
      parseApplyResult(ServerCommands.generate, value),
    );
    showApplyResult(ctx, 'Generate', result);
  } catch (error) {
    reportFailure(ctx, 'Generate', error);
  }
}

async function showLastPrompt(ctx: Context): Promise<void> {
  try {
    const result = await withServer(
      ctx,
      'fetching the last prompt',
      ServerCommands.showLastPrompt,
      [{ show: false }],
      parseLastPromptResult,
    );
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    ctx.log.info(`Show last prompt: opened (${result.text.length} characters)`);
  } catch (error) {
    reportFailure(ctx, 'Show last prompt', error);
  }
}

/** The server's counts of inline suggestions shown and accepted (kept in memory, never sent anywhere). */
async function showCompletionStats(ctx: Context): Promise<void> {
  try {
    const stats = await withServer(ctx, 'reading the completion counts', ServerCommands.completionStats, [], parseCompletionStats);
    const line = describeCompletionStats(stats);
    ctx.log.info(`Completion stats: ${line}`);
    void vscode.window.showInformationMessage(`archmem inline completion: ${line}`);
  } catch (error) {
    reportFailure(ctx, 'Completion stats', error);
  }
}

async function setApiKey(ctx: Context, secrets: vscode.SecretStorage): Promise<void> {
  const envName = launchSettings(vscode.workspace.getConfiguration().get(SECTION)).apiKeyEnv;
  const key = await vscode.window.showInputBox({
    title: 'archmem: Set API Key',
    prompt: `Kept in VS Code's secret storage and given to the server in the environment variable ${envName}; never written to settings.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter a key (or run "archmem: Clear API Key").' : undefined),
  });
  if (key === undefined) {
    return;
  }
  await secrets.store(API_KEY_SECRET, key.trim());
  await ctx.server.refreshApiKey();
  void vscode.window.showInformationMessage(`archmem: API key stored; the server was restarted with it in ${envName}.`);
}

async function clearApiKey(ctx: Context, secrets: vscode.SecretStorage): Promise<void> {
  await secrets.delete(API_KEY_SECRET);
  await ctx.server.refreshApiKey();
  void vscode.window.showInformationMessage('archmem: API key removed; the server was restarted without it.');
}

export function registerCommands(extension: vscode.ExtensionContext, ctx: Context): void {
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(Commands.fixDiagnostics, (uri) => fixDiagnostics(ctx, uri));
  register(Commands.explain, (uri) => explain(ctx, uri));
  register(Commands.generate, (uri) => generate(ctx, uri));
  register(Commands.showLastPrompt, () => showLastPrompt(ctx));
  register(Commands.restart, async () => {
    await ctx.server.restart();
    ctx.log.info('Server restarted by the user.');
  });
  register(Commands.setApiKey, () => setApiKey(ctx, extension.secrets));
  register(Commands.clearApiKey, () => clearApiKey(ctx, extension.secrets));
  register(Commands.showLog, () => ctx.log.show(true));
  register(Commands.completionStats, () => showCompletionStats(ctx));
}
