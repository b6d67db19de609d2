/**
 * Runs e2e/fake_model.py (the project's scripted OpenAI-compatible server on 127.0.0.1) for one scenario
 * and reads back what it received.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { waitFor } from './workbench';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export class FakeModel {
  private constructor(
    private readonly child: ChildProcess,
    private readonly record: string,
    readonly port: number,
  ) {}

  static async start(python: string, script: string, dir: string): Promise<FakeModel> {
    const record = join(dir, 'fake-model-requests.json');
    const child = spawn(python, [script, record], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const port = await waitFor('the fake model server to listen', () => {
      if (child.exitCode !== null) {
        throw new Error(`fake_model.py exited: ${output}`);
      }
      const match = /^PORT (\d+)$/m.exec(output);
      return match === null ? undefined : Number(match[1]);
    });
    return new FakeModel(child, record, port);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Stops the server and returns every request it received. */
  async stop(): Promise<ReceivedRequest[]> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.on('exit', resolve));
      this.child.stdin?.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      this.child.kill('SIGKILL');
    }
    return existsSync(this.record) ? (JSON.parse(readFileSync(this.record, 'utf8')) as ReceivedRequest[]) : [];
  }
}
