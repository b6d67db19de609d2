/**
 * Asks the installed `archmem serve` what it can do, over a short stdio LSP session of its own, so the e2e
 * scenarios that need a server feature which has not landed yet are skipped with a reason that names it,
 * instead of failing for the wrong reason. `ARCHMEM_E2E_STRICT=1` turns every such skip into a failure.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface ServerFeatures {
  /** Why the server could not be asked at all, if it could not. */
  readonly unavailable?: string;
  readonly capabilities: Record<string, unknown>;
  readonly commands: readonly string[];
  /** Diagnostics the server published for the probe file, if any within the wait. */
  readonly diagnostics: readonly { message: string; line: number }[];
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

/** Starts `command args`, initializes on `root`, opens `file` and collects what the server offers. */
export async function probeServer(
  command: string,
  args: readonly string[],
  root: string,
  file: string,
  env: NodeJS.ProcessEnv,
  waitMs = 20_000,
): Promise<ServerFeatures> {
  const child = spawn(command, [...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      const tail = stderr.trim().slice(-600);
      resolve(`it exited (${signal ?? `code ${code}`}) without answering initialize${tail === '' ? '' : `; stderr: ${tail}`}`);
    });
  });

  let buffer = Buffer.alloc(0);
  const waiting = new Map<number, (message: Message) => void>();
  const diagnostics: { message: string; line: number }[] = [];
  let sawDiagnostics: (() => void) | undefined;
  const diagnosticsArrived = new Promise<void>((resolve) => {
    sawDiagnostics = resolve;
  });
  const send = (message: Message): void => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        return;
      }
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) {
        return;
      }
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method !== undefined) {
        // A request from the server (configuration, progress, registration): answer with nothing.
        send({ id: message.id, result: message.method === 'workspace/configuration' ? [{ offline: true }] : null });
      } else if (message.id !== undefined) {
        waiting.get(message.id)?.(message);
      } else if (message.method === 'textDocument/publishDiagnostics') {
        const params = message.params as { diagnostics: { message: string; range: { start: { line: number } } }[] };
        if (params.diagnostics.length > 0) {
          diagnostics.splice(0, diagnostics.length, ...params.diagnostics.map((d) => ({ message: d.message, line: d.range.start.line })));
          sawDiagnostics?.();
        }
      }
    }
  });
  let nextId = 1;
  const request = (method: string, params: unknown): Promise<Message> => {
    const id = nextId++;
    send({ id, method, params });
    return new Promise((resolve) => waiting.set(id, resolve));
  };
  const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

  try {
    const rootUri = pathToFileURL(root).href;
    const init = await Promise.race([
      request('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'probe' }],
        capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } },
        initializationOptions: { offline: true },
      }),
      exited,
      timeout(waitMs),
    ]);
    if (typeof init === 'string') {
      return { unavailable: init === 'timeout' ? 'no answer to initialize' : init, capabilities: {}, commands: [], diagnostics };
    }
    if (init.error !== undefined) {
      return { unavailable: `initialize failed: ${init.error.message}`, capabilities: {}, commands: [], diagnostics };
    }
    const capabilities = ((init.result as { capabilities?: Record<string, unknown> }).capabilities ?? {}) as Record<string, unknown>;
    const commands = ((capabilities.executeCommandProvider as { commands?: string[] } | undefined)?.commands ?? []).slice();
    send({ method: 'initialized', params: {} });
    send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri: pathToFileURL(file).href, languageId: 'python', version: 1, text: readFileSync(file, 'utf8') } },
    });
    await Promise.race([diagnosticsArrived, exited, timeout(waitMs)]);
    await Promise.race([request('shutdown', null), timeout(3000)]);
    send({ method: 'exit' });
    return { capabilities, commands, diagnostics };
  } finally {
    await Promise.race([exited, timeout(3000)]);
    child.kill('SIGKILL');
  }
}
