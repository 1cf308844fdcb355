// Two SGD steps of DPO and DPOP on Gemma 3 and Gemma 2 cases against the same steps replayed by transformers in
// float64 (scripts/transformers-check/check_dpo_steps.py); skips, saying why, without a Python that has torch and transformers.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { saveHostFolder } from '../hfFolder';
import { toHost } from '../params';
import { familyFor } from '../registry';
import { familyCase } from '../testdata/familyCases';
import { tinyTokenizerJson } from '../testdata/fixtures';
import { trlPython } from '../../../../scripts/trl-parity/python';
import { PreferenceRun } from '../../train/run';
import { dpoLoss, dpopLoss, tinyPairs } from '../../train/testdata/fixtures';
import { tokenizePairs } from '../../train/tokenizePairs';

const CHECK = fileURLToPath(new URL('../../../../scripts/transformers-check/check_dpo_steps.py', import.meta.url));
const py = trlPython(['torch', 'transformers']);
if (py.missing) console.warn(`[gemma DPO/DPOP replay vs transformers] skipped: ${py.missing}`);
const dir = mkdtempSync(join(tmpdir(), 'gemma-replay-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEPS = 2;
const LR = 0.05;
const ARMS = [
  { name: 'DPO', loss: dpoLoss, params: { beta: 0.5 }, lambda: null },
  { name: 'DPOP', loss: dpopLoss, params: { beta: 0.5, lambda: 5 }, lambda: 5 },
];

const CASES = ['gemma3-local-global-kv1-hd10', 'gemma2-softcap-window5'];

test.skipIf(!py.python)('Gemma 3 and Gemma 2: weights after two SGD steps of DPO and DPOP equal the float64 replay within 1e-4', async () => {
  const args: string[] = [];
  const engine: { name: string; start: Record<string, { data: Float32Array }>; arms: Record<string, { data: Float32Array }>[] }[] = [];
  for (const name of CASES) {
    const c = familyCase(name);
    const { items } = tokenizePairs(tinyPairs(4, 3), 12);
    const run = new PreferenceRun({
      start: c.weights, config: c.config, family: familyFor(c.config), items,
      arms: ARMS.map(({ name: n, loss, params }) => ({ name: n, loss, params })),
      training: { steps: STEPS, batchSize: items.length, lr: LR, seed: 1, optimizer: 'sgd', maxLength: 12, shuffle: false },
    });
    for (let i = 0; i < STEPS; i++) await run.step();
    engine.push({ name, start: c.weights, arms: await Promise.all(run.arms.map((a) => toHost(a.model.params))) });
    run.dispose();
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    for (const [f, b] of Object.entries(saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() }))) writeFileSync(join(folder, f), b);
    const pairs = items.map((it) => ({ prompt: it.chosen.prompt, chosen: it.chosen.completion, rejected: it.rejected.completion }));
    writeFileSync(join(folder, 'input.json'), JSON.stringify({ pairs, steps: STEPS, lr: LR, arms: ARMS.map((a) => ({ name: a.name, beta: a.params.beta, lambda: a.lambda })) }));
    args.push(folder, join(folder, 'input.json'));
  }
  const r = spawnSync(py.python!, [CHECK, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`check_dpo_steps.py failed: ${r.stderr}`);
  const want = JSON.parse(r.stdout) as Record<string, Record<string, number[]>>[];
  engine.forEach((e, j) => {
    ARMS.forEach((a, k) => {
      let worst = 0;
      let moved = 0;
      for (const [n, w] of Object.entries(want[j][a.name])) {
        const g = e.arms[k][n].data;
        for (let i = 0; i < w.length; i++) {
          worst = Math.max(worst, Math.abs(g[i] - w[i]));
          moved = Math.max(moved, Math.abs(w[i] - e.start[n].data[i]));
        }
      }
      console.log(`[${e.name} ${a.name}] max |Δweight| vs transformers float64 replay ${worst.toExponential(2)} (the steps moved weights up to ${moved.toExponential(2)})`);
      expect(worst).toBeLessThan(1e-4);
      expect(moved).toBeGreaterThan(1e-3);
    });
  });
}, 90_000);
