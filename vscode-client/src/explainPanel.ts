/**
 * The side panel that shows Explain's answer. One panel, reused: a new explanation replaces the old one and
 * the panel opens beside the editor without taking the focus from it.
 */
import { randomBytes } from 'node:crypto';

import * as vscode from 'vscode';

import { explanationPage } from './markdown';

export const EXPLAIN_VIEW_TYPE = 'archmem.explanation';

export class ExplainPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(markdown: string, title: string, offline: boolean): void {
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel(
        EXPLAIN_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        // No scripts: the page is static HTML, and model output must never run code in the editor.
        { enableScripts: false, enableFindWidget: true, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.panel.title = title;
    this.panel.webview.html = explanationPage(markdown, {
      title,
      offline,
      cspSource: this.panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
