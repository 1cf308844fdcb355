// Runs the experiment CLI as a user would and reads what it wrote.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

export function runCli(args: string[], timeoutMs = 280_000): Promise<CliResult> {
  const out = mkdtempSync(join(tmpdir(), 'ps-cli-'));
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'src/cli/experiment.ts', '--quiet', '--out', out, ...args], { timeout: timeoutMs, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr, out });
    });
  });
}

export type Row = Record<string, number | string>;

export function readJsonl(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}
