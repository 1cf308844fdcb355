// Gradient accumulation: G forward passes of B pairs make the same optimizer step as one pass of G·B pairs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { toHost } from '../model/params';
import type { ArmSpec } from './arm';
import { PreferenceRun } from './run';
import type { TrainingOptions } from './runTypes';
import { tokenizePairs } from './tokenizePairs';
import { dpoLoss, dpopLoss, tinyRunConfig, tinyPairs, tinyStart } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MAXLEN = 12;
const { items } = tokenizePairs(tinyPairs(10, 5), MAXLEN);
const arms: ArmSpec[] = [
  { name: 'dpo', loss: dpoLoss, params: { beta: 0.1 } },
  { name: 'dpop', loss: dpopLoss, params: { beta: 0.1, lambda: 50 } },
];

function run(tr: Partial<TrainingOptions>) {
  return new PreferenceRun({
    start: tinyStart(3),
    config: tinyRunConfig,
    family: gpt2Family,
    items,
    arms,
    training: { steps: 3, batchSize: 4, lr: 0.5, seed: 11, maxLength: MAXLEN, optimizer: 'sgd', clipNorm: 1, measurePeakAtStep: 0, ...tr },
  });
}

/** Runs to the end; returns each step's pairs, each arm's logged loss/reward metrics and the final weights. */
async function trace(r: PreferenceRun) {
  const steps: { batch: number[]; loss: number[]; chosen: number[]; gradNorm: number[] }[] = [];
  while (!r.done) {
    const s = await r.step();
    const m = s.arms.map((a) => a.metrics!);
    steps.push({ batch: s.batch, loss: m.map((x) => x.loss!), chosen: m.map((x) => x['rewards/chosen']!), gradNorm: m.map((x) => x.grad_norm!) });
  }
  const weights = await Promise.all(r.arms.map((a) => toHost(a.trainable)));
  r.dispose();
  return { steps, weights };
}

function maxRelDiff(a: number[], b: number[]) {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(1e-6, Math.abs(b[i]))));
}

function expectSameRun(a: Awaited<ReturnType<typeof trace>>, b: Awaited<ReturnType<typeof trace>>, tol: number) {
  expect(a.steps.map((s) => s.batch)).toEqual(b.steps.map((s) => s.batch));
  a.steps.forEach((s, i) => {
    expect(maxRelDiff(s.loss, b.steps[i].loss)).toBeLessThan(tol);
    expect(maxRelDiff(s.gradNorm, b.steps[i].gradNorm)).toBeLessThan(tol);
    expect(maxRelDiff(s.chosen, b.steps[i].chosen)).toBeLessThan(1e-3);
  });
  a.weights.forEach((w, j) => {
    for (const [k, t] of Object.entries(w)) {
      const o = b.weights[j][k].data;
      const d = Math.max(...t.data.map((x, i) => Math.abs(x - o[i])));
      expect(d, `${k}`).toBeLessThan(1e-5);
    }
  });
}

describe('gradient accumulation', () => {
  // SGD, as Adam turns float32 noise in gradients that are zero in exact arithmetic (the key bias) into whole steps.
  it('batch 2 × 2 passes and batch 1 × 4 passes equal batch 4 × 1 (SGD, clipping, 3 steps, DPO and DPOP)', async () => {
    const whole = await trace(run({ batchSize: 4 }));
    // The first step's loss is log 2 for every pair (policy = reference), so loss says nothing: the grad norm does.
    expect(whole.steps[0].gradNorm[0]).toBeGreaterThan(1e-4);
    expectSameRun(await trace(run({ batchSize: 2, gradientAccumulationSteps: 2 })), whole, 1e-4);
    expectSameRun(await trace(run({ batchSize: 1, gradientAccumulationSteps: 4 })), whole, 1e-4);
  });

  it('an uneven split (10 pairs as 3+3+3+1) weights each pass by its pairs, equal to one pass of 10', async () => {
    const whole = await trace(run({ batchSize: 10, steps: 2 }));
    const split = await trace(run({ batchSize: 3, gradientAccumulationSteps: 4, steps: 2 }));
    expect(split.steps[0].batch.length).toBe(10);
    expectSameRun(split, whole, 1e-4);
  });

  it('differs from taking the passes as separate steps (it is one update, not four)', async () => {
    const acc = await trace(run({ batchSize: 1, gradientAccumulationSteps: 4, steps: 1 }));
    const four = await trace(run({ batchSize: 1, steps: 4 }));
    const w = Object.keys(acc.weights[0]);
    const d = Math.max(...w.map((k) => Math.max(...acc.weights[0][k].data.map((x, i) => Math.abs(x - four.weights[0][k].data[i])))));
    expect(d).toBeGreaterThan(1e-3);
  });

  it('leaves the tensor count flat over steps', async () => {
    const r = run({ batchSize: 2, gradientAccumulationSteps: 3, steps: 5 });
    await r.step();
    const after1 = tf.memory().numTensors;
    while (!r.done) await r.step();
    expect(tf.memory().numTensors).toBe(after1);
    r.dispose();
  });
});
