// The generated GEMM on its own memory (a stand-in for the emscripten module) against a float64 reference, for several
// tiles (the bench sweeps them), odd shapes, every stride order, K over several blocks and N over several column chunks.
import { describe, expect, it } from 'vitest';
import { gemmFor, type Emscripten } from './gemm';
import type { GemmTile } from './gemmCode';

function fakeModule(): Emscripten {
  const memory = new WebAssembly.Memory({ initial: 256 });
  let top = 1 << 20; // below: the test's A, B and C
  return { HEAPF32: new Float32Array(memory.buffer), asm: { memory }, _malloc: (n) => ((top += n + 16) - n - 16), _free: () => {} };
}

describe('gemm tiles', () => {
  it('match a float64 product on odd shapes and transposes', () => {
    const w = fakeModule();
    const heap = w.HEAPF32;
    for (const tile of [{ mr: 4, nr: 8, kc: 256 }, { mr: 3, nr: 12, kc: 16 }, { mr: 2, nr: 16, kc: 7 }] as GemmTile[]) {
      const gemm = gemmFor(w, tile)!;
      for (const [M, K, N] of [[1, 1, 1], [5, 17, 3], [17, 33, 65], [33, 5, 17], [65, 65, 33], [3, 9, 1100]]) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
          const [a, b, c] = [0, M * K, M * K + K * N];
          for (let i = 0; i < M * K + K * N; i++) heap[i] = Math.sin(i * 1.7 + M);
          heap.fill(NaN, c, c + M * N); // the first K block must overwrite C
          gemm(4 * a, 4 * b, 4 * c, M, N, K, ta ? 1 : K, ta ? M : 1, tb ? 1 : N, tb ? K : 1);
          let worst = 0;
          for (let i = 0; i < M; i++)
            for (let j = 0; j < N; j++) {
              let want = 0;
              for (let k = 0; k < K; k++) want += heap[a + (ta ? k * M + i : i * K + k)] * heap[b + (tb ? j * K + k : k * N + j)];
              worst = Math.max(worst, Math.abs(heap[c + i * N + j] - want));
            }
          expect(worst, `${tile.mr}x${tile.nr}k${tile.kc} ${M}x${K}x${N} ${ta} ${tb}`).toBeLessThan(1e-5 * K);
        }
      }
    }
  });
});
