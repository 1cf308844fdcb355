// Every kernel kernels/wasm registers, forward and gradient, against the cpu backend on odd shapes (1, 3, 17).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../index';
import { embedTokens } from '../../model/ops';
import { onBoth, rand, readBack, startNodeWasm, valueAndGrads, worstRel } from './testUtil';
import type { WasmBackend } from './backend';
import { heapKernels } from './heapKernels';

const TOL = 1e-4;

beforeAll(async () => {
  await startNodeWasm();
  setFusedKernels(true);
});

describe('wasm kernels vs cpu', () => {
  it('registers the replacements and the missing gather gradient', () => {
    for (const k of ['BatchMatMul', 'Pow', 'Equal', 'Sum']) expect((tf.getKernel(k, 'wasm') as { psFast?: boolean }).psFast, k).toBe(true);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('BatchMatMul with every transpose combination, batched and broadcast', async () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[1, 1], [1, 1], true, true],
      [[3, 17], [17, 1], false, false],
      [[3, 17], [1, 17], false, true],
      [[17, 3], [17, 1], true, false],
      [[17, 3], [1, 17], true, true],
      [[2, 3, 5, 17], [2, 3, 1, 17], false, true],
      [[3, 17, 5], [3, 17, 1], true, false],
      [[17, 1, 3], [17, 3, 17], false, false], // batched: one XNNPACK call per slice
      [[3, 17, 17], [3, 17, 3], false, false],
      [[1, 3, 17, 3], [1, 3, 1, 3], false, true],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const ins = [rand(sa.length + sa[0], sa), rand(sb.length + sb[1], sb)];
      const { cpu, wasm } = await onBoth(() => valueAndGrads((a, b) => tf.matMul(a, b, ta, tb), ins));
      expect(worstRel(wasm, cpu), `${sa} ${sb} ${ta} ${tb}`).toBeLessThan(TOL);
    }
    // Broadcast batch dims: forward only (tfjs's own BatchMatMul gradient rejects them on every backend).
    const a = rand(5, [3, 17, 5]);
    const b = rand(6, [1, 3, 17]);
    const { cpu, wasm } = await onBoth(() => readBack(() => tf.matMul(tf.tensor(a.data, a.shape), tf.tensor(b.data, b.shape), true, true)));
    expect(worstRel([wasm], [cpu])).toBeLessThan(TOL);
  });

  it('Pow with small integer exponents (fast) and others (tfjs), with gradients', async () => {
    for (const e of [2, 3, 4, 0, 1, 2.5]) {
      for (const s of [[1], [3], [17, 3]]) {
        const x = rand(e * 10 + s[0], s, 2);
        if (e === 2.5) x.data.forEach((v, i) => (x.data[i] = Math.abs(v) + 0.1)); // fractional powers need x > 0
        const { cpu, wasm } = await onBoth(() => valueAndGrads((a) => tf.pow(a, e), [x]));
        expect(worstRel(wasm, cpu), `e=${e} ${s}`).toBeLessThan(TOL);
      }
    }
  });

  it('broadcasting Equal, and the logSumExp gradient that uses it', async () => {
    const pairs: [number[], number[]][] = [[[17, 3], [17, 1]], [[3], [17, 3]], [[1], [3, 1, 17]], [[1, 1], [1]]];
    for (const [sa, sb] of pairs) {
      const a = rand(sa.length * 7 + sa[0], sa);
      const b = rand(sb.length * 5 + sb[0], sb);
      // Make some elements equal so both outcomes occur.
      a.data[0] = b.data[0];
      const { cpu, wasm } = await onBoth(() => readBack(() => tf.equal(tf.tensor(a.data, a.shape), tf.tensor(b.data, b.shape))));
      expect(wasm, `${sa} vs ${sb}`).toEqual(cpu);
      expect(cpu).toContain(1);
    }
    for (const s of [[1, 1], [3, 17], [17, 3]]) {
      const { cpu, wasm } = await onBoth(() => valueAndGrads((x) => tf.logSumExp(x, -1), [rand(s[0] + s[1], s, 3)]));
      expect(worstRel(wasm, cpu), `${s}`).toBeLessThan(TOL);
    }
  });

  it('builds the heap kernels on this heap (else Sum and Adam would test their fallbacks)', () => {
    expect(heapKernels(tf.backend() as unknown as WasmBackend)).not.toBeNull();
  });

  it('Sum over leading axes (fast) and others (tfjs), keepDims both ways, with gradients', async () => {
    const cases: [number[], number | number[]][] = [[[640, 17], 0], [[17, 3], 0], [[3, 17], [0]], [[1, 3, 17], [0, 1]], [[3, 1, 17], [1, 0]], [[17, 3, 1], -1], [[3, 17], [0, 1]], [[3, 5, 17], 1]];
    for (const [s, axis] of cases) {
      for (const keep of [false, true]) {
        const { cpu, wasm } = await onBoth(() => valueAndGrads((x) => tf.sum(x, axis, keep), [rand(s[0] + s[1], s)]));
        expect(worstRel(wasm, cpu), `${s} axis ${axis} keep ${keep}`).toBeLessThan(TOL);
      }
    }
  });

  it('UnsortedSegmentSum: repeats, dropped out-of-range ids, int32 values', async () => {
    const x = rand(4, [17, 3]);
    const ids = Int32Array.from({ length: 17 }, (_, i) => [0, 2, 2, -1, 5, 1][i % 6]); // 5 ≥ numSegments and -1 are dropped
    const run = (dtype: 'float32' | 'int32') =>
      readBack(() => tf.unsortedSegmentSum(tf.tensor(dtype === 'int32' ? x.data.map((v) => Math.round(v * 10)) : x.data, x.shape, dtype), tf.tensor1d(ids, 'int32'), 3));
    for (const dtype of ['float32', 'int32'] as const) {
      const { cpu, wasm } = await onBoth(() => run(dtype));
      expect(worstRel([wasm], [cpu]), dtype).toBeLessThan(TOL);
    }
    const { wasm } = await onBoth(() => run('int32'));
    expect(wasm.length).toBe(9);
  });

  it('gather and its gradient (the embedding), with repeated ids', async () => {
    for (const [V, d, n] of [[1, 1, 1], [3, 17, 3], [17, 3, 17]]) {
      const w = rand(V * 3 + d, [V, d]);
      const idx = Int32Array.from({ length: n }, (_, i) => (i * 7) % V);
      const { cpu, wasm } = await onBoth(() => valueAndGrads((x) => tf.gather(x, tf.tensor1d(idx, 'int32')), [w]));
      expect(worstRel(wasm, cpu), `V${V} d${d} n${n}`).toBeLessThan(TOL);
    }
  });

  it('embedTokens takes the gather path on wasm and matches cpu', async () => {
    const w = rand(8, [17, 3]);
    const ids = Int32Array.from({ length: 3 * 5 }, (_, i) => (i * 5) % 17);
    const f = (x: tf.Tensor) => embedTokens(x, tf.tensor2d(ids, [3, 5], 'int32'));
    const { cpu, wasm } = await onBoth(() => valueAndGrads(f, [w]));
    expect(worstRel(wasm, cpu)).toBeLessThan(TOL);
    await tf.setBackend('wasm');
    const p = await tf.profile(() => tf.tidy(() => f(tf.tensor(w.data, w.shape))));
    expect(p.kernels.map((k) => k.name)).toContain('GatherV2');
  });

  it('setFusedKernels(false) runs tfjs kernels and agrees with the fast ones', async () => {
    await tf.setBackend('wasm');
    const ins = [rand(1, [17, 3]), rand(2, [1, 3])];
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.pow(tf.matMul(a, b, false, true), 3);
    const fast = await valueAndGrads(f, ins);
    setFusedKernels(false);
    try {
      expect(worstRel(await valueAndGrads(f, ins), fast)).toBeLessThan(TOL);
    } finally {
      setFusedKernels(true);
    }
  });
});
