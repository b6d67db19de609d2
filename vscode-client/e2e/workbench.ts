/**
 * The real VS Code workbench for the e2e: a code-server process (own user-data, extensions and XDG dirs,
 * its own process group so stopping it also stops the extension host and the language server) and a
 * headless Chromium page driven by playwright-core, with the few workbench gestures the scenarios use.
 * Assertions read the file on disk and the extension's log file, not page text (Monaco draws only the
 * visible lines and renders spaces as U+00A0).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { type Browser, chromium, type Frame, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ARCHMEM_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Workbench settings that keep the window quiet and deterministic, merged under each scenario's own. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `check` until it returns a value other than undefined/false, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError === undefined ? '' : ` (last error: ${String(lastError)})`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface CodeServerOptions {
  readonly codeServer: string;
  /** Scenario directory: user-data, XDG dirs and logs live under it. */
  readonly dir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  readonly settings: Record<string, unknown>;
  readonly env: NodeJS.ProcessEnv;
}

export class CodeServer {
  readonly userData: string;
  private process: ChildProcess | undefined;
  private output = '';

  private constructor(
    private readonly options: CodeServerOptions,
    readonly port: number,
  ) {
    this.userData = join(options.dir, 'user-data');
  }

  static xdg(dir: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const name of ['CONFIG', 'DATA', 'CACHE', 'STATE']) {
      const path = join(dir, 'xdg', name.toLowerCase());
      mkdirSync(path, { recursive: true });
      env[`XDG_${name}_HOME`] = path;
    }
    return env;
  }

  /** Installs a .vsix into an extensions directory, the way a user would from the command line. */
  static async installExtension(codeServer: string, vsix: string, dir: string, extensionsDir: string, env: NodeJS.ProcessEnv): Promise<string> {
    const child = spawn(codeServer, ['--user-data-dir', join(dir, 'user-data'), '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix], {
      env: { ...env, ...CodeServer.xdg(dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0 || !/successfully installed/.test(output)) {
      throw new Error(`installing ${vsix} failed (exit ${code}): ${output}`);
    }
    return output;
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const server = new CodeServer(options, await freePort());
    mkdirSync(join(server.userData, 'User'), { recursive: true });
    mkdirSync(join(server.userData, 'Machine'), { recursive: true });
    writeFileSync(join(server.userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
    // code-server's window is a remote one: settings of machine(-overridable) scope, such as
    // archmem.server.path, apply from the remote ("Machine") settings, as for any VS Code Remote user.
    writeFileSync(join(server.userData, 'Machine', 'settings.json'), JSON.stringify(options.settings, null, 2));
    await server.spawn();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.options.workspace)}`;
  }

  get log(): string {
    return this.output;
  }

  private async spawn(): Promise<void> {
    const args = [
      '--bind-addr', `127.0.0.1:${this.port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', this.userData,
      '--extensions-dir', this.options.extensionsDir,
      this.options.workspace,
    ];
    // detached: a process group of its own, so that stop() reaches the extension host and the language server.
    const child = spawn(this.options.codeServer, args, {
      env: { ...this.options.env, ...CodeServer.xdg(this.options.dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.process = child;
    child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
    await waitFor('code-server /healthz', async () => {
      if (child.exitCode !== null) {
        throw new Error(`code-server exited: ${this.output}`);
      }
      const response = await fetch(`http://127.0.0.1:${this.port}/healthz`).catch(() => undefined);
      return response?.ok === true;
    }, 60_000);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child?.pid === undefined || child.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), name);
      } catch {
        // The group is already gone.
      }
    };
    signal('SIGTERM');
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!done) {
      signal('SIGKILL');
      await exited;
    }
    // Stragglers of the group (the language server may outlive the extension host by a moment).
    signal('SIGKILL');
  }

  /** Text of the extension's LogOutputChannel mirror files (one per extension host of this run). */
  extensionLog(extensionId = 'archmem.archmem', channel = 'archmem'): string {
    const logs = join(this.userData, 'logs');
    if (!existsSync(logs)) {
      return '';
    }
    let text = '';
    for (const session of readdirSync(logs).sort()) {
      const sessionDir = join(logs, session);
      if (!statSync(sessionDir).isDirectory()) {
        continue;
      }
      for (const host of readdirSync(sessionDir).filter((name) => name.startsWith('exthost')).sort()) {
        const file = join(sessionDir, host, extensionId, `${channel}.log`);
        if (existsSync(file)) {
          text += readFileSync(file, 'utf8');
        }
      }
    }
    return text;
  }

  /** Every file under the user-data directory whose text contains `needle` (for the secret-leak check). */
  filesContaining(needle: string, roots: readonly string[] = [this.userData]): string[] {
    const hits: string[] = [];
    const walk = (path: string): void => {
      const stat = statSync(path);
      if (stat.isDirectory()) {
        for (const name of readdirSync(path)) {
          walk(join(path, name));
        }
      } else if (stat.isFile() && stat.size < 50_000_000 && readFileSync(path).includes(needle)) {
        hits.push(path);
      }
    };
    for (const root of roots) {
      if (existsSync(root)) {
        walk(root);
      }
    }
    return hits;
  }

  saveArtifacts(dir: string): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'code-server.log'), this.output);
    const logs = join(this.userData, 'logs');
    if (existsSync(logs)) {
      cpSync(logs, join(dir, 'logs'), { recursive: true });
    }
  }
}

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async open(url: string): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The status bar is drawn once the workbench has restored its parts.
    await page.waitForSelector('.statusbar', { timeout: 60_000 });
    return new Workbench(browser, page);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  /**
   * Presses the key that opens a quick input and returns its input box. The workbench ignores keys while it
   * is still starting, and a webview (a markdown preview, the Explain panel) keeps them while it has the
   * focus: so on no answer, hand the focus back to the workbench and press again.
   */
  private async quickInput(key: string) {
    const input = this.page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press(key);
      try {
        await input.waitFor({ timeout: 3000 });
        return input;
      } catch (error) {
        if (attempt === 10) {
          throw error;
        }
        await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      }
    }
  }

  /**
   * Opens a quick input with `key`, types `text` and presses Enter once a row containing `row` is listed.
   * A webview that finishes loading (the markdown preview of the install instructions, say) takes the focus
   * and closes a quick input that opened a moment before: then open it again and type again.
   */
  private async pick(key: string, text: string, row: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const input = await this.quickInput(key);
      try {
        await input.fill(text, { timeout: 5000 });
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 10_000 });
        await this.page.keyboard.press('Enter');
        return;
      } catch (error) {
        if (attempt === 5) {
          throw error;
        }
        console.log(`  the quick input for ${JSON.stringify(text)} closed before Enter (attempt ${attempt}); opening it again`);
        await this.page.keyboard.press('Escape');
        await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      }
    }
  }

  /** Opens a workspace file through Quick Open, as a user would. */
  async openFile(name: string): Promise<void> {
    await this.pick('Control+P', name, name);
    await this.page.locator(`.tab[aria-label*="${name}"]`).first().waitFor();
    await this.page.locator('.monaco-editor textarea').first().waitFor();
  }

  /** Moves the cursor with Go to Line (1-based line and column). */
  async goTo(line: number, column: number): Promise<void> {
    // fill, not type: should the input have closed, the keys must not land in the editor.
    const input = await this.quickInput('Control+G');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /** Runs a command from the palette by its title. */
  async runCommand(title: string): Promise<void> {
    await this.pick('Control+Shift+P', `>${title}`, title);
  }

  /** Answers the current input box (Generate's instruction, Set API Key's password box). */
  async answerInputBox(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  async squiggles(kind: 'error' | 'warning' | 'info' = 'error'): Promise<number> {
    return this.page.locator(`.monaco-editor .squiggly-${kind}`).count();
  }

  /** Opens Quick Fix at the cursor and returns the titles of the actions offered. */
  async quickFixTitles(): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    // The key can reach the Go to Line box as it closes rather than the editor (a CI run saw the editor ask the
    // server for no code actions at all after it): pressed again, up to three times, until the widget shows.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+.');
      try {
        await rows.first().waitFor({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    return rows.locator('.title').allInnerTexts();
  }

  async pickQuickFix(matching: RegExp): Promise<string> {
    const row = this.page.locator('.action-widget .monaco-list-row.action', { hasText: matching }).first();
    const title = await row.locator('.title').innerText();
    await row.click();
    return title;
  }

  async closeQuickFix(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** The Refactor Preview shown for edits whose change annotations need confirmation. */
  refactorPreview() {
    return this.page.locator('.bulk-edit-panel');
  }

  /** Ticks every change in the Refactor Preview (annotated changes start unticked) and applies them. */
  async acceptRefactorPreview(): Promise<string[]> {
    const panel = this.refactorPreview();
    await panel.locator('.monaco-list-row').first().waitFor();
    const labels = await panel.locator('.monaco-list-row .monaco-tl-contents').allInnerTexts();
    for (const file of await panel.locator('.monaco-list-row[aria-level="1"]').all()) {
      const box = file.locator('.edit-checkbox');
      if ((await box.getAttribute('aria-checked')) !== 'true') {
        await box.click();
      }
    }
    await panel.locator('.monaco-button', { hasText: 'Apply' }).click();
    await panel.waitFor({ state: 'hidden' }).catch(() => undefined);
    return labels;
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  /** Text of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  async statusBarText(): Promise<string> {
    return this.page.locator('.statusbar').innerText();
  }

  /** The frame of a webview whose document contains `selector`, if one is open. */
  async webviewFrame(selector: string): Promise<Frame | undefined> {
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame()) {
        continue;
      }
      const found = await frame.locator(selector).count().catch(() => 0);
      if (found > 0) {
        return frame;
      }
    }
    return undefined;
  }

  /** The hover at a position (1-based), shown from the keyboard (Ctrl+K Ctrl+I), as its text. */
  async hoverAt(line: number, column: number): Promise<string> {
    await this.goTo(line, column);
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').filter({ hasText: /\S/ }).first();
    // The first ask may come before the server has the file; ask again until an answer shows.
    return waitFor('a hover', async () => {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      await hover.waitFor({ timeout: 3000 });
      return hover.innerText();
    });
  }
}
