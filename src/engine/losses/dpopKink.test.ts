import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { resolveArmLoss } from './armLosses';
import { armLoss } from './combine';
import { hingeAtKink } from './terms/margin';
import type { LossInputs } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Step 1: policy = reference for every pair (pc = rc, pl = rl), so δ = 0 and the penalty sits at its kink.
const step1 = (rc: number[], rl: number[]): LossInputs => ({
  pc: tf.tensor1d(rc), pl: tf.tensor1d(rl), rc: tf.tensor1d(rc), rl: tf.tensor1d(rl),
  lenC: tf.tensor1d(rc.map(() => 4)), lenL: tf.tensor1d(rl.map(() => 4)),
});

/** d(mean over pairs of the arm's loss)/d(pc, pl), at step 1. */
function grads(types: ('dpop' | 'sigmoid')[], hyper: { beta: number; dpop_lambda: number; dpop_kink_gradient?: number }, x: LossInputs) {
  const loss = armLoss(resolveArmLoss({ losses: types.map((type) => ({ type })), ...hyper }));
  const [gc, gl] = tf.grads((pc: tf.Tensor, pl: tf.Tensor) => tf.mean(loss({ ...x, pc: pc as tf.Tensor1D, pl: pl as tf.Tensor1D })))([x.pc, x.pl]);
  return { c: Array.from(gc.dataSync()), l: Array.from(gl.dataSync()) };
}

describe('DPOP penalty gradient at the kink (policy = reference)', () => {
  const rc = [-12.5, -3.25, -40];
  const rl = [-20, -7.5, -41];
  const beta = 0.1;
  const lambda = 50;
  const N = rc.length;
  // Closed form: L = −log σ(z), z = β(δ − λ·h(rc − pc)), δ = 0 and h = 0 at step 1, so ∂L/∂z = −σ(0) = −½;
  // ∂z/∂pc = β(1 + λ·h'(0)) with h'(0) = g, ∂z/∂pl = −β; each pair's gradient carries the mean's 1/N.
  const expectedChosen = (g: number) => (-0.5 * beta * (1 + lambda * g)) / N;

  it('is 0 with dpop_kink_gradient 0 (relu, the default): the first update is exactly DPO\'s', () => {
    const dpop = grads(['dpop'], { beta, dpop_lambda: lambda }, step1(rc, rl));
    const dpo = grads(['sigmoid'], { beta, dpop_lambda: lambda }, step1(rc, rl));
    for (let i = 0; i < N; i++) {
      expect(dpop.c[i]).toBeCloseTo(expectedChosen(0), 7);
      expect(dpop.c[i] - dpo.c[i]).toBe(0); // the penalty's own share
      expect(dpop.l[i]).toBeCloseTo((0.5 * beta) / N, 7);
    }
  });

  it('equals the closed form −βλ·g/(2N) with dpop_kink_gradient 1 (clamp(min=0)) and ½ (torch.maximum)', () => {
    for (const g of [1, 0.5]) {
      const dpop = grads(['dpop'], { beta, dpop_lambda: lambda, dpop_kink_gradient: g }, step1(rc, rl));
      const dpo = grads(['sigmoid'], { beta, dpop_lambda: lambda }, step1(rc, rl));
      for (let i = 0; i < N; i++) {
        expect(dpop.c[i]).toBeCloseTo(expectedChosen(g), 6);
        expect(dpop.c[i] - dpo.c[i]).toBeCloseTo((-0.5 * beta * lambda * g) / N, 6);
        expect(dpop.l[i]).toBeCloseTo((0.5 * beta) / N, 7); // the rejected side never sees the penalty
      }
    }
  });

  it('the loss value is the same under every setting (only the gradient at x = 0 changes)', () => {
    const x = { ...step1(rc, rl), pc: tf.tensor1d([-12.5, -4, -39]) }; // at, below and above the reference
    const val = (g: number) => Array.from(armLoss(resolveArmLoss({ losses: [{ type: 'dpop' }], beta, dpop_lambda: lambda, dpop_kink_gradient: g }))(x).dataSync());
    expect(val(1)).toEqual(val(0));
    expect(val(0.5)).toEqual(val(0));
  });
});

describe('hingeAtKink', () => {
  it('is relu in value, with gradient 1 above 0, 0 below and g at exactly 0', () => {
    const xs = [-2, -1e-7, 0, 1e-7, 3];
    for (const g of [0, 0.5, 1]) {
      const x = tf.tensor1d(xs);
      // + 0 folds x·0 = −0 for negative x into 0; −0 and 0 are equal as penalties.
      expect(Array.from(hingeAtKink(x, g).dataSync(), (v) => v + 0)).toEqual(Array.from(tf.relu(x).dataSync()));
      const d = Array.from(tf.grad((t: tf.Tensor) => tf.sum(hingeAtKink(t as tf.Tensor1D, g)))(x).dataSync());
      expect(d).toEqual([0, 0, g, 1, 1]);
    }
  });
});
