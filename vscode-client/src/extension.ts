/**
 * Entry point: wires the output channel (redacted), the status bar, the server's life cycle, the commands
 * and the reactions to settings and secret changes. The logic lives in the modules it imports.
 */
import * as vscode from 'vscode';

import { Commands, registerCommands } from './commands';
import { ExplainPanel } from './explainPanel';
import { redactingChannel } from './secrets';
import { API_KEY_SECRET, ArchmemServer } from './server';
import { RESTART_SETTINGS } from './settings';
import { StatusBar } from './statusBar';

let current: ArchmemServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // A LogOutputChannel: vscode-languageclient 11 logs through its level methods.
  const channel = vscode.window.createOutputChannel('archmem', { log: true });
  const log = redactingChannel(channel, () => current?.secrets ?? []);
  const statusBar = new StatusBar(
    vscode.window.createStatusBarItem('archmem.status', vscode.StatusBarAlignment.Right, 100),
    (id) => new vscode.ThemeColor(id),
    Commands.showLog,
  );
  const server = new ArchmemServer(context, log, statusBar);
  current = server;
  const explainPanel = new ExplainPanel();
  context.subscriptions.push(channel, statusBar, explainPanel);

  registerCommands(context, { server, log, explainPanel });

  const showCompletion = () => server.showCompletionFor(vscode.window.activeTextEditor?.document);
  showCompletion();
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(showCompletion),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('archmem')) {
        showCompletion();
      }
      // Other archmem settings reach the running server through didChangeConfiguration.
      if (RESTART_SETTINGS.some((section) => event.affectsConfiguration(section))) {
        log.info('A launch setting changed; restarting the server.');
        void server.restart();
      }
    }),
    // A key set or cleared in another window of this profile.
    context.secrets.onDidChange((event) => {
      if (event.key === API_KEY_SECRET) {
        void server.refreshApiKey();
      }
    }),
  );

  void server.start();
}

export async function deactivate(): Promise<void> {
  const server = current;
  current = undefined;
  await server?.stop();
}
