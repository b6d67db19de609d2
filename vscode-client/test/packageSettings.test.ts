import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { ALLOW_ENV, allowingEditorSettings, GUARDED_SETTINGS, SERVER_GUARDED } from '../src/settings';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: unknown } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

// The tests run from out/test; package.json is the extension's own, read as VS Code reads it.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

describe('package.json keeps the guarded settings out of a repository’s reach', () => {
  test('the extension supports untrusted workspaces in a limited way', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
  });

  for (const name of GUARDED_SETTINGS) {
    test(`${name} is declared, machine- or application-scoped, and restricted`, () => {
      const property = properties[name];
      assert.ok(property, `${name} is not declared in package.json`);
      assert.ok(
        property.scope === 'machine' || property.scope === 'application',
        `${name} has scope ${String(property.scope)}: a workspace's settings.json could set it`,
      );
      const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations;
      assert.ok(
        Array.isArray(restricted) && restricted.includes(name),
        `${name} is not in restrictedConfigurations`,
      );
    });
  }

  test('every setting the server guards is one the extension guards', () => {
    for (const name of SERVER_GUARDED) {
      const full = `archmem.${name}`;
      const owner = GUARDED_SETTINGS.find((guarded) => full === guarded || full.startsWith(`${guarded}.`));
      assert.ok(owner, `archmem.${name} is allowed to the server but not scoped in package.json`);
    }
  });

  test('no other setting is scoped so that a workspace could set where a program or file comes from', () => {
    // By the last part of the name: a program, its arguments, a file or directory, a URL, an environment variable.
    const pathLike = Object.keys(properties).filter((name) =>
      /^(path|args|command|file|.*Dir|.*Url|.*Env)$/.test(name.split('.').pop() ?? ''),
    );
    assert.deepEqual(pathLike.filter((name) => !GUARDED_SETTINGS.includes(name)), []);
  });
});

describe('allowingEditorSettings', () => {
  test('tells the server which guarded settings it may take from VS Code, keeping the rest of the environment', () => {
    const env = allowingEditorSettings({ PATH: '/bin', OPENAI_API_KEY: 'k' });
    assert.deepEqual(env, {
      PATH: '/bin',
      OPENAI_API_KEY: 'k',
      [ALLOW_ENV]: 'checkers,models.endpoints,log.file,index.cacheDir',
    });
  });
});
