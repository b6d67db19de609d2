import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  AdaptiveDebounce,
  completionOff,
  type CompletionState,
  CompletionTracker,
  parseCompletionStatus,
} from '../src/completion';
import { debounceSetting } from '../src/settings';
import { describeStatus } from '../src/statusBar';

/** Settings as VS Code's `getConfiguration('archmem', document)` answers them: dotted keys. */
function settings(values: Record<string, unknown>): { get(key: string): unknown } {
  return { get: (key) => values[key] };
}

describe('completionOff', () => {
  test('on by default', () => {
    assert.equal(completionOff(settings({}), 'python'), undefined);
    assert.equal(completionOff(settings({ 'completion.enabled': true }), 'python'), undefined);
  });

  test('off with the reason: the setting (language overrides arrive here), the list, offline', () => {
    assert.match(completionOff(settings({ 'completion.enabled': false }), 'python') ?? '', /enabled is off for python/);
    const listed = settings({ 'completion.disabledLanguages': ['go', 'rust'] });
    assert.match(completionOff(listed, 'go') ?? '', /go is in archmem.completion.disabledLanguages/);
    assert.equal(completionOff(listed, 'python'), undefined);
    assert.match(completionOff(settings({ offline: true }), 'python') ?? '', /offline/);
  });

  test('a malformed list is no list', () => {
    assert.equal(completionOff(settings({ 'completion.disabledLanguages': 'python' }), 'python'), undefined);
  });
});

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CompletionTracker', () => {
  const notCancelled = () => false;

  test('waiting while a request runs, on again after it answered', async () => {
    const seen: CompletionState[] = [];
    const tracker = new CompletionTracker((state) => seen.push(state));
    const answer = deferred<string>();
    const running = tracker.track(() => answer.promise, notCancelled);
    assert.deepEqual(tracker.state, { state: 'waiting' });
    answer.resolve('items');
    assert.equal(await running, 'items');
    assert.deepEqual(seen, [{ state: 'waiting' }, { state: 'on' }]);
  });

  test('two overlapping requests: waiting until both are done', async () => {
    const tracker = new CompletionTracker(() => undefined);
    const first = deferred<number>();
    const second = deferred<number>();
    const a = tracker.track(() => first.promise, notCancelled);
    const b = tracker.track(() => second.promise, notCancelled);
    first.resolve(1);
    await a;
    assert.deepEqual(tracker.state, { state: 'waiting' });
    second.resolve(2);
    await b;
    assert.deepEqual(tracker.state, { state: 'on' });
  });

  test('a failed request shows failing with its message until one succeeds; the error still reaches the caller', async () => {
    const tracker = new CompletionTracker(() => undefined);
    await assert.rejects(tracker.track(() => Promise.reject(new Error('Request failed: connection lost')), notCancelled));
    assert.deepEqual(tracker.state, { state: 'failing', message: 'Request failed: connection lost' });
    await tracker.track(() => Promise.resolve([]), notCancelled);
    assert.deepEqual(tracker.state, { state: 'on' });
  });

  test('a cancelled request (the user typed on) is no failure', async () => {
    const tracker = new CompletionTracker(() => undefined);
    const cancel = new Error('Canceled');
    await assert.rejects(tracker.track(() => Promise.reject(cancel), (error) => error === cancel));
    assert.deepEqual(tracker.state, { state: 'on' });
  });

  test('the server saying the model fails shows failing though requests answer (empty), until it says ok', async () => {
    const seen: CompletionState[] = [];
    const tracker = new CompletionTracker((state) => seen.push(state));
    const answer = deferred<unknown[]>();
    const running = tracker.track(() => answer.promise, notCancelled);
    // The server tells before it answers the request the failure emptied.
    tracker.serverSays(parseCompletionStatus({ state: 'failing', message: 'model: unreachable: down' }) ?? null);
    answer.resolve([]);
    await running;
    assert.deepEqual(tracker.state, { state: 'failing', message: 'model: unreachable: down' });
    await tracker.track(() => Promise.resolve([]), notCancelled);
    assert.deepEqual(tracker.state, { state: 'failing', message: 'model: unreachable: down' });
    tracker.serverSays(parseCompletionStatus({ state: 'ok' }) ?? null);
    assert.deepEqual(tracker.state, { state: 'on' });
    assert.deepEqual(seen.at(-1), { state: 'on' });
    const view = describeStatus({ state: 'ready', model: 'fake-model' }, { state: 'failing', message: 'model: unreachable: down' });
    assert.match(view.tooltip, /Inline completion failing: model: unreachable: down/);
  });

  test('a malformed completion status is told apart from ok and failing', () => {
    assert.equal(parseCompletionStatus({ state: 'ok' }), null);
    assert.equal(parseCompletionStatus({ state: 'failing', message: 'x' }), 'x');
    assert.equal(parseCompletionStatus({ state: 'failing' }), 'the model gave no suggestion');
    assert.equal(parseCompletionStatus({ state: 'sideways' }), undefined);
    assert.equal(parseCompletionStatus(null), undefined);
    assert.equal(parseCompletionStatus('failing'), undefined);
  });

  test('off wins over the rest and is reported once per change', () => {
    const seen: CompletionState[] = [];
    const tracker = new CompletionTracker((state) => seen.push(state));
    tracker.setOff('archmem.offline is on');
    tracker.setOff('archmem.offline is on');
    tracker.setOff(undefined);
    assert.deepEqual(seen, [{ state: 'off', reason: 'archmem.offline is on' }, { state: 'on' }]);
  });
});

describe('AdaptiveDebounce', () => {
  function clock(): { now: () => number; at: (ms: number) => void } {
    let time = 0;
    return { now: () => time, at: (ms) => (time = ms) };
  }

  test('follows the typing speed: one and a half of the median gap, within its bounds', () => {
    const c = clock();
    const fast = new AdaptiveDebounce(c.now);
    assert.equal(fast.delay, 50); // nothing typed yet: the least
    for (const at of [0, 60, 120, 180, 240]) {
      c.at(at);
      fast.typed();
    }
    assert.equal(fast.delay, 90);
    const slow = new AdaptiveDebounce(c.now);
    for (const at of [1000, 1250, 1500, 1750]) {
      c.at(at);
      slow.typed();
    }
    assert.equal(slow.delay, 375);
    // A pause (longer than the most) is no typing gap; a very fast burst stays above the least.
    const burst = new AdaptiveDebounce(c.now);
    for (const at of [5000, 10000, 10010, 10020, 10030]) {
      c.at(at);
      burst.typed();
    }
    assert.equal(burst.delay, 50);
  });

  test('waits what is left of the delay since the last keystroke, and gives up when cancelled', async () => {
    const c = clock();
    const debounce = new AdaptiveDebounce(c.now);
    for (const at of [0, 200, 400]) {
      c.at(at);
      debounce.typed();
    }
    c.at(450);
    const slept: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      slept.push(ms);
    };
    assert.equal(await debounce.settle(() => false, sleep), true);
    assert.deepEqual(slept, [250]); // 300 ms after the keystroke at 400
    c.at(1000);
    assert.equal(await debounce.settle(() => true, sleep), false);
    assert.deepEqual(slept, [250]); // past the delay already: no wait, but the user typed on
  });

  test('takes the setting: a fixed delay whatever the typing, or adaptive within other bounds', () => {
    const c = clock();
    const debounce = new AdaptiveDebounce(c.now, debounceSetting(250).bounds);
    assert.equal(debounce.delay, 250);
    for (const at of [0, 40, 80, 120]) {
      c.at(at);
      debounce.typed();
    }
    assert.equal(debounce.delay, 250); // fast typing does not shorten a fixed delay
    debounce.setBounds(debounceSetting({ min: 20, max: 1000 }).bounds);
    assert.equal(debounce.delay, 60); // the same 40 ms gaps, now adaptive: 1.5 x 40
    debounce.setBounds(debounceSetting(0).bounds);
    assert.equal(debounce.delay, 0);
  });
});

describe('debounceSetting', () => {
  test('"adaptive" (the default), {min, max}, or a number of ms', () => {
    assert.deepEqual(debounceSetting(undefined), { bounds: { least: 50, most: 400 } });
    assert.deepEqual(debounceSetting('adaptive'), { bounds: { least: 50, most: 400 } });
    assert.deepEqual(debounceSetting({ min: 100, max: 800 }), { bounds: { least: 100, most: 800 } });
    assert.deepEqual(debounceSetting({ max: 120 }), { bounds: { least: 50, most: 120 } });
    assert.deepEqual(debounceSetting(300), { bounds: { least: 300, most: 300 } });
    assert.deepEqual(debounceSetting(0), { bounds: { least: 0, most: 0 } });
  });

  test('a malformed value gives the default and a problem naming the setting', () => {
    for (const bad of ['fast', -5, 99999, Number.NaN, { min: 500, max: 100 }, { min: '1' }, [100]]) {
      const read = debounceSetting(bad);
      assert.deepEqual(read.bounds, { least: 50, most: 400 }, String(bad));
      assert.match(read.problem ?? '', /^archmem\.completion\.debounce must be/);
    }
  });
});

describe('package.json declares the completion settings', () => {
  interface Property {
    scope?: string;
    default?: unknown;
  }
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Property> } };
  };
  const properties = manifest.contributes.configuration.properties;

  test('every archmem.completion.* setting of docs/configuration.md, and no other', () => {
    const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    const documented = new Set([...docs.matchAll(/^\| `(archmem\.completion\.\w+)`/gm)].map((match) => match[1]));
    const declared = Object.keys(properties).filter((name) => name.startsWith('archmem.completion.'));
    assert.ok(documented.size >= 9, `only ${documented.size} completion settings found in docs/configuration.md`);
    assert.deepEqual(new Set(declared), documented);
  });

  test('the on/off switch can be set per language', () => {
    assert.equal(properties['archmem.completion.enabled']?.scope, 'language-overridable');
    assert.equal(properties['archmem.completion.enabled']?.default, true);
  });

  test('the suggestion is not repeated as a completion item where ghost text shows it', () => {
    assert.equal(properties['archmem.completion.asItem']?.default, false);
  });
});
