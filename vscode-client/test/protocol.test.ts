import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  describeCompletionStats,
  parseApplyResult,
  parseCompletionStats,
  parseExplainResult,
  parseLastPromptResult,
  parseStatus,
  ProtocolError,
} from '../src/protocol';

describe('command results', () => {
  test('well-formed results pass', () => {
    assert.deepEqual(parseApplyResult('archmem.selfDebug', { applied: true, summary: '2 → 0', extra: 1 }), {
      applied: true,
      summary: '2 → 0',
    });
    assert.deepEqual(parseExplainResult({ markdown: '# x', offline: true }), { markdown: '# x', offline: true });
    assert.deepEqual(parseLastPromptResult({ text: 'prompt' }), { text: 'prompt' });
  });

  test('anything else is a ProtocolError that names the command and shows what came', () => {
    assert.throws(() => parseApplyResult('archmem.generate', null), (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.match(error.message, /archmem\.generate/);
      assert.match(error.message, /got null/);
      return true;
    });
    assert.throws(() => parseApplyResult('archmem.selfDebug', undefined), /got nothing/);
    assert.throws(() => parseExplainResult({ markdown: 3, offline: true }), /archmem\.explain/);
    assert.throws(() => parseLastPromptResult(['text']), /archmem\.showLastPrompt/);
    // A huge wrong answer is cut short in the message.
    assert.throws(
      () => parseApplyResult('archmem.selfDebug', { text: 'x'.repeat(10_000) }),
      (error: unknown) => error instanceof ProtocolError && error.message.length < 400,
    );
  });
});

describe('parseStatus', () => {
  test('keeps what the status bar needs, clamps the percentage', () => {
    assert.deepEqual(parseStatus({ state: 'indexing', model: 'offline', percentage: 140.4 }), {
      state: 'indexing',
      model: 'offline',
      percentage: 100,
    });
    assert.deepEqual(parseStatus({ state: 'ready', model: 'm', message: '' }), { state: 'ready', model: 'm' });
  });

  test('malformed notifications are dropped', () => {
    assert.equal(parseStatus({ state: 'dancing', model: 'm' }), undefined);
    assert.equal(parseStatus({ state: 'ready' }), undefined);
    assert.equal(parseStatus('ready'), undefined);
  });
});

describe('completion stats', () => {
  test('the counts by language, described in one line', () => {
    const stats = parseCompletionStats({
      typescript: { shown: 1, accepted: 0, acceptedChars: 0 },
      python: { shown: 3, accepted: 1, acceptedChars: 24 },
    });
    assert.equal(
      describeCompletionStats(stats),
      'python: 3 shown, 1 accepted (24 characters); typescript: 1 shown, 0 accepted (0 characters)',
    );
    assert.equal(describeCompletionStats(parseCompletionStats({})), 'no inline suggestion shown yet');
  });

  test('a malformed answer is a ProtocolError naming the command', () => {
    assert.throws(() => parseCompletionStats(null), /archmem\.completionStats.*got null/);
    assert.throws(() => parseCompletionStats({ python: { shown: '3', accepted: 1, acceptedChars: 2 } }), ProtocolError);
  });
});
