// PsBiasGelu / PsBiasGeluGrad on wasm against the cpu composite (gelu(x + b), tfjs's own ops), forward and both gradients.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../index';
import { biasGelu } from '../../model/ops';
import { onBoth, rand, startNodeWasm, valueAndGrads, worstRel } from './testUtil';

// Eigen's rational tanh is a few float32 ulps from tanh; dbias sums up to 33 rows.
const TOL = 1e-5;

beforeAll(async () => {
  await startNodeWasm();
  setFusedKernels(true);
});

describe('wasm fused bias + gelu_new', () => {
  it('matches the cpu composite on odd row counts, wide inputs (tanh clamped) and f = 4, 8, 36', async () => {
    for (const [rows, f, std] of [[1, 4, 1], [17, 8, 3], [33, 36, 6], [5, 4, 20]]) {
      const { cpu, wasm } = await onBoth(() => valueAndGrads((x, b) => biasGelu(x, b, 'gelu_new'), [rand(rows + f, [rows, f], std), rand(f, [f], std)]));
      expect(worstRel(wasm, cpu), `[${rows}, ${f}] std ${std}`).toBeLessThan(TOL);
    }
  });

  it('is taken for f a multiple of 4 (one kernel forward) and not otherwise (composite, still exact)', async () => {
    await tf.setBackend('wasm');
    const names = async (f: number) => (await tf.profile(() => tf.tidy(() => void biasGelu(tf.ones([3, f]), tf.ones([f]), 'gelu_new')))).kernels.map((k) => k.name);
    const fused = await names(8);
    expect(fused).toContain('PsBiasGelu');
    expect(fused).not.toContain('Tanh');
    expect(await names(6)).not.toContain('PsBiasGelu');
    const { cpu, wasm } = await onBoth(() => valueAndGrads((x, b) => biasGelu(x, b, 'gelu_new'), [rand(2, [3, 6], 2), rand(3, [6], 2)]));
    expect(worstRel(wasm, cpu)).toBeLessThan(TOL);
  });
});
