// Builds the extension bundle (dist/extension.js), the unit tests (out/test, against a stubbed `vscode`
// module) or the end-to-end driver (.e2e/build). Usage: node esbuild.mjs [--production | --tests | --e2e]
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const mode = process.argv[2] ?? '--development';
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: root };

if (mode === '--tests') {
  const tests = readdirSync(join(root, 'test'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join('test', name));
  await esbuild.build({
    ...common,
    entryPoints: tests,
    outdir: 'out/test',
    format: 'cjs',
    sourcemap: 'inline',
    // The real `vscode` module exists only inside VS Code; the tests get a stub that records calls.
    alias: { vscode: './test/stubs/vscode.ts' },
  });
} else if (mode === '--e2e') {
  await esbuild.build({
    ...common,
    entryPoints: ['e2e/main.ts'],
    outfile: '.e2e/build/e2e.cjs',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['playwright-core'],
  });
} else {
  const production = mode === '--production';
  await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    // Kept readable in stack traces the user may paste into an issue.
    keepNames: true,
  });
}
