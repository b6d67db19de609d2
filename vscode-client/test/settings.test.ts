import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { initializationOptions, launchSettings, toJson } from '../src/settings';

/** What `workspace.getConfiguration().get("archmem")` gives for these settings.json entries. */
const section = {
  server: { path: '/repo/.venv/bin/archmem', args: [] },
  offline: true,
  models: {
    endpoints: {
      local: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder', apiKeyEnv: 'OLLAMA_KEY', timeoutSeconds: 30 },
    },
    selfDebug: 'local',
    generate: 'local',
  },
  context: { budget: 4096 },
  selfDebug: { rounds: 5, offerUnverified: false },
  checkers: { python: [{ name: 'pyright', command: ['pyright', '--outputjson', '{file}'], format: 'pyright-json' }] },
  exclude: ['**/generated/**'],
  index: { maxFileSize: 2000000, cacheDir: '' },
  log: { level: 'debug', file: '' },
  apiKeyEnv: 'OPENAI_API_KEY',
};

describe('initializationOptions', () => {
  test('is the whole section, nested as workspace/configuration answers it', () => {
    assert.deepEqual(initializationOptions(section), section);
  });

  test('is plain JSON: methods of VS Code configuration objects and undefined values are dropped', () => {
    const withMethods = {
      ...section,
      get: () => 1,
      has: () => true,
      inspect: () => undefined,
      update: async () => undefined,
      missing: undefined,
      bad: Number.NaN,
    };
    const options = initializationOptions(withMethods);
    assert.deepEqual(Object.keys(options), [...Object.keys(section), 'bad']);
    assert.equal(options.bad, null);
    assert.deepEqual(JSON.parse(JSON.stringify(options)), options);
  });

  test('no section at all gives an empty object, never null', () => {
    assert.deepEqual(initializationOptions(undefined), {});
    assert.deepEqual(initializationOptions('nonsense'), {});
  });

  test('toJson keeps array positions', () => {
    assert.deepEqual(toJson([1, undefined, () => 0, 'x']), [1, null, null, 'x']);
  });
});

describe('launchSettings', () => {
  test('defaults', () => {
    assert.deepEqual(launchSettings(undefined), {
      serverPath: undefined,
      serverArgs: ['serve'],
      apiKeyEnv: 'OPENAI_API_KEY',
      problems: [],
    });
  });

  test('reads the server command, its arguments and the key variable', () => {
    const settings = launchSettings({
      server: { path: '/usr/bin/python3', args: ['-m', 'archmem.server', 'serve'] },
      apiKeyEnv: 'MY_LLM_KEY',
    });
    assert.equal(settings.serverPath, '/usr/bin/python3');
    assert.deepEqual(settings.serverArgs, ['-m', 'archmem.server', 'serve']);
    assert.equal(settings.apiKeyEnv, 'MY_LLM_KEY');
    assert.deepEqual(settings.problems, []);
  });

  test('a blank path means "discover"', () => {
    assert.equal(launchSettings({ server: { path: '   ' } }).serverPath, undefined);
  });

  test('bad values fall back to defaults with a problem that names the setting', () => {
    const settings = launchSettings({ server: { path: 42, args: ['ok', 3] }, apiKeyEnv: 'NOT A NAME' });
    assert.equal(settings.serverPath, undefined);
    assert.deepEqual(settings.serverArgs, ['serve']);
    assert.equal(settings.apiKeyEnv, 'OPENAI_API_KEY');
    assert.equal(settings.problems.length, 3);
    assert.match(settings.problems[0] ?? '', /archmem\.server\.path/);
    assert.match(settings.problems[1] ?? '', /archmem\.server\.args/);
    assert.match(settings.problems[2] ?? '', /archmem\.apiKeyEnv/);
  });
});
