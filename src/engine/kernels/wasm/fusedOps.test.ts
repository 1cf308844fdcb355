// The fused ops on wasm (bias + gelu_new, LayerNorm, RMSNorm, silu·up, rotary) against the cpu composites (tfjs's own ops), forward and every gradient.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../index';
import { biasGelu, layerNorm } from '../../model/ops';
import { applyRotary, rmsNorm, siluMul } from '../../model/families/blocks';
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
    expect(fused).toContain('StudioBiasGelu');
    expect(fused).not.toContain('Tanh');
    expect(await names(6)).not.toContain('StudioBiasGelu');
    const { cpu, wasm } = await onBoth(() => valueAndGrads((x, b) => biasGelu(x, b, 'gelu_new'), [rand(2, [3, 6], 2), rand(3, [6], 2)]));
    expect(worstRel(wasm, cpu)).toBeLessThan(TOL);
  });

  it('LayerNorm matches the cpu composite (rank 2 and 3, offset and wide rows, d = 4, 8, 36) with dx, dgamma, dbeta', async () => {
    for (const [shape, std] of [[[1, 4], 1], [[17, 8], 3], [[3, 5, 36], 0.5], [[33, 8], 40]] as [number[], number][]) {
      const d = shape[shape.length - 1];
      const x = rand(shape.length + d, shape, std);
      x.data.forEach((v, i) => (x.data[i] = v + 2 * std)); // a row mean far from 0, as residual streams have
      const { cpu, wasm } = await onBoth(() => valueAndGrads((xx, gg, bb) => layerNorm(xx, gg, bb, 1e-5), [x, rand(d, [d]), rand(d + 1, [d])]));
      expect(worstRel(wasm, cpu), `${shape} std ${std}`).toBeLessThan(TOL);
    }
  });

  it('LayerNorm takes the fused kernel for d a multiple of 4 and the composite otherwise', async () => {
    await tf.setBackend('wasm');
    const names = async (d: number) => (await tf.profile(() => tf.tidy(() => void layerNorm(tf.ones([3, d]), tf.ones([d]), tf.ones([d]), 1e-5)))).kernels.map((k) => k.name);
    expect(await names(8)).toContain('StudioLayerNorm');
    expect(await names(6)).not.toContain('StudioLayerNorm');
  });

  it('RMSNorm matches the cpu composite (rank 2 and 3, offset and wide rows) with dx and dw, fused only for d % 4 = 0', async () => {
    for (const [shape, std] of [[[1, 4], 1], [[17, 8], 3], [[3, 5, 36], 0.5], [[33, 8], 40], [[4, 6], 1]] as [number[], number][]) {
      const d = shape[shape.length - 1];
      const x = rand(shape.length + d, shape, std);
      x.data.forEach((v, i) => (x.data[i] = v + std));
      const { cpu, wasm } = await onBoth(() => valueAndGrads((xx, ww) => rmsNorm(xx, ww, 1e-6), [x, rand(d, [d])]));
      expect(worstRel(wasm, cpu), `${shape} std ${std}`).toBeLessThan(TOL);
    }
    const names = async (d: number) => (await tf.profile(() => tf.tidy(() => void rmsNorm(tf.ones([3, d]), tf.ones([d]), 1e-6)))).kernels.map((k) => k.name);
    expect(await names(8)).toContain('StudioRmsNorm');
    expect(await names(6)).not.toContain('StudioRmsNorm');
  });

  it('silu·up matches the cpu composite (wide gates: σ through the clamped tanh) with dgate and dup, fused only for d % 4 = 0', async () => {
    for (const [shape, std] of [[[1, 4], 1], [[17, 8], 3], [[3, 5, 36], 0.5], [[9, 12], 20], [[4, 6], 1]] as [number[], number][]) {
      const { cpu, wasm } = await onBoth(() => valueAndGrads((gg, uu) => siluMul(gg, uu), [rand(shape.length + 7, shape, std), rand(shape.length, shape)]));
      expect(worstRel(wasm, cpu), `${shape} std ${std}`).toBeLessThan(TOL);
    }
    const names = async (d: number) => (await tf.profile(() => tf.tidy(() => void siluMul(tf.ones([3, d]), tf.ones([3, d]))))).kernels.map((k) => k.name);
    expect(await names(8)).toContain('StudioSiluMul');
    expect(await names(6)).not.toContain('StudioSiluMul');
  });

  it('rotary matches the cpu composite with its gradient (full and partial rot), fused only for rot/2 and hd − rot % 4 = 0', async () => {
    const rotate = (shape: number[], rot: number) => {
      const [T, half] = [shape[1], rot / 2];
      const [c, sn] = [rand(T, [T, half]), rand(T + 1, [T, half])];
      return (xx: tf.Tensor) => applyRotary(xx as tf.Tensor4D, tf.tensor2d(c.data, c.shape as [number, number]), tf.tensor2d(sn.data, sn.shape as [number, number]), rot);
    };
    for (const [shape, rot] of [[[2, 3, 2, 8], 8], [[1, 5, 3, 16], 8], [[2, 4, 2, 32], 24], [[2, 4, 2, 6], 6]] as [number[], number][]) {
      const { cpu, wasm } = await onBoth(() => valueAndGrads(rotate(shape, rot), [rand(shape[3], shape)]));
      expect(worstRel(wasm, cpu), `${shape} rot ${rot}`).toBeLessThan(TOL);
    }
    const names = async (hd: number, rot: number) => (await tf.profile(() => tf.tidy(() => void rotate([1, 2, 1, hd], rot)(tf.ones([1, 2, 1, hd]))))).kernels.map((k) => k.name);
    expect(await names(8, 8)).toContain('StudioRotary');
    expect(await names(16, 8)).toContain('StudioRotary');
    expect(await names(6, 6)).not.toContain('StudioRotary');
    expect(await names(10, 8)).not.toContain('StudioRotary');
  });
});
