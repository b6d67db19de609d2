/**
 * Renders the server's explanation (markdown) to the HTML page shown in the Explain panel: markdown-it with
 * raw HTML disabled (the text comes from a model and must not inject markup), fenced code highlighted by
 * highlight.js for the languages archmem indexes, colours taken from the VS Code theme.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import MarkdownIt from 'markdown-it';

const LANGUAGES = { bash, c, cpp, diff, go, java, javascript, json, python, rust, typescript };
for (const [name, language] of Object.entries(LANGUAGES)) {
  hljs.registerLanguage(name, language);
}
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['js', 'jsx', 'javascriptreact'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx', 'typescriptreact'], { languageName: 'typescript' });
hljs.registerAliases(['sh', 'shell'], { languageName: 'bash' });
hljs.registerAliases(['rs'], { languageName: 'rust' });
hljs.registerAliases(['h'], { languageName: 'c' });
hljs.registerAliases(['cc', 'cxx', 'hpp', 'c++'], { languageName: 'cpp' });

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const renderer = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight(code: string, language: string): string {
    const name = language.trim().toLowerCase();
    if (name !== '' && hljs.getLanguage(name) !== undefined) {
      const highlighted = hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
      return `<pre class="hljs"><code class="language-${escapeHtml(name)}">${highlighted}</code></pre>`;
    }
    // Empty string: markdown-it escapes the code itself.
    return '';
  },
});

export function renderMarkdown(markdown: string): string {
  return renderer.render(markdown);
}

export interface PageOptions {
  readonly title: string;
  /** `webview.cspSource`: the only origin the page may load styles and images from. */
  readonly cspSource: string;
  /** A fresh random value per render (base64), allowing exactly this page's inline style. */
  readonly nonce: string;
  /** Whether the explanation came from the offline provider (said in the page's header). */
  readonly offline: boolean;
}

// Token colours from variables every VS Code theme defines (the debugger's token colours, links, symbol
// icons), so the panel follows light, dark and high contrast themes without shipping a theme of its own.
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  padding: 0 1.2em 1.2em; line-height: 1.5; }
header { color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border);
  padding: .6em 0; margin-bottom: .8em; }
code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
:not(pre) > code { background: var(--vscode-textCodeBlock-background); padding: 0 .25em; border-radius: 3px; }
pre { background: var(--vscode-textCodeBlock-background); padding: .7em; overflow-x: auto; border-radius: 4px; }
a { color: var(--vscode-textLink-foreground); }
blockquote { border-left: 3px solid var(--vscode-textBlockQuote-border); margin-left: 0; padding-left: .8em; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--vscode-panel-border); padding: .2em .5em; }
.hljs-keyword, .hljs-built_in, .hljs-literal, .hljs-meta { color: var(--vscode-textLink-foreground); }
.hljs-string, .hljs-regexp, .hljs-addition { color: var(--vscode-debugTokenExpression-string); }
.hljs-number { color: var(--vscode-debugTokenExpression-number); }
.hljs-comment, .hljs-quote { color: var(--vscode-descriptionForeground); font-style: italic; }
.hljs-title, .hljs-function .hljs-title { color: var(--vscode-symbolIcon-functionForeground); }
.hljs-type, .hljs-class .hljs-title, .hljs-title.class_ { color: var(--vscode-symbolIcon-classForeground); }
.hljs-variable, .hljs-params, .hljs-attr { color: var(--vscode-symbolIcon-variableForeground); }
.hljs-deletion { color: var(--vscode-errorForeground); }
`;


/** A whole HTML document with a Content-Security-Policy that allows no script at all. */
export function explanationPage(markdown: string, options: PageOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${options.nonce}'`,
    `img-src ${options.cspSource} https: data:`,
  ].join('; ');
  const provenance = options.offline ? 'offline explanation (no model was called)' : 'explanation by the model';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body>
<header data-archmem-offline="${options.offline ? 'true' : 'false'}">${escapeHtml(options.title)} · ${provenance}</header>
<main id="archmem-explanation">
${renderMarkdown(markdown)}
</main>
</body>
</html>
`;
}
