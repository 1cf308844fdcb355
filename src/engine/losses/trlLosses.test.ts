import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { armLoss, termValues, type ArmLossInputs } from './combine';
import { resolveArmLoss } from './armLosses';
import { LOSS_TYPES, type ArmLossSpec, type FDivergence, type LossType } from './lossTypes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, 'testdata', 'trl_losses_golden.json');
interface Golden {
  inputs: Record<'pc' | 'pl' | 'rc' | 'rl' | 'lenC' | 'lenL', number[]>;
  wpo: number[];
  cases: { type: LossType; params: Omit<ArmLossSpec, 'losses'>; perPair: number[]; mean: number }[];
}
const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;

type Pair = { pc: number; pl: number; rc: number; rl: number; lenC: number; lenL: number };
function inputsOf(p: Record<keyof Pair, number[]>, wpo?: number[]): ArmLossInputs {
  const t = (k: keyof Pair) => tf.tensor1d(p[k]);
  return { pc: t('pc'), pl: t('pl'), rc: t('rc'), rl: t('rl'), lenC: t('lenC'), lenL: t('lenL'), ...(wpo ? { wpo: tf.tensor1d(wpo) } : {}) };
}
const spec = (type: LossType, o: Partial<ArmLossSpec> = {}): ArmLossSpec => resolveArmLoss({ ...o, losses: [{ type }], label_smoothing: o.label_smoothing ?? 0.1 });

function perPair(s: ArmLossSpec, x: ArmLossInputs): number[] {
  return tf.tidy(() => Array.from(armLoss(s)(x).dataSync()));
}

/** |a − b| ≤ tol·max(1, |b|): float32 against float64. */
function close(a: number, b: number, tol: number) {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe('TRL 1.9 loss types against the float64 numpy table (testdata/trl_losses.py)', () => {
  it('covers every loss type under every f-divergence', () => {
    for (const t of LOSS_TYPES) for (const f of ['reverse_kl', 'forward_kl', 'js_divergence', 'alpha_divergence'])
      expect(golden.cases.some((c) => c.type === t && c.params.f_divergence_type === f), `${t} ${f}`).toBe(true);
  });
  it('every case within 1e-6 (relative above 1)', () => {
    const before = tf.memory().numTensors;
    for (const c of golden.cases) {
      const x = inputsOf(golden.inputs, c.params.use_weighting ? golden.wpo : undefined);
      const got = perPair({ ...c.params, f_divergence_type: c.params.f_divergence_type as FDivergence, losses: [{ type: c.type, weight: 1 }] }, x);
      tf.dispose(Object.values(x));
      got.forEach((v, i) => close(v, c.perPair[i], 1e-6));
    }
    expect(tf.memory().numTensors).toBe(before);
  });
  const py = '/usr/bin/python3';
  const hasNumpy = existsSync(py) && spawnSync(py, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasNumpy)('the committed table is what the generator writes now', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trl-losses-')), 'golden.json');
    const r = spawnSync(py, [join(HERE, 'testdata', 'trl_losses.py'), out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const fresh = JSON.parse(readFileSync(out, 'utf8')) as Golden;
    expect(fresh.cases.length).toBe(golden.cases.length);
    // Another torch or BLAS differs in the last digits: 1e-9 relative.
    fresh.cases.forEach((c, i) => c.perPair.forEach((v, j) => expect(Math.abs(v - golden.cases[i].perPair[j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(golden.cases[i].perPair[j])))));
  });
});

const one = (q: Pair): Record<keyof Pair, number[]> => ({ pc: [q.pc], pl: [q.pl], rc: [q.rc], rl: [q.rl], lenC: [q.lenC], lenL: [q.lenL] });
const AT_ZERO: Pair = { pc: -5, pl: -7, rc: -5, rl: -7, lenC: 2, lenL: 3 };

describe('closed forms', () => {
  const L2 = Math.log(2);
  // At z = 0 (policy = reference) with β 0.1, ε 0.1, τ 0.05.
  const zero: Partial<Record<LossType, number>> = {
    sigmoid: L2,
    hinge: 1,
    ipo: 25,
    robust: L2,
    cdpo: L2,
    dpop: L2,
    bco_pair: 2 * L2,
    nca_pair: 2 * L2,
    sppo_hard: 50,
    apo_zero: 1,
    apo_down: 1,
    discopop: 0.5 * L2 + 0.5,
    sigmoid_norm: L2,
    aot: L2,
    aot_unpaired: L2,
    exo_pair: -0.5 * Math.log(0.9) - 0.5 * Math.log(0.1) - L2,
  };
  for (const [t, v] of Object.entries(zero)) it(`${t} at z = 0 is ${v.toFixed(4)}`, () => close(perPair(spec(t as LossType), inputsOf(one(AT_ZERO)))[0], v, 1e-6));

  it('large |z|: sigmoid → 0 / −βδ, hinge → 0 / 1 − βδ, discopop stays finite where exp(−βδ) overflows', () => {
    const big = (d: number): Pair => ({ pc: -5 + d, pl: -7, rc: -5, rl: -7, lenC: 2, lenL: 3 });
    close(perPair(spec('sigmoid'), inputsOf(one(big(1000))))[0], 0, 1e-6);
    close(perPair(spec('sigmoid'), inputsOf(one(big(-1000))))[0], 100, 1e-6);
    close(perPair(spec('hinge'), inputsOf(one(big(-1000))))[0], 101, 1e-6);
    expect(perPair(spec('hinge'), inputsOf(one(big(1000))))[0]).toBe(0);
    close(perPair(spec('robust', { label_smoothing: 0.2 }), inputsOf(one(big(1000))))[0], (-0.2 * 100) / 0.6, 1e-5);
    const d = perPair(spec('discopop'), inputsOf(one(big(-1000))))[0];
    expect(Number.isFinite(d)).toBe(true);
    close(d, 100, 1e-5); // the logistic part: the exponential one is weighted by σ(−2000) = 0
    close(perPair(spec('apo_zero'), inputsOf(one(big(1000))))[0], 0.5, 1e-6);
  });
});

describe('combinations and switches', () => {
  const x = () => inputsOf(golden.inputs);
  it('a weighted combination equals the weighted sum of its parts (mean)', () => {
    const combo = resolveArmLoss({ losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }] });
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const total = mean(perPair(combo, x()));
    const parts = combo.losses.map((t) => t.weight * mean(perPair({ ...combo, losses: [{ type: t.type, weight: 1 }] }, x())));
    close(total, parts.reduce((a, b) => a + b, 0), 1e-6);
    const terms = tf.tidy(() => termValues(combo, x()).map((t) => tf.mean(t).dataSync()[0]));
    terms.forEach((v, i) => close(combo.losses[i].weight * v, parts[i], 1e-6));
  });
  it('robust with label_smoothing 0 equals sigmoid', () => {
    const a = perPair(spec('robust', { label_smoothing: 0 }), x());
    perPair(spec('sigmoid'), x()).forEach((v, i) => close(a[i], v, 1e-7));
  });
  it('alpha_divergence with coefficient 1 is reverse_kl', () => {
    const a = perPair(spec('sigmoid', { f_divergence_type: 'alpha_divergence', f_alpha_divergence_coef: 1 }), x());
    perPair(spec('sigmoid'), x()).forEach((v, i) => close(a[i], v, 1e-7));
  });
  it('WPO weights multiply every term; off, they are ignored', () => {
    const w = golden.wpo;
    const on = perPair(spec('ipo', { use_weighting: true }), inputsOf(golden.inputs, w));
    const off = perPair(spec('ipo'), inputsOf(golden.inputs, w));
    off.forEach((v, i) => close(on[i], v * w[i], 1e-6));
  });
});

describe('gradients against finite differences (float64 closed form of the same inputs)', () => {
  const q: Pair = { pc: -10.3, pl: -12.1, rc: -10, rl: -11.5, lenC: 4, lenL: 5 };
  const types: LossType[] = LOSS_TYPES.filter((t) => t !== 'aot' && t !== 'aot_unpaired');
  for (const t of [...types, 'aot' as LossType]) {
    it(`${t}: d/dpc and d/dpl`, () => {
      const s = spec(t, { beta: 0.5, discopop_tau: 0.5, dpop_lambda: 5 });
      const f = (pc: number, pl: number) => perPair(s, inputsOf(one({ ...q, pc, pl })))[0];
      const h = 1e-2;
      const fdC = (f(q.pc + h, q.pl) - f(q.pc - h, q.pl)) / (2 * h);
      const fdL = (f(q.pc, q.pl + h) - f(q.pc, q.pl - h)) / (2 * h);
      const [gc, gl] = tf.tidy(() => {
        const x = inputsOf(one(q));
        // The zero term keeps pl connected for sft, which does not read it.
        const g = tf.grads((pc: tf.Tensor, pl: tf.Tensor) => tf.add(tf.mean(armLoss(s)({ ...x, pc: pc as tf.Tensor1D, pl: pl as tf.Tensor1D })), tf.mul(tf.sum(pl), 0)))([x.pc, x.pl]);
        return [g[0].dataSync()[0], g[1].dataSync()[0]];
      });
      // Central differences in float32 with h = 1e-2: agreement to 2e-3 absolute.
      expect(Math.abs(gc - fdC), `${gc} vs ${fdC}`).toBeLessThan(2e-3);
      expect(Math.abs(gl - fdL), `${gl} vs ${fdL}`).toBeLessThan(2e-3);
    });
  }
});
