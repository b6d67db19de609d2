import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  type DiscoveryProbe,
  discoverServer,
  nodeProbe,
  notFoundMessage,
  type ServerNotFound,
} from '../src/serverDiscovery';
import { launchSettings } from '../src/settings';

/** A probe over an imaginary machine: which executables exist, which interpreter imports archmem. */
function machine(options: {
  onPath?: string;
  python?: string;
  executables?: string[];
  runnable?: string[];
}): DiscoveryProbe & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async which(name) {
      calls.push(`which ${name}`);
      return name === 'archmem' ? options.onPath : undefined;
    },
    async isExecutable(file) {
      calls.push(`isExecutable ${file}`);
      return (options.executables ?? []).includes(file);
    },
    async selectedPython() {
      calls.push('selectedPython');
      return options.python;
    },
    async canRunModule(python, module) {
      calls.push(`canRunModule ${python} ${module}`);
      return (options.runnable ?? []).includes(python) && module === 'archmem.server';
    },
  };
}

const noSettings = launchSettings({});

describe('discoverServer order', () => {
  test('the archmem.server.path setting wins, with ["serve"] when no args are set', async () => {
    const probe = machine({ onPath: '/usr/bin/archmem', python: '/venv/bin/python' });
    const result = await discoverServer(launchSettings({ server: { path: ' /opt/archmem/bin/archmem ' } }), probe);
    assert.deepEqual(result, { command: '/opt/archmem/bin/archmem', args: ['serve'], source: 'setting' });
    assert.deepEqual(probe.calls, [], 'nothing else is looked up');
  });

  test('archmem.server.args replace the default arguments', async () => {
    const settings = launchSettings({ server: { path: 'python3', args: ['-m', 'archmem.server', 'serve'] } });
    const result = await discoverServer(settings, machine({}));
    assert.deepEqual(result, { command: 'python3', args: ['-m', 'archmem.server', 'serve'], source: 'setting' });
  });

  test('then archmem on PATH, before any Python environment', async () => {
    const probe = machine({ onPath: '/home/u/.local/bin/archmem', python: '/venv/bin/python' });
    const result = await discoverServer(noSettings, probe);
    assert.deepEqual(result, { command: '/home/u/.local/bin/archmem', args: ['serve'], source: 'path' });
    assert.deepEqual(probe.calls, ['which archmem']);
  });

  test('then the archmem script of the selected Python environment', async () => {
    const probe = machine({ python: '/venv/bin/python', executables: ['/venv/bin/archmem'] });
    const result = await discoverServer(noSettings, probe);
    assert.deepEqual(result, { command: '/venv/bin/archmem', args: ['serve'], source: 'python-environment' });
  });

  test('then python -m archmem.server when the environment has it but no script', async () => {
    const probe = machine({ python: '/venv/bin/python', runnable: ['/venv/bin/python'] });
    const result = await discoverServer(noSettings, probe);
    assert.deepEqual(result, {
      command: '/venv/bin/python',
      args: ['-m', 'archmem.server', 'serve'],
      source: 'python-module',
    });
    assert.deepEqual(probe.calls, [
      'which archmem',
      'selectedPython',
      'isExecutable /venv/bin/archmem',
      'canRunModule /venv/bin/python archmem.server',
    ]);
  });

  test('nothing found: says where it looked, and the message says what to install', async () => {
    const result = await discoverServer(noSettings, machine({ python: '/venv/bin/python' }));
    assert.equal(result.command, undefined);
    const message = notFoundMessage(result as ServerNotFound);
    assert.match(message, /pip install \./);
    assert.match(message, /archmem\.server\.path/);
    assert.match(message, /archmem on PATH/);
    assert.match(message, /\/venv\/bin\/python/);
  });

  test('nothing found and no Python extension: says so', async () => {
    const result = (await discoverServer(noSettings, machine({}))) as ServerNotFound;
    assert.equal(result.command, undefined);
    assert.match(result.searched.join(' '), /Python extension is not installed/);
  });
});

describe('nodeProbe on a real file system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archmem-discovery-'));
  const bin = join(dir, 'bin');
  const other = join(dir, 'other');
  mkdirSync(bin);
  mkdirSync(other);
  // A non-executable file of the same name earlier on PATH must be skipped, as a shell would.
  writeFileSync(join(other, 'archmem'), 'not a program');
  writeFileSync(join(bin, 'archmem'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'archmem'), 0o755);
  mkdirSync(join(bin, 'dir-not-file'));
  const env = { PATH: ['', other, bin].join(':') };
  const probe = nodeProbe(async () => undefined, env, 'linux');

  test('which finds the first executable on PATH', async () => {
    assert.equal(await probe.which('archmem'), join(bin, 'archmem'));
    assert.equal(await probe.which('no-such-program-archmem'), undefined);
    assert.equal(await probe.which('dir-not-file'), undefined);
  });

  test('isExecutable needs an executable regular file', async () => {
    assert.equal(await probe.isExecutable(join(bin, 'archmem')), true);
    assert.equal(await probe.isExecutable(join(other, 'archmem')), false);
    assert.equal(await probe.isExecutable(join(dir, 'missing')), false);
  });

  test('canRunModule finds a runnable package without running it', async () => {
    // venv is a package with a __main__; email is one without.
    assert.equal(await probe.canRunModule('python3', 'venv'), true);
    assert.equal(await probe.canRunModule('python3', 'email'), false);
    assert.equal(await probe.canRunModule('python3', 'archmem_no_such_module'), false);
    assert.equal(await probe.canRunModule(join(dir, 'no-python'), 'venv'), false);
  });
});
