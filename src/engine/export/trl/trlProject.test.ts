// The TRL project export: files compile, losses.py equals the studio's DPO/DPOP, train.py's mapping without TRL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { parsePreferences } from '../../data';
import { armLoss, resolveArmLoss } from '../../losses';
import { DEFAULT_TARGETS } from '../../model/lora';
import { BatchSampler } from '../../train/sampler';
import { buildTrlProject, type ProjectFiles } from './project';
import { trainedPairs } from './pairs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../../../..');
const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const CONFIG = {
  version: 1,
  arms: [
    { name: 'DPO', loss: 'dpo', beta: 0.1 },
    { name: 'DPOP', loss: 'dpop', beta: 0.1, lambda: 50, adapter: { type: 'lora', r: 8, alpha: 16, dropout: 0.05, rslora: true } },
    { name: 'RPO', loss: 'rpo', beta: 0.2, alpha: 0.5 },
  ],
  training: { steps: 40, batchSize: 8, lr: 3e-4, warmupSteps: 4, clipNorm: 1, maxLength: 64, seed: 7, evalEvery: 10, logEvery: 2 },
};

function write(files: ProjectFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'trl-project-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

const python = (args: string[]) => {
  const r = spawnSync(PY, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${PY} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

let files: ProjectFiles;
let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const file = join(ROOT, 'public/data/math-low-edit.train.jsonl');
  const { pairs } = await parsePreferences(new Blob([readFileSync(file)]), { file });
  files = buildTrlProject({
    config: parseConfig(CONFIG),
    studioConfig: CONFIG,
    pairs: trainedPairs(pairs, 32),
    model: { default: 'HuggingFaceTB/SmolLM2-135M', bundled: false, source: 'test', hasChatTemplate: false },
  });
  dir = write(files);
});

describe('TRL project export', () => {
  it('writes the whole project, and every Python file compiles', () => {
    expect(Object.keys(files).sort()).toEqual([
      'README.md', 'accelerate/deepspeed_zero2.yaml', 'accelerate/multi_gpu.yaml', 'accelerate/single_gpu.yaml', 'data/order.json', 'data/train.jsonl',
      'dpop.py', 'losses.py', 'requirements.txt', 'studio_metrics.py', 'studio_run.json', 'train.py',
    ]);
    python(['-m', 'py_compile', ...['train.py', 'dpop.py', 'losses.py', 'studio_metrics.py'].map((f) => join(dir, f))]);
    expect(String(files['requirements.txt'])).toMatch(/^trl==1\.13\.0$/m);
    expect(String(files['README.md'])).toContain('accelerate launch --config_file accelerate/deepspeed_zero2.yaml train.py');
    const lines = String(files['data/train.jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(32);
    expect(Object.keys(lines[0])).toEqual(['prompt', 'chosen', 'rejected']);
  });

  it("train.py maps the studio's settings onto DPOConfig and LoraConfig without importing TRL", () => {
    const out = JSON.parse(python([join(HERE, 'testdata/check_mapping.py'), dir]));
    const dpo = out.world1.DPO;
    expect(dpo).toMatchObject({
      max_steps: 40, per_device_train_batch_size: 8, gradient_accumulation_steps: 1, learning_rate: 3e-4, warmup_steps: 4,
      lr_scheduler_type: 'constant_with_warmup', optim: 'adamw_torch', weight_decay: 0, max_grad_norm: 1, seed: 7, max_length: 64,
      logging_steps: 2, eval_strategy: 'steps', eval_steps: 10,  loss_type: ['sigmoid'], loss_weights: [1], beta: 0.1, ld_alpha: null,
    });
    // DPOP is a studio term (dpop.py); TRL's part runs at weight 0. RPO is TRL's sigmoid + sft with weights [1, alpha].
    expect(out.world1.DPOP).toMatchObject({ loss_type: ['sigmoid'], loss_weights: [0] });
    expect(out.world1.RPO).toMatchObject({ loss_type: ['sigmoid', 'sft'], loss_weights: [1, 0.5], beta: 0.2 });
    expect(out.arms.DPOP.hyper).toEqual({ beta: 0.1, dpop_lambda: 50, dpop_kink_gradient: 0, label_smoothing: 0 });
    expect(out.arms.DPOP.lora).toEqual({ r: 8, lora_alpha: 16, lora_dropout: 0.05, target_modules: DEFAULT_TARGETS.llama, use_rslora: true, bias: 'none', task_type: 'CAUSAL_LM' });
    expect(out.arms.DPO.lora).toBeNull();
    // The global batch of 8 pairs is kept over 8 processes: 1 a device, no accumulation.
    expect(out.world8.DPO).toMatchObject({ per_device_train_batch_size: 1, gradient_accumulation_steps: 1 });
    expect(out.world2.DPO).toMatchObject({ per_device_train_batch_size: 4, gradient_accumulation_steps: 1 });
    expect(out.quick).toEqual(expect.objectContaining({ arms: ['RPO'] }));
    expect(out.quick.kwargs).toMatchObject({ max_steps: 5, per_device_train_batch_size: 2, gradient_accumulation_steps: 1, eval_strategy: 'no' });
    expect(out.quick.kwargs.eval_steps).toBeUndefined();
    expect(out.model_default).toBe('HuggingFaceTB/SmolLM2-135M');
    // The studio's batches replayed: BatchSampler's first step, 3 steps × 8 rows in that order; --trl-order and --batch-size use the plain pairs.
    expect(out.order.first).toEqual(new BatchSampler(32, 8, 7, true).batchAt(0));
    expect(out.order).toMatchObject({ rows: 24, same: true, trl: 32, resized: 32 });
    expect(out.world1.DPO.train_sampling_strategy).toBe('sequential');
    expect(out.split).toEqual([[8, 1], [1, 1], [3, 1], [4, 1]]);
    expect(out.split_error).toMatch(/6 pairs a step cannot be split over 4 processes/);
    expect(out.bad_arm_exit).toBe(2);
    expect(out.default_targets).toEqual(DEFAULT_TARGETS);
    expect(out.row).toEqual({ arm: 'DPO', step: 3, split: 'train', loss: 0.5, lr: 3e-4, 'rewards/chosen': -0.2, 'rewards/rejected': -0.5, grad_norm: 2, 'delta/chosen': -2, 'delta/rejected': -5 });
    expect(out.eval_row).toEqual({ arm: 'DPO', step: 4, split: 'eval', eval_loss: 0.4, 'eval_rewards/chosen': 0.25, 'eval_delta/chosen': 2.5 });
    expect(out.summary_row).toBeNull();
  });

  it.skipIf(!hasTorch)("losses.py under PyTorch equals the studio's DPO and DPOP on a grid (1e-6)", async () => {
    // Policy chosen above and below the reference, so DPOP's penalty is both off and on.
    const pc: number[] = [], pl: number[] = [], rc: number[] = [], rl: number[] = [];
    for (const dc of [-3, -0.7, -0.01, 0, 0.02, 1.5]) for (const dl of [-4, -0.3, 0, 0.8]) for (const r of [-20, -2.5]) {
      rc.push(r); pc.push(Math.fround(r + dc)); rl.push(r - 3); pl.push(Math.fround(r - 3 + dl));
    }
    const cases = [
      { id: 'a', beta: 0.1, lambda: 50, epsilon: 0.1 },
      { id: 'b', beta: 0.5, lambda: 5, epsilon: 0.25 },
      { id: 'c', beta: 0.02, lambda: 0, epsilon: 0 },
    ];
    const gridFile = join(dir, 'grid.json');
    const kinks = [0, 0.5, 1];
    writeFileSync(gridFile, JSON.stringify({ pc, pl, rc, rl, cases, kinks }));
    const py = JSON.parse(python([join(HERE, 'testdata/check_losses.py'), dir, gridFile]));
    const x = { pc: tf.tensor1d(pc), pl: tf.tensor1d(pl), rc: tf.tensor1d(rc), rl: tf.tensor1d(rl), lenC: tf.ones([pc.length]) as tf.Tensor1D, lenL: tf.ones([pc.length]) as tf.Tensor1D };
    let worst = 0;
    for (const c of cases) {
      const studio = { dpo: await armLoss(resolveArmLoss({ losses: [{ type: 'sigmoid' }], beta: c.beta }))(x).data(), dpop: await armLoss(resolveArmLoss({ losses: [{ type: 'dpop' }], beta: c.beta, dpop_lambda: c.lambda }))(x).data() };
      for (const [kind, ours] of [['dpo', studio.dpo], ['dpop', studio.dpop], ['dpop_term', studio.dpop]] as const) {
        const theirs: number[] = py.out[c.id][kind];
        expect(theirs).toHaveLength(pc.length);
        theirs.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ours[i]))));
      }
    }
    expect(worst).toBeLessThan(1e-6);
    // dpop_kink_gradient reaches dpop.py: the gradient on pc agrees at, above and below pc == rc for each convention.
    let worstGrad = 0;
    for (const g of kinks) {
      const loss = armLoss(resolveArmLoss({ losses: [{ type: 'dpop' }], beta: 0.1, dpop_lambda: 50, dpop_kink_gradient: g }));
      const ours = await tf.grad((p: tf.Tensor) => tf.sum(loss({ ...x, pc: p as tf.Tensor1D })))(x.pc).data();
      const theirs: number[] = py.kink[String(g)];
      expect(theirs).toHaveLength(pc.length);
      theirs.forEach((v, i) => (worstGrad = Math.max(worstGrad, Math.abs(v - ours[i]))));
    }
    expect(worstGrad).toBeLessThan(1e-6);
    // Closed form of cDPO at the grid's first pair, as a check on the term dpop.py adds for cdpo arms.
    const d = pc[0] - rc[0] - (pl[0] - rl[0]);
    const ls = (z: number) => -Math.log1p(Math.exp(-z));
    expect(py.out.a.cdpo[0]).toBeCloseTo(-(0.9) * ls(0.1 * d) - 0.1 * ls(-0.1 * d), 12);
    tf.dispose(Object.values(x));
  });
});
