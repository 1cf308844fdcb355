// The generated GEMM through tf.matMul on wasm against the cpu backend: odd shapes (edge tiles in M, N and K blocks),
// every transpose combination, batches, and the switch that hands the product back to tfjs's kernel.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../../index';
import { setWasmKernelsOff } from '../backend';
import type { HeapBackend } from '../onHeap';
import { gemmFor } from './gemm';
import { onBoth, rand, readBack, startNodeWasm, worstRel } from '../testUtil';

// f32 sums of K products: relative error grows ~K·eps (eps 6e-8); 1e-5·max(1, K/64) bounds it with margin.
const tol = (K: number) => 1e-5 * Math.max(1, K / 64);

beforeAll(async () => {
  await startNodeWasm();
  setFusedKernels(true);
});

describe('generated GEMM vs cpu', () => {
  it('instantiates on the Node backend (one thread), so the products below go through it', async () => {
    await tf.setBackend('wasm');
    const w = (tf.backend() as unknown as HeapBackend).wasm;
    expect(w.tfjs.getThreadsCount()).toBe(1);
    expect(gemmFor(w)).not.toBeNull();
  });

  it('odd M, N, K with every transpose, rank 2 and batched', async () => {
    const dims = [1, 3, 5, 17, 33, 65];
    let n = 0;
    for (const M of dims)
      for (const K of dims)
        for (const N of dims) {
          if ((M + 2 * K + 3 * N) % 3 !== 0 && M * K * N !== 1) continue; // a third of the grid, spread over every value
          const ta = n % 2 === 1;
          const tb = n % 4 >= 2;
          const batch = n % 5 === 0 ? [2] : [];
          n++;
          const a = rand(n, [...batch, ...(ta ? [K, M] : [M, K])]);
          const b = rand(n + 1000, [...batch, ...(tb ? [N, K] : [K, N])]);
          const { cpu, wasm } = await onBoth(() => readBack(() => tf.matMul(tf.tensor(a.data, a.shape), tf.tensor(b.data, b.shape), ta, tb)));
          expect(worstRel([wasm], [cpu]), `${M}x${K}x${N} ${ta} ${tb} ${batch}`).toBeLessThan(tol(K));
        }
    expect(n).toBeGreaterThan(60);
  });

  it('K over one 256 block (the second block adds into C), at the default shapes', async () => {
    for (const [M, K, N, ta, tb] of [[128, 640, 164, true, false], [641, 513, 129, false, true], [40, 300, 9, false, false]] as const) {
      const a = rand(M + K, ta ? [K, M] : [M, K]);
      const b = rand(N + K, tb ? [N, K] : [K, N]);
      const { cpu, wasm } = await onBoth(() => readBack(() => tf.matMul(tf.tensor(a.data, a.shape), tf.tensor(b.data, b.shape), ta, tb)));
      expect(worstRel([wasm], [cpu]), `${M}x${K}x${N}`).toBeLessThan(tol(K));
    }
  });

  it('switched off by name, the same product comes from tfjs within rounding', async () => {
    const a = rand(1, [33, 65]);
    const b = rand(2, [65, 17]);
    const run = () => readBack(() => tf.matMul(tf.tensor(a.data, a.shape), tf.tensor(b.data, b.shape)));
    const on = await run();
    setWasmKernelsOff(['Gemm']);
    const off = await run();
    setWasmKernelsOff([]);
    expect(worstRel([on], [off])).toBeLessThan(tol(65));
  });
});
