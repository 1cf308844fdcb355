// The generated GEMM on the tfjs-wasm heap (onHeap.ts), compiled once per emscripten module and tile, with its
// packing scratch from the module's malloc.
import { instantiateOnHeap, type Emscripten } from '../onHeap';
import { gemmFunc, scratchBytes, type GemmTile } from './gemmCode';

export type { Emscripten };

/** Byte pointers a, b, c; strides in elements: A[i,k] = a[i·sai + k·sak], B[k,j] = b[k·sbk + j·sbn], C row-major M×N. */
export type GemmRun = (a: number, b: number, c: number, M: number, N: number, K: number, sai: number, sak: number, sbk: number, sbn: number) => void;

/** 2×16 (8 accumulators, 4 B vectors, 2 row splats: 14 of x64's 16 xmm, no spills), K blocks of 256: fastest in scripts/bench/gemmAB.ts and kernelAB (4×8 within noise; 6×8 and unrolled K spill). */
export const DEFAULT_TILE: GemmTile = { mr: 2, nr: 16, kc: 256 };

/** Columns per call: bounds the packed B block (kc × NC floats, 1 MiB) for wide products such as a 50k-vocab LM head. */
const NC = 1024;

const cache = new WeakMap<object, Map<string, GemmRun | null>>();

function build(w: Emscripten, tile: GemmTile): GemmRun | null {
  const mod = instantiateOnHeap(w, [gemmFunc(tile)]);
  if (!mod) return null;
  const gemm = mod.exports.gemm;
  let scratch = 0;
  let capacity = 0;
  return (a, b, c, M, N, K, sai, sak, sbk, sbn) => {
    const need = scratchBytes(tile, Math.min(N, NC)) + 16;
    if (need > capacity) {
      if (scratch) w._free(scratch);
      scratch = w._malloc(need);
      capacity = need;
    }
    for (let j = 0; j < N; j += NC) gemm(a, b + 4 * j * sbn, c + 4 * j, M, Math.min(NC, N - j), K, sai, sak, sbk, sbn, N, (scratch + 15) & ~15);
  };
}

/** The GEMM for this emscripten module (null where its memory is not reachable). */
export function gemmFor(w: Emscripten, tile: GemmTile = DEFAULT_TILE): GemmRun | null {
  let byTile = cache.get(w);
  if (!byTile) cache.set(w, (byTile = new Map()));
  const key = `${tile.mr}x${tile.nr}k${tile.kc}`;
  if (!byTile.has(key)) byTile.set(key, build(w, tile));
  return byTile.get(key)!;
}
