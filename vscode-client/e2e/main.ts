/**
 * End-to-end scenarios of the archmem extension in the real VS Code workbench (code-server + headless
 * Chromium): each scenario gets a fresh user-data directory and a fresh copy of a workspace with real bugs,
 * drives the workbench as a user would, and asserts on the file on disk and the extension's log file.
 * Prints PASS/FAIL/SKIP per scenario and a last line "N passed, M failed, K skipped"; exits 1 on failure.
 *
 * Inputs (environment, set by run.sh): ARCHMEM_E2E_CODE_SERVER, ARCHMEM_E2E_VSIX, ARCHMEM_E2E_SERVER (the
 * archmem command), ARCHMEM_E2E_PYTHON (the repo's .venv python), ARCHMEM_E2E_REPO, ARCHMEM_E2E_WORK (scratch),
 * ARCHMEM_E2E_ARTIFACTS; optional ARCHMEM_E2E_DOCS_IMAGES (write the docs' screenshots there),
 * ARCHMEM_E2E_STRICT=1 (a skip is a failure), ARCHMEM_E2E_ONLY (a substring of the scenarios to run).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { FakeModel, type ReceivedRequest } from './fakeModel';
import { probeServer, type ServerFeatures } from './serverProbe';
import { CodeServer, waitFor, Workbench } from './workbench';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set (run the e2e through vscode-client/e2e/run.sh)`);
  }
  return value;
}

const CODE_SERVER = required('ARCHMEM_E2E_CODE_SERVER');
const VSIX = required('ARCHMEM_E2E_VSIX');
const SERVER = required('ARCHMEM_E2E_SERVER');
const PYTHON = required('ARCHMEM_E2E_PYTHON');
const REPO = required('ARCHMEM_E2E_REPO');
const WORK = required('ARCHMEM_E2E_WORK');
const ARTIFACTS = required('ARCHMEM_E2E_ARTIFACTS');
const DOCS_IMAGES = process.env.ARCHMEM_E2E_DOCS_IMAGES;
const STRICT = process.env.ARCHMEM_E2E_STRICT === '1';
const ONLY = process.env.ARCHMEM_E2E_ONLY;
const FIXTURES = join(REPO, 'vscode-client', 'e2e', 'fixtures', 'workspace');
const FAKE_OPENAI = join(REPO, 'tests', 'support', 'fake_openai.py');
const FAKE_MODEL = join(REPO, 'vscode-client', 'e2e', 'fake_model.py');
/** A key-shaped value that must reach the endpoint and nothing else. */
const FAKE_KEY = 'sk-archmem-e2e-5f3c9a1b7d2e4f60';

/** The buggy file: line 5 misses its colon, line 2 imports what nothing uses. */
const BUGGY = 'inventory.py';
const BUGGY_LINE = 5;
const BUGGY_TEXT = 'def load(path)';

/**
 * The environment of code-server and so of the extension host and the server: no model endpoint or key
 * from the machine running the tests leaks in, and PATH holds no archmem unless a scenario wants one.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(OPENAI_|ARCHMEM_|AZURE_OPENAI|VSCODE_|ELECTRON_)/.test(name)) {
      env[name] = value;
    }
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && !existsSync(join(dir, 'archmem')))
    .join(delimiter);
  return env;
}

interface Scenario {
  readonly name: string;
  /** Why this scenario cannot run against the server as it is, or undefined when it can. */
  readonly missing?: (features: ServerFeatures) => string | undefined;
  /** Whether the scenario talks to the scripted model endpoint (started before VS Code, stopped after). */
  readonly fakeModel?: boolean;
  readonly settings?: (dir: string, model: FakeModel | undefined) => Record<string, unknown>;
  /** Adds files to the scenario's copy of the fixture workspace, before VS Code opens it. */
  readonly prepare?: (workspace: string) => void;
  readonly run: (ctx: ScenarioContext) => Promise<void>;
}

class ScenarioContext {
  constructor(
    readonly dir: string,
    readonly workspace: string,
    readonly server: CodeServer,
    readonly workbench: Workbench,
    readonly model: FakeModel | undefined,
    readonly features: ServerFeatures,
  ) {}

  file(name: string): string {
    return join(this.workspace, name);
  }

  read(name: string): string {
    return readFileSync(this.file(name), 'utf8');
  }

  log(): string {
    return this.server.extensionLog();
  }

  /**
   * A screenshot for docs/vscode.md, when the run was asked to refresh them. Toasts unrelated to the flow
   * shown are hidden (only while the picture is taken: nothing in the workbench changes).
   */
  async docShot(name: string, options: { toasts?: boolean } = {}): Promise<void> {
    if (DOCS_IMAGES === undefined) {
      return;
    }
    mkdirSync(DOCS_IMAGES, { recursive: true });
    const page = this.workbench.page;
    const hide = options.toasts === true ? undefined : await page.addStyleTag({ content: '.notifications-toasts { visibility: hidden !important; }' });
    try {
      await this.workbench.screenshot(join(DOCS_IMAGES, name));
    } finally {
      await hide?.evaluate((style) => style.parentNode?.removeChild(style));
    }
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

/** Problems pyflakes finds in a file (the repo's environment ships pyflakes), or a syntax error. */
function pyflakes(path: string): string[] {
  try {
    execFileSync(PYTHON, ['-m', 'pyflakes', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.split('\n').filter((line) => line.trim() !== '');
  }
}

function parses(path: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What every self-debug scenario checks on disk after the save. */
function assertBuggyFileFixed(ctx: ScenarioContext, before: string): void {
  const after = ctx.read(BUGGY);
  assert(after !== before, `${BUGGY} on disk did not change after the fix was applied and saved`);
  assert(parses(ctx.file(BUGGY)), `${BUGGY} on disk does not parse after the fix:\n${after}`);
  assert(after.includes('def load(path):'), `the missing colon was not inserted:\n${after}`);
  // The fix may not lose the code around it.
  for (const line of ['def low_stock(items, threshold=5):', 'return [name for name, count in items if int(count) < threshold]', 'with open(path) as handle:']) {
    assert(after.includes(line), `the fix lost the line "${line}":\n${after}`);
  }
  const remaining = pyflakes(ctx.file(BUGGY)).filter((line) => /syntax|invalid/i.test(line));
  assert(remaining.length === 0, `syntax problems remain: ${remaining.join('; ')}`);
}

async function openBuggyFile(ctx: ScenarioContext): Promise<void> {
  await ctx.workbench.openFile(BUGGY);
  await waitFor('archmem diagnostics (squiggles) in the editor', async () => (await ctx.workbench.squiggles('error')) > 0, 60_000);
}

/** The long file of the completion scenario, and the member of a class in another file that it never names. */
const LONG_FILE = 'accounts.py';
const MEMBER = 'reconcile_balances_carefully';
const LONG_LAST_LINE = '    return ';

/**
 * A class in one module and a long file that imports it at the top, ~5,000 tokens before the line being
 * typed: neither the class nor its methods are in the text around the cursor, only in the memory.
 */
function writeLongFile(workspace: string): void {
  writeFileSync(
    join(workspace, 'ledger_book.py'),
    [
      'class LedgerBook:',
      '    """The books of one account."""',
      '',
      '    def __init__(self, opening: int) -> None:',
      '        self.opening = opening',
      '',
      `    def ${MEMBER}(self, tolerance: int) -> float:`,
      '        """The closing balance, once every entry is matched within `tolerance`."""',
      '        return float(self.opening + tolerance)',
      '',
    ].join('\n'),
  );
  const filler = Array.from({ length: 400 }, (_, i) => `def posting_${i}(amount):\n    return amount + ${i}\n\n\n`).join('');
  const settle = `def settle(n: int) -> float:\n    book = LedgerBook(n)\n${LONG_LAST_LINE}\n`;
  writeFileSync(join(workspace, LONG_FILE), `from ledger_book import LedgerBook\n\n\n${filler}${settle}`);
}

const offlineSettings = (dir: string): Record<string, unknown> => ({
  'archmem.server.path': SERVER,
  'archmem.offline': true,
  'archmem.index.cacheDir': join(dir, 'archmem-cache'),
  'archmem.log.level': 'debug',
});

const hasServer = (f: ServerFeatures): string | undefined =>
  f.unavailable === undefined ? undefined : `\`archmem serve\` is not available yet (${f.unavailable})`;
const hasDiagnostics = (f: ServerFeatures): string | undefined =>
  hasServer(f) ?? (f.diagnostics.length > 0 ? undefined : `the server published no syntax diagnostics for ${BUGGY} (publishDiagnostics not implemented yet)`);
const hasCommand = (command: string) => (f: ServerFeatures): string | undefined =>
  hasDiagnostics(f) ?? (f.commands.includes(command) ? undefined : `the server does not offer the command ${command} yet (executeCommandProvider: ${JSON.stringify(f.commands)})`);
const hasCapability = (capability: string, base = hasDiagnostics) => (f: ServerFeatures): string | undefined =>
  base(f) ?? (f.capabilities[capability] ? undefined : `the server does not advertise ${capability} yet`);

const scenarios: Scenario[] = [
  {
    name: 'no server installed: one notification says what to install, with a button to the instructions',
    settings: (dir) => ({ 'archmem.server.path': '', 'archmem.index.cacheDir': join(dir, 'archmem-cache') }),
    async run(ctx) {
      const { workbench } = ctx;
      await workbench.openFile('report.py');
      const toast = workbench.page.locator('.notifications-toasts .notification-toast', { hasText: 'not installed' });
      await toast.waitFor({ timeout: 60_000 });
      const text = await toast.innerText();
      assert(text.includes('pip install .'), `the notification does not say what to install: ${text}`);
      assert((await workbench.statusBarText()).includes('archmem: not installed'), 'the status bar does not say the server is not installed');
      const install = toast.locator('.monaco-button', { hasText: 'Open Install Instructions' });
      // The toast slides in: the picture waits until its buttons are inside the window.
      await waitFor('the notification fully shown', async () => {
        const box = await install.boundingBox();
        const viewport = workbench.page.viewportSize();
        return box !== null && viewport !== null && box.y + box.height < viewport.height - 20;
      });
      await ctx.docShot('vscode-not-installed.png', { toasts: true });
      await install.click();
      await workbench.page.locator('.tab', { hasText: /readme/i }).first().waitFor({ timeout: 30_000 });
      // The preview takes the focus once drawn; let it, before the palette opens.
      await waitFor('the install instructions drawn in the preview', () => workbench.webviewFrame('h1'), 60_000);
      // A restart looks again and logs it, but does not show the notification a second time.
      await workbench.runCommand('archmem: Restart Server');
      await waitFor('the second discovery in the log', () => (ctx.log().match(/language server is not installed/g) ?? []).length >= 2);
      assert((await toast.count()) === 0, 'the not-installed notification was shown a second time');
    },
  },
  {
    name: 'a server path that does not start: an error with the reason, red status bar item, log',
    settings: (dir) => ({ 'archmem.server.path': join(dir, 'no-such-dir', 'archmem'), 'archmem.index.cacheDir': join(dir, 'archmem-cache') }),
    async run(ctx) {
      const { workbench } = ctx;
      await workbench.openFile('report.py');
      const toast = workbench.page.locator('.notifications-toasts .notification-toast', { hasText: 'could not start the server' });
      await toast.waitFor({ timeout: 60_000 });
      await toast.locator('.monaco-button', { hasText: 'Show Log' }).waitFor();
      await waitFor('the failure in the log', () => /Could not start the archmem server \(.*no-such-dir\/archmem serve \(from setting\)\)/.test(ctx.log()));
      const item = workbench.page.locator('.statusbar-item', { hasText: 'archmem' }).first();
      assert((await item.innerText()).trim() === 'archmem', `the status bar item says: ${await item.innerText()}`);
      assert((await item.locator('.codicon-error').count()) === 1, 'the status bar item shows no error icon');
    },
  },
  {
    name: 'server starts: syntax diagnostics from archmem serve show as squiggles, status bar shows the model',
    missing: hasDiagnostics,
    settings: offlineSettings,
    async run(ctx) {
      await openBuggyFile(ctx);
      const log = ctx.log();
      assert(log.includes(`Starting the archmem server: ${SERVER} serve (from setting)`), `the log does not show the server start:\n${log}`);
      const status = await waitFor('the status bar item', async () => {
        const text = await ctx.workbench.statusBarText();
        return /archmem/.test(text) ? text : undefined;
      });
      assert(!/not installed|archmem: error/.test(status), `the status bar reports a problem: ${status}`);
      await ctx.workbench.goTo(BUGGY_LINE, BUGGY_TEXT.length);
      await ctx.workbench.page.keyboard.press('Control+K');
      await ctx.workbench.page.keyboard.press('Control+I');
      await ctx.workbench.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').filter({ hasText: /\S/ }).first().waitFor();
      await ctx.docShot('vscode-diagnostics.png');
      await ctx.workbench.page.keyboard.press('Escape');
      // The extension sends the whole archmem section, its own launch settings included: the server must
      // take them without complaint (a complaint shows as a toast on every start).
      const complaints = (await ctx.workbench.notifications()).filter((text) => /setting/i.test(text));
      assert(complaints.length === 0, `the server complained about the settings VS Code sends: ${complaints.join(' | ')}`);
      const unknown = ctx.log().split('\n').filter((line) => /unknown setting/i.test(line));
      assert(unknown.length === 0, `the server calls settings VS Code sends unknown:\n${unknown.join('\n')}`);
      await ctx.workbench.page.locator('.statusbar-item', { hasText: 'archmem' }).first().click();
      await ctx.workbench.page.locator('.output-view, .panel .monaco-editor').first().waitFor();
    },
  },
  {
    name: 'outline and hover come from the memory (documentSymbol, hover)',
    missing: hasCapability('hoverProvider', hasCapability('documentSymbolProvider', hasServer)),
    settings: offlineSettings,
    async run(ctx) {
      const { workbench } = ctx;
      // The file without bugs: what the memory knows of code that parses.
      await workbench.openFile('report.py');
      const rows = workbench.page.locator('.quick-input-list .monaco-list-row');
      // Asked again until the server has the file: a first answer may come before it was indexed.
      const symbols = await waitFor('document symbols in Go to Symbol', async () => {
        await workbench.page.keyboard.press('Escape');
        await workbench.page.keyboard.press('Control+Shift+O');
        await rows.first().waitFor();
        const texts = (await rows.allInnerTexts()).join('\n');
        return texts.includes('order_line') && texts.includes('main') ? texts : undefined;
      });
      assert(!symbols.includes('No editor symbols'), `Go to Symbol lists: ${symbols}`);
      await workbench.page.keyboard.press('Escape');
      const hover = await workbench.hoverAt(12, 21);
      assert(hover.includes('order_line') && hover.includes('One line of the order list.'), `the hover does not summarize order_line: ${hover}`);
    },
  },
  {
    name: 'self-debug Quick Fix (offline): pick it, accept the preview, save, fixed on disk',
    missing: hasCapability('codeActionProvider'),
    settings: offlineSettings,
    async run(ctx) {
      const { workbench } = ctx;
      const before = ctx.read(BUGGY);
      await openBuggyFile(ctx);
      await workbench.goTo(BUGGY_LINE, BUGGY_TEXT.length + 1);
      const titles = await workbench.quickFixTitles();
      assert(titles.some((t) => /archmem|self-debug/i.test(t)), `no archmem action in Quick Fix: ${JSON.stringify(titles)}`);
      await ctx.docShot('vscode-quick-fix.png');
      const picked = await workbench.pickQuickFix(/archmem|self-debug/i);
      await workbench.refactorPreview().locator('.monaco-list-row').first().waitFor({ timeout: 120_000 });
      await ctx.docShot('vscode-refactor-preview.png');
      const changes = await workbench.acceptRefactorPreview();
      assert(changes.length > 0, `the refactor preview for "${picked}" listed no change`);
      await workbench.save();
      await waitFor(`${BUGGY} saved with the fix`, () => ctx.read(BUGGY) !== before);
      assertBuggyFileFixed(ctx, before);
    },
  },
  {
    name: 'Fix Diagnostics in File relays every diagnostic VS Code holds, fixed on disk',
    missing: hasCommand('archmem.selfDebug'),
    settings: offlineSettings,
    async run(ctx) {
      const { workbench } = ctx;
      const before = ctx.read(BUGGY);
      await openBuggyFile(ctx);
      await workbench.runCommand('archmem: Fix Diagnostics in File');
      await waitFor('the relay in the log', () => /relaying \d+ diagnostics? \(.*from archmem/.test(ctx.log()));
      // The server asks for confirmation through the refactor preview where the client supports it.
      await workbench.refactorPreview().locator('.monaco-list-row').first().waitFor({ timeout: 120_000 });
      await workbench.acceptRefactorPreview();
      await waitFor('the server\'s answer', () => /Fix diagnostics: applied/.test(ctx.log()), 60_000);
      await workbench.save();
      await waitFor(`${BUGGY} saved with the fix`, () => ctx.read(BUGGY) !== before);
      assertBuggyFileFixed(ctx, before);
    },
  },
  {
    name: 'Explain shows the server\'s markdown in the side panel, highlighted',
    missing: hasCommand('archmem.explain'),
    settings: offlineSettings,
    async run(ctx) {
      const { workbench } = ctx;
      await workbench.openFile('report.py');
      await workbench.goTo(5, 6);
      await workbench.runCommand('archmem: Explain');
      const frame = await waitFor('the Explain panel', () => workbench.webviewFrame('#archmem-explanation'), 120_000);
      const header = await frame.locator('header').innerText();
      const body = await frame.locator('#archmem-explanation').innerText();
      assert(/offline explanation/.test(header), `the panel does not say the explanation is offline: ${header}`);
      assert(body.includes('order_line'), `the explanation does not mention order_line:\n${body}`);
      assert(/Explain: order_line · report\.py:5: shown \(\d+ characters, offline\)/.test(ctx.log()), `the log does not record the explanation:\n${ctx.log()}`);
      await ctx.docShot('vscode-explain.png');
    },
  },
  {
    name: 'Generate asks for an instruction and the server applies its edit (offline: a docstring for main)',
    missing: hasCommand('archmem.generate'),
    settings: offlineSettings,
    async run(ctx) {
      const { workbench } = ctx;
      const before = ctx.read('report.py');
      await workbench.openFile('report.py');
      // Inside `main`, which has no docstring: the offline provider scaffolds one.
      await workbench.goTo(10, 6);
      await workbench.runCommand('archmem: Generate');
      await workbench.answerInputBox('');
      // The server waits for the preview to be accepted before it answers; an answer without edit comes at once.
      const preview = await waitFor(
        'the refactor preview or the server\'s answer',
        async () => ((await workbench.refactorPreview().isVisible()) ? 'preview' : /Generate: not applied/.test(ctx.log()) ? 'answer' : undefined),
        120_000,
      );
      if (preview === 'preview') {
        await workbench.acceptRefactorPreview();
      }
      await waitFor("the server's answer to generate", () => /Generate: (applied|not applied)/.test(ctx.log()), 60_000);
      const answer = /Generate: (applied|not applied): .*/.exec(ctx.log())?.[0] ?? '';
      assert(answer.startsWith('Generate: applied'), `generate applied nothing: ${answer}`);
      await workbench.save();
      await waitFor('report.py saved with the generated code', () => ctx.read('report.py') !== before);
      const after = ctx.read('report.py');
      assert(parses(ctx.file('report.py')), `report.py does not parse after generate:\n${after}`);
      assert(/def main\(path: str\) -> None:\n\s+(\"\"\"|''')/.test(after), `main got no docstring:\n${after}`);
      for (const line of before.split('\n').filter((l) => l.trim() !== '')) {
        assert(after.includes(line), `generate lost the line "${line}":\n${after}`);
      }
    },
  },
  {
    name: 'self-debug through a scripted OpenAI-compatible server on 127.0.0.1, key from Set API Key',
    missing: (f) =>
      hasCapability('codeActionProvider')(f) ??
      (existsSync(FAKE_OPENAI) ? undefined : 'tests/support/fake_openai.py (the scripted OpenAI-compatible server) has not landed on main yet'),
    fakeModel: true,
    settings: (dir, model) => ({
      ...offlineSettings(dir),
      'archmem.offline': false,
      'archmem.models': {
        endpoints: { fake: { baseUrl: model?.baseUrl ?? '', model: 'fake-model', apiKeyEnv: 'OPENAI_API_KEY', timeoutSeconds: 30 } },
        selfDebug: 'fake',
        generate: 'fake',
        explain: 'fake',
      },
    }),
    async run(ctx) {
      const { workbench, model } = ctx;
      assert(model !== undefined, 'the scenario needs the fake model');
      let requests: ReceivedRequest[] = [];
      try {
        await workbench.openFile(BUGGY);
        await workbench.runCommand('archmem: Set API Key');
        await workbench.answerInputBox(FAKE_KEY);
        await waitFor('the restart with the stored key', () => /A new API key was stored\.[\s\S]*Starting the archmem server/.test(ctx.log()), 60_000);
        const before = ctx.read(BUGGY);
        await waitFor('archmem diagnostics (squiggles) in the editor', async () => (await workbench.squiggles('error')) > 0, 60_000);
        await workbench.goTo(BUGGY_LINE, BUGGY_TEXT.length + 1);
        const titles = await workbench.quickFixTitles();
        assert(titles.some((t) => /archmem|self-debug/i.test(t)), `no archmem action in Quick Fix: ${JSON.stringify(titles)}`);
        await workbench.pickQuickFix(/archmem|self-debug/i);
        await workbench.refactorPreview().locator('.monaco-list-row').first().waitFor({ timeout: 120_000 });
        await workbench.acceptRefactorPreview();
        await workbench.save();
        await waitFor(`${BUGGY} saved with the fix`, () => ctx.read(BUGGY) !== before);
        assertBuggyFileFixed(ctx, before);
      } finally {
        requests = await model.stop();
      }
      const chats = requests.filter((r) => r.path.split('?')[0]?.endsWith('/chat/completions'));
      assert(chats.length > 0, `the model endpoint received no chat request (requests: ${JSON.stringify(requests.map((r) => r.path))})`);
      for (const chat of chats) {
        assert(chat.headers.authorization === `Bearer ${FAKE_KEY}`, 'the stored key did not reach the endpoint as the Bearer token');
        assert(!JSON.stringify(chat.body).includes(FAKE_KEY), 'the key is inside a prompt sent to the model');
      }
      // The key lives in SecretStorage and the server's environment only: not in a log, a settings file,
      // the workspace or the server's cache.
      const leaks = ctx.server.filesContaining(FAKE_KEY, [
        join(ctx.server.userData, 'logs'),
        join(ctx.server.userData, 'User'),
        join(ctx.server.userData, 'Machine'),
        ctx.workspace,
        join(ctx.dir, 'archmem-cache'),
      ]);
      assert(leaks.length === 0, `the API key was written to: ${leaks.join(', ')}`);
      if (ctx.features.commands.includes('archmem.showLastPrompt')) {
        await workbench.runCommand('archmem: Show Last Prompt');
        await waitFor('the last prompt in an untitled markdown document', () => /Show last prompt: opened \(\d+ characters\)/.test(ctx.log()), 60_000);
        await workbench.page.locator('.tab', { hasText: /Untitled/ }).first().waitFor();
        await ctx.docShot('vscode-last-prompt.png');
      }
      await workbench.runCommand('archmem: Clear API Key');
      await waitFor('the restart without the key', () => /The API key was cleared\./.test(ctx.log()), 60_000);
    },
  },
  {
    name: 'inline completion: ghost text in a long file with a member only the memory knows, Tab inserts it, counted',
    missing: hasCapability('inlineCompletionProvider', hasServer),
    fakeModel: true,
    prepare: writeLongFile,
    settings: (dir, model) => ({
      ...offlineSettings(dir),
      'archmem.offline': false,
      'archmem.models': {
        endpoints: { fake: { baseUrl: model?.baseUrl ?? '', model: 'fake-model', timeoutSeconds: 30 } },
        generate: 'fake',
      },
      'archmem.completion.fim': 'suffix',
      // The scripted model answers at once; the deadline only must not drop an answer on a loaded machine.
      'archmem.completion.deadlineMs': 30_000,
      // No suggest widget: Tab must accept the ghost text, not the offline list's first item.
      'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      'editor.suggestOnTriggerCharacters': false,
    }),
    async run(ctx) {
      const { workbench, model } = ctx;
      assert(model !== undefined, 'the scenario needs the fake model');
      const before = ctx.read(LONG_FILE);
      assert(!before.includes(MEMBER), `${LONG_FILE} itself names ${MEMBER}: the test would prove nothing`);
      let requests: ReceivedRequest[] = [];
      try {
        await workbench.openFile(LONG_FILE);
        await waitFor('the server ready (status bar)', async () => {
          const text = await workbench.statusBarText();
          return /fake/.test(text) && !/indexing/.test(text);
        }, 120_000);
        const line = before.split('\n').length - 1;
        await workbench.goTo(line, LONG_LAST_LINE.length + 1);
        await workbench.page.keyboard.type('book.', { delay: 50 });
        const ghost = workbench.page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
        // Asked again (Alt+\ triggers inline suggestions) until the memory has the other file: a request
        // sent before it was indexed gets no suggestion, and nothing asks again by itself.
        const shown = await waitFor(
          'ghost text naming the member',
          async () => {
            const text = (await ghost.allTextContents()).join('');
            if (text.includes(MEMBER)) {
              return text;
            }
            await workbench.page.keyboard.press('Alt+Backslash');
            return undefined;
          },
          120_000,
        );
        await ctx.docShot('vscode-inline-completion.png');
        await workbench.page.keyboard.press('Tab');
        await workbench.save();
        await waitFor(`${LONG_FILE} saved with the suggestion`, () => ctx.read(LONG_FILE) !== before);
        const after = ctx.read(LONG_FILE);
        assert(after.includes(`    return book.${MEMBER}(n)\n`), `Tab did not insert the suggestion "${shown}":\n${after.slice(-300)}`);
        assert(parses(ctx.file(LONG_FILE)), `${LONG_FILE} does not parse after the suggestion was accepted`);
        await workbench.runCommand('archmem: Show Completion Stats');
        const stats = await waitFor('the completion stats in the log', () => /Completion stats: (.*)/.exec(ctx.log())?.[1], 60_000);
        assert(/python: \d+ shown, 1 accepted \(\d+ characters\)/.test(stats), `the server did not count one accepted suggestion: ${stats}`);
      } finally {
        requests = await model.stop();
      }
      // The name reached the model only through the memory's context: the file never says it.
      const prompts = requests
        .filter((r) => r.path.split('?')[0]?.endsWith('/completions'))
        .map((r) => String((r.body as { prompt?: unknown }).prompt ?? ''));
      const asked = prompts.filter((prompt) => prompt.endsWith('book.'));
      assert(asked.length > 0, `no completion request at "book." (prompt ends: ${JSON.stringify(prompts.map((p) => p.slice(-20)))})`);
      assert(asked.some((prompt) => prompt.includes(`def ${MEMBER}(`)), `the prompt at "book." lacks the definition of ${MEMBER}`);
    },
  },
];

interface Outcome {
  readonly name: string;
  readonly result: 'passed' | 'failed' | 'skipped';
  readonly detail?: string;
  readonly seconds: number;
}

async function runScenario(scenario: Scenario, index: number, features: ServerFeatures, extensionsDir: string): Promise<Outcome> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const skip = scenario.missing?.(features);
  if (skip !== undefined) {
    return { name: scenario.name, result: STRICT ? 'failed' : 'skipped', detail: skip, seconds: 0 };
  }
  const dir = join(WORK, `scenario-${index + 1}`);
  rmSync(dir, { recursive: true, force: true });
  const workspace = join(dir, 'workspace');
  cpSync(FIXTURES, workspace, { recursive: true });
  scenario.prepare?.(workspace);
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let model: FakeModel | undefined;
  try {
    if (scenario.fakeModel === true) {
      model = await FakeModel.start(PYTHON, FAKE_MODEL, dir);
    }
    server = await CodeServer.start({
      codeServer: CODE_SERVER,
      dir,
      extensionsDir,
      workspace,
      settings: scenario.settings?.(dir, model) ?? {},
      env: cleanEnvironment(),
    });
    workbench = await Workbench.open(server.url);
    await scenario.run(new ScenarioContext(dir, workspace, server, workbench, model, features));
    return { name: scenario.name, result: 'passed', seconds: seconds() };
  } catch (error) {
    const artifacts = join(ARTIFACTS, `scenario-${index + 1}`);
    mkdirSync(artifacts, { recursive: true });
    await workbench?.screenshot(join(artifacts, 'screenshot.png')).catch(() => undefined);
    server?.saveArtifacts(artifacts);
    if (existsSync(workspace)) {
      cpSync(workspace, join(artifacts, 'workspace'), { recursive: true });
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    writeFileSync(join(artifacts, 'error.txt'), detail);
    return { name: scenario.name, result: 'failed', detail: `${error instanceof Error ? error.message : String(error)} (artifacts: ${artifacts})`, seconds: seconds() };
  } finally {
    await workbench?.close();
    await server?.stop();
    await model?.stop();
  }
}

async function main(): Promise<number> {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const selected = scenarios.filter((s) => ONLY === undefined || s.name.includes(ONLY));

  const probeRoot = join(WORK, 'probe');
  rmSync(probeRoot, { recursive: true, force: true });
  cpSync(FIXTURES, probeRoot, { recursive: true });
  const features = await probeServer(SERVER, ['serve'], probeRoot, join(probeRoot, BUGGY), { ...cleanEnvironment(), ...CodeServer.xdg(join(WORK, 'probe-home')) });
  console.log(
    features.unavailable !== undefined
      ? `server probe: ${SERVER} serve: ${features.unavailable}`
      : `server probe: capabilities ${Object.keys(features.capabilities).sort().join(', ')}; commands ${features.commands.join(', ') || 'none'}; ${features.diagnostics.length} diagnostic(s) for ${BUGGY}`,
  );

  const extensionsDir = join(WORK, 'extensions');
  rmSync(extensionsDir, { recursive: true, force: true });
  await CodeServer.installExtension(CODE_SERVER, VSIX, join(WORK, 'install'), extensionsDir, cleanEnvironment());

  const outcomes: Outcome[] = [];
  for (const [index, scenario] of selected.entries()) {
    const outcome = await runScenario(scenario, index, features, extensionsDir);
    outcomes.push(outcome);
    const label = outcome.result === 'passed' ? 'PASS' : outcome.result === 'failed' ? 'FAIL' : 'SKIP';
    console.log(`${label} ${outcome.name} (${outcome.seconds} s)${outcome.detail === undefined ? '' : `\n     ${outcome.detail}`}`);
  }
  const count = (result: Outcome['result']) => outcomes.filter((o) => o.result === result).length;
  console.log(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  return count('failed') > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed, 0 skipped');
    process.exit(1);
  },
);
