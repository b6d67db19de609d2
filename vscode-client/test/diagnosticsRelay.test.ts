import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as vscode from 'vscode';
// The language client's own converter, the one the extension uses at run time (client.code2ProtocolConverter).
import { createConverter } from 'vscode-languageclient/$test/common/codeConverter';

import { describeDiagnostics, selfDebugArguments } from '../src/diagnosticsRelay';

const converter = createConverter();
const file = vscode.Uri.file('/work/space/app ü.py');

function diagnostic(
  line: number,
  message: string,
  source: string,
  severity: vscode.DiagnosticSeverity,
): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(line, 4, line, 9), message, severity);
  d.source = source;
  return d;
}

describe('selfDebugArguments', () => {
  test('relays every diagnostic from every source, converted to LSP', async () => {
    const fromPyright = diagnostic(3, '"foo" is not defined', 'Pylance', vscode.DiagnosticSeverity.Error);
    fromPyright.code = { value: 'reportUndefinedVariable', target: vscode.Uri.parse('https://example.invalid/rule') };
    const fromRuff = diagnostic(0, '`os` imported but unused', 'Ruff', vscode.DiagnosticSeverity.Warning);
    fromRuff.code = 'F401';
    fromRuff.tags = [vscode.DiagnosticTag.Unnecessary];
    const fromArchmem = diagnostic(7, 'expected ":"', 'archmem', vscode.DiagnosticSeverity.Error);
    fromArchmem.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(file, new vscode.Range(6, 0, 6, 3)),
        'the block starts here',
      ),
    ];
    const hint = diagnostic(9, 'consider a comprehension', 'Sourcery', vscode.DiagnosticSeverity.Hint);
    const info = diagnostic(10, 'just so you know', 'Spell', vscode.DiagnosticSeverity.Information);

    const [args] = await selfDebugArguments({ uri: file, version: 12 }, [fromPyright, fromRuff, fromArchmem, hint, info], converter);

    assert.equal(args.uri, 'file:///work/space/app%20%C3%BC.py');
    assert.equal(args.version, 12);
    // Compared as JSON, the form in which the arguments travel (the converter leaves some keys undefined).
    assert.deepEqual(JSON.parse(JSON.stringify(args.diagnostics)), [
      {
        range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
        message: '"foo" is not defined',
        code: 'reportUndefinedVariable',
        codeDescription: { href: 'https://example.invalid/rule' },
        severity: 1,
        source: 'Pylance',
      },
      {
        range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } },
        message: '`os` imported but unused',
        code: 'F401',
        severity: 2,
        tags: [1],
        source: 'Ruff',
      },
      {
        range: { start: { line: 7, character: 4 }, end: { line: 7, character: 9 } },
        message: 'expected ":"',
        severity: 1,
        relatedInformation: [
          {
            message: 'the block starts here',
            location: {
              uri: 'file:///work/space/app%20%C3%BC.py',
              range: { start: { line: 6, character: 0 }, end: { line: 6, character: 3 } },
            },
          },
        ],
        source: 'archmem',
      },
      {
        range: { start: { line: 9, character: 4 }, end: { line: 9, character: 9 } },
        message: 'consider a comprehension',
        severity: 4,
        source: 'Sourcery',
      },
      {
        range: { start: { line: 10, character: 4 }, end: { line: 10, character: 9 } },
        message: 'just so you know',
        severity: 3,
        source: 'Spell',
      },
    ]);
  });

  test('a file without diagnostics still asks the server (it runs its own checks)', async () => {
    const [args] = await selfDebugArguments({ uri: file, version: 1 }, [], converter);
    // Compared as JSON, the form in which the arguments travel (the converter leaves some keys undefined).
    assert.deepEqual(JSON.parse(JSON.stringify(args.diagnostics)), []);
  });
});

describe('describeDiagnostics', () => {
  test('counts by source', async () => {
    const [args] = await selfDebugArguments(
      { uri: file, version: 1 },
      [
        diagnostic(1, 'a', 'Pylance', vscode.DiagnosticSeverity.Error),
        diagnostic(2, 'b', 'archmem', vscode.DiagnosticSeverity.Error),
        diagnostic(3, 'c', 'Pylance', vscode.DiagnosticSeverity.Warning),
      ],
      converter,
    );
    assert.equal(describeDiagnostics(args.diagnostics), '3 diagnostics (2 from Pylance, 1 from archmem)');
    assert.equal(describeDiagnostics([]), 'no diagnostics');
  });
});
