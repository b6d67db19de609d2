/**
 * "Fix Diagnostics in File": every diagnostic VS Code holds for the document, from every source (the type
 * checker's and linters' as well as archmem's own), converted to LSP by the language client's converter and
 * packed into the arguments of the server's `archmem.selfDebug` command.
 */
import type * as vscode from 'vscode';
import type { Diagnostic } from 'vscode-languageclient';

import type { SelfDebugArgs } from './protocol';

/** The part of the language client's code→protocol converter this module needs. */
export interface DiagnosticConverter {
  asUri(uri: vscode.Uri): string;
  asDiagnostics(diagnostics: vscode.Diagnostic[]): Promise<Diagnostic[]>;
}

export interface DocumentState {
  readonly uri: vscode.Uri;
  readonly version: number;
}

export async function selfDebugArguments(
  document: DocumentState,
  diagnostics: readonly vscode.Diagnostic[],
  converter: DiagnosticConverter,
): Promise<[SelfDebugArgs]> {
  return [
    {
      uri: converter.asUri(document.uri),
      version: document.version,
      diagnostics: await converter.asDiagnostics([...diagnostics]),
    },
  ];
}

/** One line for the log and the progress notification: how many diagnostics from which sources. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) {
    return 'no diagnostics';
  }
  const bySource = new Map<string, number>();
  for (const diagnostic of diagnostics) {
    const source = diagnostic.source ?? 'unknown source';
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
  }
  const parts = [...bySource.entries()].map(([source, count]) => `${count} from ${source}`);
  return `${diagnostics.length} diagnostic${diagnostics.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}
