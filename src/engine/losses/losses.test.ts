import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LOSS_INFO as LOSSES, LOSS_KINDS } from './lossTypeInfo';
import { fromLegacy, resolveArmLoss } from './armLosses';
import { armLoss } from './combine';
import { logOdds } from './terms/referenceFree';
import type { LossInputs, LossKind, LossParams } from './types';

// The legacy single-`loss` kinds as the app trains them: old config fields → TRL terms → the arm loss.
const legacyLoss = (kind: LossKind) => (x: LossInputs, p: Partial<LossParams>) => armLoss(resolveArmLoss(fromLegacy({ ...p, loss: kind })))(x);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Plain-JS closed forms, independent of tfjs.
const logSig = (z: number) => (z < 0 ? z - Math.log1p(Math.exp(z)) : -Math.log1p(Math.exp(-z)));
interface Pair { pc: number; pl: number; rc: number; rl: number; lc: number; ll: number }
const delta = (q: Pair) => q.pc - q.rc - (q.pl - q.rl);
const lo = (m: number) => m - Math.log(-Math.expm1(m));
const ref: Record<LossKind, (q: Pair, p: Required<LossParams>, batch: Pair[]) => number> = {
  dpo: (q, p) => -logSig(p.beta * delta(q)),
  dpop: (q, p) => -logSig(p.beta * (delta(q) - p.lambda * Math.max(0, q.rc - q.pc))),
  ipo: (q, p) => ((q.pc - q.rc) / q.lc - (q.pl - q.rl) / q.ll - 1 / (2 * p.beta)) ** 2,
  cdpo: (q, p) => -(1 - p.epsilon) * logSig(p.beta * delta(q)) - p.epsilon * logSig(-p.beta * delta(q)),
  slic: (q, p) => Math.max(0, 1 - p.beta * delta(q)),
  // RPO is TRL's sigmoid + α·sft: sft is the batch's token-mean chosen NLL, the same for every pair.
  rpo: (q, p, b) => -logSig(p.beta * delta(q)) + p.alpha * (-b.reduce((a, r) => a + r.pc, 0) / b.reduce((a, r) => a + r.lc, 0)),
  simpo: (q, p) => -logSig((p.beta * q.pc) / q.lc - (p.beta * q.pl) / q.ll - p.gamma),
  orpo: (q, p) => -q.pc / q.lc - p.alpha * logSig(lo(q.pc / q.lc) - lo(q.pl / q.ll)),
};

// pair 0: pc > rc, δ = 3; pair 1: pc < rc by 2, δ = 3; pair 2: everything equal, δ = 0.
const PAIRS: Pair[] = [
  { pc: -10, pl: -14, rc: -11, rl: -12, lc: 4, ll: 2 },
  { pc: -20, pl: -30, rc: -18, rl: -25, lc: 5, ll: 10 },
  { pc: -5, pl: -5, rc: -5, rl: -5, lc: 2, ll: 2 },
];

function inputs(pairs: Pair[]): LossInputs {
  const col = (k: keyof Pair) => tf.tensor1d(pairs.map((q) => q[k]));
  return { pc: col('pc'), pl: col('pl'), rc: col('rc'), rl: col('rl'), lenC: col('lc'), lenL: col('ll') };
}

const full = (kind: LossKind): Required<LossParams> =>
  ({ lambda: 50, epsilon: 0.1, alpha: 1, gamma: 0.5, ...LOSSES[kind].defaults }) as Required<LossParams>;

describe('each loss matches its closed form', () => {
  for (const kind of LOSS_KINDS) {
    it(kind, () => {
      const p = full(kind);
      const got = Array.from(legacyLoss(kind)(inputs(PAIRS), p).dataSync());
      expect(got).toHaveLength(3);
      PAIRS.forEach((q, i) => expect(got[i]).toBeCloseTo(ref[kind](q, p, PAIRS), 4));
    });
  }

  it('hand-checked literals', () => {
    const x = inputs(PAIRS);
    // DPO at δ = 0 is log 2; at δ = 3, β = 0.1: log(1 + e^-0.3).
    const dpo = legacyLoss('dpo')(x, { beta: 0.1 }).dataSync();
    expect(dpo[2]).toBeCloseTo(0.693147, 5);
    expect(dpo[0]).toBeCloseTo(0.554355, 5);
    // DPOP pair 1: β·(3 − 50·2) = −9.7 → softplus(9.7).
    expect(legacyLoss('dpop')(x, { beta: 0.1, lambda: 50 }).dataSync()[1]).toBeCloseTo(9.700061, 4);
    // SLiC pair 0: 1 − 0.1·3.
    expect(legacyLoss('slic')(x, { beta: 0.1 }).dataSync()[0]).toBeCloseTo(0.7, 6);
    // IPO pair 2: (0 − 1/0.2)² = 25.
    expect(legacyLoss('ipo')(x, { beta: 0.1 }).dataSync()[2]).toBeCloseTo(25, 4);
  });

  it('defaults are the documented ones', () => {
    expect(LOSSES.dpop.defaults).toEqual({ beta: 0.1, lambda: 50 });
    expect(LOSSES.simpo.defaults).toEqual({ beta: 2, gamma: 0.5 });
    expect(LOSSES.orpo.defaults.alpha).toBe(0.1);
    expect(LOSSES.cdpo.defaults.epsilon).toBe(0.1);
    expect(LOSSES.rpo.defaults.alpha).toBe(1);
    expect(LOSS_KINDS.filter((k) => !LOSSES[k].needsReference).sort()).toEqual(['orpo', 'simpo']);
  });

  it('an old config without hyperparameters trains with those defaults', () => {
    const r = (kind: LossKind) => resolveArmLoss(fromLegacy({ loss: kind }));
    expect([r('dpo').beta, r('dpop').dpop_lambda, r('simpo').beta, r('simpo').simpo_gamma, r('orpo').beta, r('cdpo').label_smoothing]).toEqual([0.1, 50, 2, 0.5, 0.1, 0.1]);
    expect(r('rpo').losses).toEqual([{ type: 'sigmoid', weight: 1 }, { type: 'sft', weight: 1 }]);
  });

  it('ORPO ignores β and SimPO ignores the reference', () => {
    const x = inputs(PAIRS);
    const a = legacyLoss('orpo')(x, { beta: 0.1, alpha: 0.1 }).dataSync();
    const b = legacyLoss('orpo')(x, { beta: 7, alpha: 0.1 }).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    const moved = inputs(PAIRS.map((q) => ({ ...q, rc: q.rc - 3, rl: q.rl + 2 })));
    expect(Array.from(legacyLoss('simpo')(moved, full('simpo')).dataSync())).toEqual(
      Array.from(legacyLoss('simpo')(x, full('simpo')).dataSync()),
    );
  });
});

describe('DPOP penalty', () => {
  const at = (pc: number) => inputs([{ pc, pl: -30, rc: -20, rl: -30, lc: 5, ll: 5 }]);
  const val = (kind: LossKind, pc: number) => legacyLoss(kind)(at(pc), { beta: 0.1, lambda: 50 }).dataSync()[0];

  it('equals DPO exactly while pc ≥ rc, differs as soon as pc < rc', () => {
    for (const pc of [-20, -19.5, -10]) expect(val('dpop', pc)).toBe(val('dpo', pc));
    for (const pc of [-20.01, -20.5, -25]) expect(val('dpop', pc)).toBeGreaterThan(val('dpo', pc));
    // pc = rc − 0.5: inner = δ − 50·0.5 = −0.5 − 25 → softplus(2.55).
    expect(val('dpop', -20.5)).toBeCloseTo(-logSig(0.1 * (-0.5 - 25)), 5);
  });

  it('λ = 0 reduces DPOP to DPO', () => {
    const x = at(-25);
    expect(legacyLoss('dpop')(x, { beta: 0.1, lambda: 0 }).dataSync()[0]).toBe(val('dpo', -25));
  });

  it('gradient on pc pushes chosen up harder than DPO when pc < rc, and matches when pc ≥ rc', () => {
    const gradPc = (kind: LossKind, pc: number) =>
      tf.grad((p: tf.Tensor) => {
        const x = at(pc);
        return tf.sum(legacyLoss(kind)({ ...x, pc: p as tf.Tensor1D }, { beta: 0.1, lambda: 50 }));
      })(tf.tensor1d([pc])).dataSync()[0];
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    // pc = −21: δ = −1, below reference by 1.
    const gDpo = gradPc('dpo', -21);
    const gDpop = gradPc('dpop', -21);
    expect(gDpo).toBeCloseTo(-0.1 * sig(0.1), 5); // −β·σ(−βδ)
    expect(gDpop).toBeCloseTo(-0.1 * 51 * sig(0.1 * 51), 4); // −β(1+λ)·σ(−β(δ − λ))
    expect(gDpop).toBeLessThan(gDpo);
    expect(gDpo).toBeLessThan(0);
    // pc = −19: above reference, no penalty, identical gradients.
    expect(gradPc('dpop', -19)).toBeCloseTo(gradPc('dpo', -19), 7);
  });
});

describe('numerical stability', () => {
  it('−log σ has the right gradient (tf.logSigmoid\'s own gradient throws in tfjs 4.22)', () => {
    const g = tf.grad((b: tf.Tensor) => tf.sum(legacyLoss('dpo')({ ...inputs(PAIRS.slice(0, 1)), pc: b as tf.Tensor1D }, { beta: 1 })));
    expect(g(tf.tensor1d([-10])).dataSync()[0]).toBeCloseTo(-1 / (1 + Math.exp(3)), 6); // −σ(−δ), δ = 3
  });

  const big = (d: number) => inputs([{ pc: 0, pl: -d, rc: 0, rl: 0, lc: 3, ll: 3 }]);
  for (const kind of LOSS_KINDS) {
    it(`${kind} stays finite with finite gradients at δ = ±1e4`, () => {
      for (const d of [1e4, -1e4]) {
        const x = big(d);
        const p = full(kind);
        const v = legacyLoss(kind)(x, p).dataSync();
        const g = tf.grads((pc: tf.Tensor, pl: tf.Tensor) =>
          tf.sum(legacyLoss(kind)({ ...x, pc: pc as tf.Tensor1D, pl: pl as tf.Tensor1D }, p)),
        )([x.pc, x.pl]);
        for (const t of [v, g[0].dataSync(), g[1].dataSync()]) expect(Number.isFinite(t[0])).toBe(true);
      }
    });
  }

  it('DPO at δ = −1e4 is β·1e4 and at δ = +1e4 is ~0', () => {
    expect(legacyLoss('dpo')(big(-1e4), { beta: 0.1 }).dataSync()[0]).toBeCloseTo(1000, 2);
    expect(legacyLoss('dpo')(big(1e4), { beta: 0.1 }).dataSync()[0]).toBeCloseTo(0, 6);
  });

  it('log odds is accurate near p = 1 and for tiny p', () => {
    const got = logOdds(tf.tensor1d([-1e-3, -0.5, -30])).dataSync();
    expect(got[0]).toBeCloseTo(lo(-1e-3), 3);
    expect(got[0]).toBeCloseTo(6.90726, 3); // p/(1−p) ≈ 999.5
    expect(got[1]).toBeCloseTo(lo(-0.5), 5);
    expect(got[2]).toBeCloseTo(-30, 5);
  });
});
