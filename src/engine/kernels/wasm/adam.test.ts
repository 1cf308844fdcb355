// StudioAdamMulti on wasm against the composite Adam (the fast kernels off) on the same weights and gradients.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../index';
import { Optimizer, type OptimizerConfig } from '../../train/optimizer';
import { setWasmKernelsOff } from './backend';
import { rand, startNodeWasm, worstRel } from './testUtil';

// Float64 arithmetic in JS against float32 tfjs ops: a few ulps on each of 3 steps.
const TOL = 2e-6;

beforeAll(async () => {
  await startNodeWasm();
});

const shapes = [[17, 3], [3], [1, 1], [640]];

/** Three updates from fixed weights and gradients; the weights and the state after, and the reported norms/finiteness. */
async function threeSteps(fused: boolean, cfg: OptimizerConfig, badGrad = false) {
  setFusedKernels(fused);
  try {
    const params = Object.fromEntries(shapes.map((s, i) => [`w${i}`, tf.tidy(() => tf.variable(tf.tensor(rand(i + 1, s).data, s), true))]));
    const opt = new Optimizer(params, cfg);
    const norms: number[] = [];
    const finites: number[] = [];
    for (let step = 0; step < 3; step++) {
      const grads = tf.tidy(() => Object.fromEntries(shapes.map((s, i) => [`w${i}`, tf.tensor(rand(10 * step + i, s, 0.5 + i).data.map((v, j) => (badGrad && step === 2 && i === 1 && j === 0 ? Infinity : v)), s)])));
      const u = opt.prepare(grads, 1e-2);
      norms.push((await u.norm.data())[0]);
      finites.push((await u.finite.data())[0]);
      u.commit();
      tf.dispose([u.norm, u.finite, ...Object.values(grads)]);
    }
    const state = await opt.exportState();
    const out = [...(await Promise.all(Object.values(params).map(async (p) => Float32Array.from(await p.data())))), ...Object.values(state.m).map((x) => x.data), ...Object.values(state.v).map((x) => x.data)];
    opt.dispose();
    tf.dispose(Object.values(params));
    return { out, norms, finites };
  } finally {
    setFusedKernels(true);
  }
}

describe('wasm StudioAdamMulti', () => {
  it('is registered and taken while the fast kernels are on', async () => {
    expect(tf.getKernel('StudioAdamMulti', 'wasm')).toBeDefined();
    const p = { w: tf.tidy(() => tf.variable(tf.ones([3]), true)) };
    const opt = new Optimizer(p, { kind: 'adam' });
    const prof = await tf.profile(() => tf.tidy(() => void opt.apply({ w: tf.ones([3]) }, 1e-3)));
    expect(prof.kernels.map((k) => k.name)).toEqual(['StudioAdamMulti']);
    setWasmKernelsOff(['StudioAdamMulti']);
    const plain = await tf.profile(() => tf.tidy(() => void opt.apply({ w: tf.ones([3]) }, 1e-3)));
    setWasmKernelsOff([]);
    expect(plain.kernels.length).toBeGreaterThan(5);
    opt.dispose();
    tf.dispose(Object.values(p));
  });

  for (const [label, cfg] of [
    ['plain', { kind: 'adam' }],
    ['weight decay and clipping (clip active)', { kind: 'adam', weightDecay: 0.1, clipNorm: 1 }],
    ['clipping inactive', { kind: 'adam', clipNorm: 1e6, beta1: 0.8, beta2: 0.99, eps: 1e-6 }],
  ] as [string, OptimizerConfig][]) {
    it(`matches the composite over 3 steps: ${label}`, async () => {
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const fast = await threeSteps(true, cfg);
      const plain = await threeSteps(false, cfg);
      expect(worstRel(fast.out, plain.out)).toBeLessThan(TOL);
      expect(worstRel([fast.norms], [plain.norms])).toBeLessThan(TOL);
      expect(fast.finites).toEqual([0, 0, 0]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('flags a non-finite update like the composite (NaN finiteness)', async () => {
    await tf.setBackend('wasm');
    const fast = await threeSteps(true, { kind: 'adam' }, true);
    const plain = await threeSteps(false, { kind: 'adam' }, true);
    expect(fast.finites.slice(0, 2)).toEqual([0, 0]);
    expect(fast.finites[2]).toBeNaN();
    expect(plain.finites[2]).toBeNaN();
  });
});
