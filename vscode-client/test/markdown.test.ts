import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { explanationPage, renderMarkdown } from '../src/markdown';

describe('renderMarkdown', () => {
  test('highlights fenced code in the languages archmem indexes', () => {
    const html = renderMarkdown('`load` reads the file:\n\n```python\ndef load(path):\n    return open(path).read()\n```\n');
    assert.match(html, /<code>load<\/code> reads the file:/);
    assert.match(html, /<pre class="hljs"><code class="language-python">/);
    assert.match(html, /<span class="hljs-keyword">def<\/span>/);
    assert.match(html, /<span class="hljs-title function_">load<\/span>/);
  });

  test('aliases and unknown languages', () => {
    assert.match(renderMarkdown('```ts\nconst x: number = 1;\n```'), /hljs-keyword">const/);
    const unknown = renderMarkdown('```cobol\nDISPLAY "<b>".\n```');
    assert.match(unknown, /DISPLAY &quot;&lt;b&gt;&quot;\./);
    assert.doesNotMatch(unknown, /hljs/);
  });

  test('raw HTML from the model is shown as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
    assert.doesNotMatch(html, /<script>/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;script&gt;/);
  });
});

describe('explanationPage', () => {
  const page = explanationPage('# Title\n\nBody', {
    title: 'Explain: load · app.py:3',
    cspSource: 'https://webview.example',
    nonce: 'abc123',
    offline: true,
  });

  test('allows no script and only its own nonce-d style', () => {
    const csp = /Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    assert.match(csp, /style-src https:\/\/webview\.example 'nonce-abc123'/);
    assert.match(page, /<style nonce="abc123">/);
  });

  test('says where the explanation came from and contains it', () => {
    assert.match(page, /Explain: load · app\.py:3 · offline explanation \(no model was called\)/);
    assert.match(page, /<main id="archmem-explanation">\n<h1>Title<\/h1>\n<p>Body<\/p>/);
  });
});
