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
