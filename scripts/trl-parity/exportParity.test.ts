// The exported TRL project (train.py, dpop.py) run for 3 steps on 1 and on 2 CPU processes against the studio's own
// run of the same config: every logged metric within 1e-5 relative (differences of log-probs 1e-4), grad_norm 5e-4.
// Skips, saying why, without TRL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type RunConfigInput } from '../../src/engine/config';
import { trlProjectFor, writeProject } from '../../src/cli/exportTrl';
import { compareRows, type Comparison } from './compare';
import { mathRows, writeJsonl, writeTinyFolder } from './fixtures';
import { findTrlPython } from './python';
import { runStudio, type StudioRun } from './studioRun';

const TOL = { rel: 1e-5, gradNorm: 5e-4, derived: 1e-4, abs: 1e-6 };
const CONFIG: RunConfigInput = {
  version: 1,
  arms: [
    { name: 'DPO', losses: [{ type: 'sigmoid' }], beta: 0.1 },
    { name: 'DPOP', losses: [{ type: 'dpop' }], beta: 0.1, dpop_lambda: 50 },
  ],
  // Adam, warm-up, clipping and the studio's shuffled batches (data/order.json): what a user's run carries.
  training: { steps: 3, batchSize: 4, lr: 1e-3, optimizer: 'adam', warmupSteps: 1, clipNorm: 1, maxLength: 64, seed: 3, shuffle: true, evalEvery: 1, logEvery: 1 },
};

const py = findTrlPython();
if (py.skip) console.warn(`TRL export parity skipped: ${py.skip}`);

let dir = '';
let dataFile = '';
let studio: StudioRun;

beforeAll(async () => {
  if (py.skip) return;
  dir = mkdtempSync(join(tmpdir(), 'trl-export-parity-'));
  dataFile = writeJsonl(join(dir, 'pairs.jsonl'), mathRows(8));
  const model = writeTinyFolder(dir);
  writeProject(join(dir, 'project'), await trlProjectFor(parseConfig(CONFIG), dataFile, model));
  studio = await runStudio(model, dataFile, CONFIG);
}, 900_000);

/** runs/metrics.jsonl by arm: train rows and eval rows (eval_ prefix dropped), in step order. */
function exportedRows(outDir: string): Record<string, { train: Record<string, number>[]; eval: Record<string, number>[] }> {
  const out: ReturnType<typeof exportedRows> = {};
  for (const line of readFileSync(join(outDir, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const { arm, step, split, ...m } = JSON.parse(line);
    const o = (out[arm] ??= { train: [], eval: [] });
    if (split === 'train') o.train[step - 1] = m;
    else o.eval[step - 1] = Object.fromEntries(Object.entries(m).map(([k, v]) => [k.replace(/^eval_/, ''), v as number]));
  }
  return out;
}

function launch(args: string[], outDir: string): void {
  const r = spawnSync(py.python!, [...args, '--max-steps', '3', '--output-dir', outDir], { cwd: join(dir, 'project'), encoding: 'utf8', timeout: 590_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0 || !existsSync(join(outDir, 'metrics.jsonl'))) throw new Error(`${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.slice(-4000)}`);
}


afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
describe.skipIf(!!py.skip)('the exported TRL project against the studio', () => {
  for (const [label, args] of [
    ['1 process (python train.py)', ['train.py']],
    ['2 processes (accelerate launch --cpu --num_processes 2)', ['-m', 'accelerate.commands.launch', '--config_file', 'accelerate/multi_gpu.yaml', '--cpu', '--num_processes', '2', 'train.py']],
  ] as const) {
    it(label, { timeout: 600_000 }, () => {
      const outDir = join(dir, label.startsWith('1') ? 'runs-1' : 'runs-2');
      launch([...args], outDir);
      const rows = exportedRows(outDir);
      const cmp: Comparison = { failures: [], worst: {}, missing: [], compared: 0 };
      for (const arm of ['DPO', 'DPOP']) {
        if (!rows[arm]) {
          cmp.failures.push(`${arm}: no rows in metrics.jsonl`);
          continue;
        }
        compareRows(`${label} ${arm} train`, studio.train[arm], rows[arm].train, TOL, cmp, ['loss', 'grad_norm', 'lr', 'rewards/margins', 'logps/chosen', 'delta/chosen']);
        compareRows(`${label} ${arm} eval`, studio.evals[arm]?.slice(1), rows[arm].eval, TOL, cmp, ['loss', 'rewards/margins', 'logps/chosen']);
      }
      const worst = Object.entries(cmp.worst).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ');
      console.log(`TRL export parity, ${label}: ${cmp.compared} values; worst relative: ${worst}${cmp.missing.length ? `; TRL logs, the studio not: ${cmp.missing.join(', ')}` : ''}`);
      expect(cmp.failures, cmp.failures.slice(0, 40).join('\n')).toEqual([]);
      expect(cmp.compared).toBeGreaterThan(50);
    });
  }
});
