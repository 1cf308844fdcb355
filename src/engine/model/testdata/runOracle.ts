// Node side of the oracle tests: write a case as a Hugging Face folder with the studio's writer and run a float64
// numpy oracle script on it (python3 with numpy; tests skip where it is missing and fall back to stored goldens).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveHostFolder } from '../hfFolder';
import type { OracleCase, OracleOutput } from './oracleCase';

export const TESTDATA = fileURLToPath(new URL('.', import.meta.url));
export const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

export function runOracleScript(script: string, c: OracleCase): OracleOutput {
  const dir = mkdtempSync(join(tmpdir(), 'oracle-'));
  try {
    for (const [name, bytes] of Object.entries(saveHostFolder(c.weights, c.config))) writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ sequences: c.sequences, pairs: c.pairs }));
    const r = spawnSync('python3', [join(TESTDATA, script), dir, join(dir, 'input.json'), join(dir, 'out.json')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
    return JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
