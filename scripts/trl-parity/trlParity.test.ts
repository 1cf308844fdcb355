// The studio against TRL's own DPOTrainer (harness.py, one Python process for every case), per step, metric and pair:
// within 1e-4 relative, grad_norm 5e-4. Skips, saying why, where no Python has the pinned TRL stack.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { trlArm } from '../../src/engine/export/trl/armMapping';
import { DPOP_PY } from '../../src/engine/export/trl/templates/dpopPy';
import { LOSSES_PY } from '../../src/engine/export/trl/templates/lossesPy';
import { CASES, STEPS, studioConfig } from './cases';
import { compareCase, type TrlArmResult } from './compare';
import { writeGpt2Folder, writeJsonl, writeQwenFolder, writeTinyFolder } from './fixtures';
import { findTrlPython } from './python';
import { runStudio } from './studioRun';

// abs: rewards and margins are β × differences of log-probs of tens of nats, whose float32 rounding (~1e-7 relative)
// leaves about 1e-6 of noise however small the difference; the log-probs themselves are held to 1e-4 relative.
const TOL = { rel: 1e-4, gradNorm: 5e-4, abs: 5e-6 };

const py = findTrlPython();
if (py.skip) console.warn(`TRL parity (direct) skipped: ${py.skip}`);

let dir = '';
const models: Record<string, string> = {};
const dataFiles: Record<string, string> = {};
let trl: { versions: Record<string, string>; seconds: number; cases: Record<string, Record<string, TrlArmResult>> };

beforeAll(() => {
  if (py.skip) return;
  dir = mkdtempSync(join(tmpdir(), 'trl-parity-'));
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'dpop.py'), DPOP_PY);
  writeFileSync(join(project, 'losses.py'), LOSSES_PY);
  models.tiny = writeTinyFolder(dir);
  if (CASES.some((c) => c.model === 'gpt2')) models.gpt2 = writeGpt2Folder(dir);
  if (CASES.some((c) => c.model === 'qwen')) models.qwen = writeQwenFolder(dir);
  const cases = CASES.map((c) => {
    dataFiles[c.name] = writeJsonl(join(dir, `${c.name}.jsonl`), c.rows);
    const parsed = parseConfig(studioConfig(c));
    return {
      name: c.name,
      model: models[c.model],
      data: dataFiles[c.name],
      training: { steps: STEPS, lr: c.training.lr, warmup_steps: c.training.warmupSteps, max_grad_norm: c.training.clipNorm, max_length: c.training.maxLength, seed: 1 },
      arms: parsed.arms.map((a, i) => trlArm(a, i)),
    };
  });
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ project, cases }));
  const r = spawnSync(py.python!, [join(import.meta.dirname, 'harness.py'), join(dir, 'spec.json'), join(dir, 'trl.json')], { encoding: 'utf8', timeout: 1_100_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`harness.py failed (${r.status ?? r.signal}): ${r.stderr.slice(-4000)}`);
  trl = JSON.parse(readFileSync(join(dir, 'trl.json'), 'utf8'));
  console.log(`TRL parity: harness.py ran ${cases.length} cases in ${trl.seconds.toFixed(1)} s with ${JSON.stringify(trl.versions)}`);
}, 1_200_000);


afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
describe.skipIf(!!py.skip)("the studio against TRL's DPOTrainer, run directly", () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.arms.map((a) => a.name).join(', ')}`, { timeout: 900_000 }, async () => {
      // wasm, the studio's CPU backend: float32 like tfjs's cpu backend, which takes minutes a step at 152k columns.
      const studio = await runStudio(models[c.model], dataFiles[c.name], studioConfig(c), 'wasm');
      const cmp = compareCase(c.name, studio, trl.cases[c.name], TOL);
      const worst = Object.entries(cmp.worst).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ');
      console.log(`TRL parity ${c.name}: ${cmp.compared} values; worst relative: ${worst}${cmp.missing.length ? `; TRL logs, the studio not: ${cmp.missing.join(', ')}` : ''}`);
      expect(cmp.failures, cmp.failures.slice(0, 40).join('\n')).toEqual([]);
      expect(cmp.compared).toBeGreaterThan(0);
    });
  }
});
