import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type * as vscode from 'vscode';

import { parseStatus } from '../src/protocol';
import { describeStatus, StatusBar } from '../src/statusBar';

describe('describeStatus', () => {
  test('indexing shows the percentage and, in the tooltip, the model', () => {
    const view = describeStatus({ state: 'indexing', model: 'offline', percentage: 42, message: '120/300 files' });
    assert.equal(view.text, '$(sync~spin) archmem: indexing 42%');
    assert.equal(view.tooltip, 'archmem: indexing the workspace 42% · model offline\n120/300 files');
    assert.equal(view.background, undefined);
  });

  test('ready shows the model, shortened when long', () => {
    assert.equal(describeStatus({ state: 'ready', model: 'offline' }).text, '$(check) archmem: offline');
    const long = describeStatus({ state: 'ready', model: 'azure-east: gpt-4.1-mini-2025-04-14-with-a-long-name' });
    assert.equal(long.text, '$(check) archmem: azure-east: gpt-4.1-mini-2025-0…');
    assert.match(long.tooltip, /gpt-4\.1-mini-2025-04-14-with-a-long-name/);
  });

  test('errors catch the eye and point to the log', () => {
    const view = describeStatus({ state: 'error', model: 'local: qwen', message: 'connection refused' });
    assert.equal(view.background, 'statusBarItem.errorBackground');
    assert.match(view.tooltip, /connection refused/);
    assert.match(view.tooltip, /open the archmem log/);
    assert.equal(describeStatus({ state: 'failed', message: 'ENOENT' }).background, 'statusBarItem.errorBackground');
    assert.equal(describeStatus({ state: 'not-installed' }).background, 'statusBarItem.warningBackground');
  });

  test('busy spins', () => {
    assert.match(describeStatus({ state: 'busy', model: 'offline', message: 'self-debug: round 1/3' }).text, /~spin/);
  });
});

describe('StatusBar', () => {
  test('renders status notifications onto the item, click opens the log', () => {
    const fake = { text: '', tooltip: '', shown: false, show: () => (fake.shown = true) };
    const item = fake as unknown as vscode.StatusBarItem;
    const bar = new StatusBar(item, (id) => ({ id }) as vscode.ThemeColor, 'archmem.showLog');
    assert.equal(item.command, 'archmem.showLog');
    assert.ok(fake.shown);
    const status = parseStatus({ state: 'error', model: 'offline', message: 'index failed' });
    assert.ok(status !== undefined);
    bar.update(status);
    assert.equal(item.text, '$(error) archmem: offline');
    assert.deepEqual(item.backgroundColor, { id: 'statusBarItem.errorBackground' });
    bar.update({ state: 'ready', model: 'offline' });
    assert.equal(item.backgroundColor, undefined);
  });
});

describe('inline completion on the status bar', () => {
  const ready = { state: 'ready', model: 'local: qwen' } as const;

  test('on adds nothing; off, waiting and failing add an icon and a tooltip line', () => {
    assert.deepEqual(describeStatus(ready, { state: 'on' }), describeStatus(ready));
    const off = describeStatus(ready, { state: 'off', reason: 'archmem.completion.enabled is off for python' });
    assert.equal(off.text, '$(check) archmem: local: qwen $(circle-slash)');
    assert.match(off.tooltip, /\nInline completion off: archmem.completion.enabled is off for python$/);
    assert.equal(off.background, undefined);
    const waiting = describeStatus(ready, { state: 'waiting' });
    assert.match(waiting.text, /\$\(loading~spin\)$/);
    assert.match(waiting.tooltip, /waiting for a suggestion/);
    const failing = describeStatus(ready, { state: 'failing', message: 'connection lost' });
    assert.match(failing.text, /\$\(warning\)$/);
    assert.match(failing.tooltip, /Inline completion failing: connection lost/);
    assert.equal(failing.background, 'statusBarItem.warningBackground');
  });

  test('a server error keeps its red background when completion fails too', () => {
    const view = describeStatus({ state: 'error', model: 'm', message: 'index failed' }, { state: 'failing', message: 'x' });
    assert.equal(view.background, 'statusBarItem.errorBackground');
  });

  test('the item follows completion updates and keeps the server status', () => {
    const item = { text: '', tooltip: '', show: () => undefined } as unknown as vscode.StatusBarItem;
    const bar = new StatusBar(item, (id) => ({ id }) as vscode.ThemeColor, 'archmem.showLog');
    bar.update(ready);
    bar.updateCompletion({ state: 'failing', message: 'connection lost' });
    assert.equal(item.text, '$(check) archmem: local: qwen $(warning)');
    assert.deepEqual(item.backgroundColor, { id: 'statusBarItem.warningBackground' });
    bar.updateCompletion({ state: 'on' });
    assert.equal(item.text, '$(check) archmem: local: qwen');
    assert.equal(item.backgroundColor, undefined);
    assert.deepEqual(bar.completion, { state: 'on' });
  });
});
