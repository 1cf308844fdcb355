// The Tanh, GatherV2, SplitV, Concat and Identity replacements, forward and gradient, against the cpu backend and against tfjs's own wasm kernels.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../index';
import { onBoth, rand, readBack, startNodeWasm, valueAndGrads, worstRel } from './testUtil';

// Copies are exact; tanh as 2·σ(2x) − 1 is within 2e-7 absolute of tanh (|tanh| ≤ 1, so worstRel's scale is ~1).
const EXACT = 0;
const TANH_TOL = 5e-7;

beforeAll(async () => {
  await startNodeWasm();
  setFusedKernels(true);
});

/** The same body with the replacements on and with tfjs's own wasm kernels. */
async function fastAndPlain<T>(body: () => Promise<T>): Promise<{ fast: T; plain: T }> {
  await tf.setBackend('wasm');
  const fast = await body();
  setFusedKernels(false);
  try {
    return { fast, plain: await body() };
  } finally {
    setFusedKernels(true);
  }
}

describe('wasm Tanh, GatherV2, SplitV, Concat, Identity', () => {
  it('are registered as replacements', () => {
    for (const k of ['Tanh', 'GatherV2', 'SplitV', 'Concat', 'Identity']) expect((tf.getKernel(k, 'wasm') as { psFast?: boolean }).psFast, k).toBe(true);
  });

  it('Tanh over a wide range (and gelu_new, which uses it), with gradients', async () => {
    for (const s of [[1], [3, 17], [640, 5]]) {
      const x = rand(s[0] + 3, s, 4);
      x.data[0] = 30;
      if (x.data.length > 1) x.data[1] = -1e-6;
      const { cpu, wasm } = await onBoth(() => valueAndGrads((a) => tf.tanh(a), [x]));
      expect(worstRel(wasm, cpu), `${s}`).toBeLessThan(TANH_TOL);
      const gelu = (a: tf.Tensor) => tf.mul(tf.mul(a, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(a, tf.mul(0.044715, tf.pow(a, 3)))))));
      const g = await fastAndPlain(() => valueAndGrads(gelu, [x]));
      expect(worstRel(g.fast, g.plain), `gelu ${s}`).toBeLessThan(4 * TANH_TOL);
    }
  });

  it('GatherV2 on every axis, repeated ids, 2-d indices, int32 values, with gradients', async () => {
    const cases: [number[], number, number[]][] = [[[17, 3], 0, [4]], [[3, 17], 1, [5]], [[2, 3, 5], 1, [2, 2]], [[1, 1], 0, [3]], [[5, 4, 3], 2, [1]]];
    for (const [s, axis, is] of cases) {
      const w = rand(s[0] * 5 + axis, s);
      const idx = Int32Array.from({ length: is.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7) % s[axis]);
      const f = (x: tf.Tensor) => tf.gather(x, tf.tensor(idx, is, 'int32'), axis);
      const { cpu, wasm } = await onBoth(() => valueAndGrads(f, [w]));
      expect(worstRel(wasm, cpu), `${s} axis ${axis}`).toBeLessThanOrEqual(EXACT + 1e-7);
      const ints = await fastAndPlain(() => readBack(() => tf.gather(tf.tensor(w.data.map((v) => Math.round(v * 10)), s, 'int32'), tf.tensor(idx, is, 'int32'), axis)));
      expect(ints.fast).toEqual(ints.plain);
    }
  });

  it('GatherV2 with an out-of-range index still throws (tfjs checks it)', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([0, 3], 'int32')))).toThrow(/not in \[0, 2\]/);
  });

  it('SplitV: equal and sized pieces (one empty, one -1) on every axis, with gradients', async () => {
    const cases: [number[], number | number[], number][] = [[[17, 9], 3, 1], [[17, 9], [2, 0, -1], 1], [[6, 5], [1, 5], 0], [[2, 9, 3], [4, 5], 1], [[2, 3, 6], 2, -1]];
    for (const [s, splits, axis] of cases) {
      const x = rand(s[0] + s[1], s);
      const f = (a: tf.Tensor) => tf.concat(tf.split(a, splits, axis).map((p, i) => tf.mul(p, i + 1)), axis);
      const { cpu, wasm } = await onBoth(() => valueAndGrads(f, [x]));
      expect(worstRel(wasm, cpu), `${s} ${splits} axis ${axis}`).toBeLessThanOrEqual(EXACT + 1e-7);
      const shapes = await fastAndPlain(async () => tf.tidy(() => tf.split(tf.tensor(x.data, s), splits, axis).map((p) => p.shape)));
      expect(shapes.fast).toEqual(shapes.plain);
    }
  });

  it('Concat: pieces of different widths on every axis (one empty), rank 1, int32 and bool, equal to cpu', async () => {
    const cases: [number[][], number][] = [[[[17, 3], [17, 5], [17, 0], [17, 1]], 1], [[[2, 4], [5, 4]], 0], [[[2, 3, 1], [2, 3, 4]], -1], [[[2, 1, 3], [2, 4, 3]], 1], [[[3], [7]], 0]];
    for (const [shapes, axis] of cases) {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const make = () => shapes.map((sh, i) => tf.tensor(rand(i + 1, sh, 3).data.map((v) => (dtype === 'bool' ? +(v > 0) : dtype === 'int32' ? Math.round(v) : v)), sh, dtype));
        const { cpu, wasm } = await onBoth(async () => readBack(() => tf.concat(make(), axis)));
        expect(wasm, `${JSON.stringify(shapes)} axis ${axis} ${dtype}`).toEqual(cpu);
      }
    }
  });

  it('Identity shares the buffer: either copy outlives the other, the buffer goes with the last, gradients pass', async () => {
    await tf.setBackend('wasm');
    const live = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();
    const ids = live();
    const x = tf.tensor([1, 2, 3]);
    const y = tf.clone(x);
    expect(live()).toBe(ids + 1);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    expect(live()).toBe(ids);
    const w = rand(3, [3, 17]);
    const { cpu, wasm } = await onBoth(() => valueAndGrads((a) => tf.mul(tf.clone(a), a), [w]));
    expect(worstRel(wasm, cpu)).toBeLessThanOrEqual(1e-7);
  });

  it('leave tf.memory() flat', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(rand(1, [17, 9]).data, [17, 9]);
    const before = tf.memory().numTensors;
    const live = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();
    const ids = live();
    for (let i = 0; i < 3; i++) tf.tidy(() => void [tf.tanh(x), tf.clone(x), tf.gather(x, tf.tensor1d([1, 1, 16], 'int32')), ...tf.split(x, 3, 1)]);
    // Nothing left behind in the engine or in the backend's own registry (Tanh's 2x scratch is freed).
    expect(live()).toBe(ids);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
