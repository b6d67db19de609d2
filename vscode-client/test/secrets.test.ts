import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

import type { LogOutputChannel } from 'vscode';

import { initializationOptions } from '../src/settings';
import { REDACTED, redact, redactingChannel, redactValue, serverEnvironment } from '../src/secrets';

const KEY = 'sk-test-0123456789abcdef';

describe('serverEnvironment', () => {
  test('puts the key under the configured name and nowhere else', () => {
    const base = { PATH: '/usr/bin', HOME: '/home/u' };
    const env = serverEnvironment(base, 'MY_LLM_KEY', KEY);
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', MY_LLM_KEY: KEY });
    assert.deepEqual(base, { PATH: '/usr/bin', HOME: '/home/u' }, 'the extension host environment is untouched');
    const holders = Object.entries(env).filter(([, value]) => value?.includes(KEY));
    assert.deepEqual(holders, [['MY_LLM_KEY', KEY]]);
  });

  test('no key, no variable; an inherited variable of that name is left as the user set it', () => {
    assert.deepEqual(serverEnvironment({ OPENAI_API_KEY: 'from-shell' }, 'OPENAI_API_KEY', undefined), {
      OPENAI_API_KEY: 'from-shell',
    });
    assert.deepEqual(serverEnvironment({}, 'OPENAI_API_KEY', ''), {});
  });

  test('the key reaches a real child process through its environment', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(process.env.ARCHMEM_TEST_KEY ?? "")'], {
      env: serverEnvironment({ PATH: process.env.PATH }, 'ARCHMEM_TEST_KEY', KEY),
    });
    assert.equal(child.stdout.toString(), KEY);
  });

  test('the key is not among the initializationOptions sent to the server', () => {
    const options = initializationOptions({ apiKeyEnv: 'MY_LLM_KEY', models: { endpoints: {} } });
    assert.ok(!JSON.stringify(options).includes(KEY));
    assert.equal(options.apiKeyEnv, 'MY_LLM_KEY');
  });
});

describe('redaction', () => {
  test('redact masks every occurrence', () => {
    assert.equal(redact(`a ${KEY} b ${KEY}`, [KEY]), `a ${REDACTED} b ${REDACTED}`);
    assert.equal(redact('nothing here', [KEY]), 'nothing here');
    assert.equal(redact('a b c', ['a']), 'a b c', 'too short to be a key: not masked');
  });

  test('redactValue covers errors and objects', () => {
    const error = new Error(`request failed with Authorization: Bearer ${KEY}`);
    assert.ok(!redactValue(error, [KEY]).includes(KEY));
    assert.ok(redactValue(error, [KEY]).includes('Authorization: Bearer [redacted]'));
    assert.equal(redactValue({ env: { OPENAI_API_KEY: KEY } }, [KEY]), '{"env":{"OPENAI_API_KEY":"[redacted]"}}');
  });

  /** Records what reaches the real channel, as VS Code's would write it to its log file. */
  function recordingChannel(): { channel: LogOutputChannel; written: string[] } {
    const written: string[] = [];
    const record =
      (level: string) =>
      (message: unknown, ...args: unknown[]) =>
        written.push([level, message, ...args].map(String).join(' '));
    const channel = {
      name: 'archmem',
      logLevel: 2,
      append: (text: string) => written.push(text),
      appendLine: (text: string) => written.push(text),
      replace: (text: string) => written.push(text),
      trace: record('trace'),
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      clear: () => undefined,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
    };
    return { channel: channel as unknown as LogOutputChannel, written };
  }

  test('every way of writing to the channel is redacted', () => {
    const { channel, written } = recordingChannel();
    let secrets: string[] = [KEY];
    const log = redactingChannel(channel, () => secrets);
    // What the language client writes: its messages, the trace of LSP messages, the server's stderr.
    log.info(`Starting with ${KEY}`);
    log.error(new Error(`boom ${KEY}`));
    log.warn('details', { header: `Bearer ${KEY}` });
    log.trace(`[Trace] Received notification 'window/logMessage': ${KEY}`);
    log.debug(KEY);
    log.append(`stderr: ${KEY}`);
    log.appendLine(`stderr line: ${KEY}`);
    log.replace(KEY);
    assert.equal(written.length, 8);
    for (const line of written) {
      assert.ok(!line.includes(KEY), `leaked: ${line}`);
    }
    assert.ok(written.every((line) => line.includes(REDACTED)));
    // Non-text members pass through untouched.
    assert.equal(log.name, 'archmem');
    assert.equal(log.logLevel, 2);
    // The secrets are read at each write: a key set later is masked too.
    secrets = ['another-key-4567'];
    log.info('another-key-4567');
    assert.equal(written.at(-1), `info ${REDACTED}`);
  });
});
