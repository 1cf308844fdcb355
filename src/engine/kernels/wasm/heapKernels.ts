// The small heap kernels (heapKernelsCode.ts) instantiated on the tfjs-wasm heap, once per emscripten module, with
// pointers resolved from tensor infos; null where the heap's memory cannot be reached (callers keep tfjs's path).
import { heapOffset, instantiateOnHeap, type HeapBackend } from './onHeap';
import { adamFunc, colSumFunc, copyRowsFunc, sumSqFunc } from './heapKernelsCode';
import { biasGeluFunc, biasGeluGradFunc } from './geluCode';
import { normFunc, normGradParamsFunc, normGradXFunc } from './normCode';
import { rotaryFunc } from './rotaryCode';
import { siluMulFunc, siluMulGradFunc } from './siluCode';
import { size, type Info, type WasmBackend } from './backend';

/** One Adam step's constants: gradient scale (clipping), β1, 1 − β1, β2, 1 − β2, 1/bc1, 1/√bc2, eps, weight decay, lr. */
export interface AdamConstants {
  scale: number;
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  ib1: number;
  isb2: number;
  eps: number;
  wd: number;
  lr: number;
}

export interface HeapKernels {
  /** Byte offset of a tensor's data on the heap. */
  ptr(t: Info): number;
  /** out[j] = Σ_i x[i·n + j] over `rows` rows. */
  colSum(x: Info, out: Info, rows: number, n: number): void;
  /** rows runs of rowBytes from src + k·srcStride to dst + k·dstStride (byte offsets on the heap). */
  copyRows(dst: number, dstStride: number, src: number, srcStride: number, rowBytes: number, rows: number): void;
  /** Σ x² (float32 lanes, added in float64). */
  sumSq(x: Info): number;
  /** One Adam pass over a tensor into fresh outputs; returns Σ(p' − p'), NaN when a new weight is not finite. */
  adam(p: Info, g: Info, m: Info, v: Info, out: { p: Info; m: Info; v: Info }, h: AdamConstants): number;
  /** y = gelu_new(x + b) over [rows, f], f a multiple of 4. */
  biasGelu(x: Info, b: Info, y: Info, rows: number, f: number): void;
  /** dx = dy·gelu_new'(x + b), db = Σ_rows dx. */
  biasGeluGrad(x: Info, b: Info, dy: Info, dx: Info, db: Info, rows: number, f: number): void;
  /** LayerNorm over rows of d (a multiple of 4), saving μ and 1/σ per row; its dx; its dgamma and dbeta. */
  layerNorm(x: Info, g: Info, b: Info, y: Info, mean: Info, rstd: Info, rows: number, d: number, eps: number): void;
  layerNormGradX(x: Info, g: Info, mean: Info, rstd: Info, dy: Info, dx: Info, rows: number, d: number): void;
  layerNormGradParams(x: Info, mean: Info, rstd: Info, dy: Info, dg: Info, db: Info, rows: number, d: number): void;
  /** RMSNorm the same way (no mean, no bias). */
  rmsNorm(x: Info, w: Info, y: Info, rstd: Info, rows: number, d: number, eps: number): void;
  rmsNormGradX(x: Info, w: Info, rstd: Info, dy: Info, dx: Info, rows: number, d: number): void;
  rmsNormGradW(x: Info, rstd: Info, dy: Info, dw: Info, rows: number, d: number): void;
  /** y = silu(gate)·up over n floats (a multiple of 4); its dgate and dup. */
  siluMul(gate: Info, up: Info, y: Info, n: number): void;
  siluMulGrad(gate: Info, up: Info, dy: Info, dgate: Info, dup: Info, n: number): void;
  /** Rotate-half rotary over x [B·T, H, hd] with [T, rot/2] tables, sin times sign (rot/2 and hd − rot multiples of 4). */
  rotary(x: Info, cos: Info, sin: Info, y: Info, BT: number, T: number, H: number, hd: number, rot: number, sign: number): void;
}

const cache = new WeakMap<object, HeapKernels | null>();

function build(b: HeapBackend): HeapKernels | null {
  const w = b.wasm;
  const mod = instantiateOnHeap(w, [colSumFunc(), sumSqFunc(), copyRowsFunc(), adamFunc(false), adamFunc(true), biasGeluFunc(), biasGeluGradFunc(), siluMulFunc(), siluMulGradFunc(), rotaryFunc(), ...[false, true].flatMap((rms) => [normFunc(rms), normGradXFunc(rms), normGradParamsFunc(rms)])]);
  if (!mod) return null;
  const { exports: ex, memory } = mod;
  // 5 floats of results (4 lanes + the scalar tail), read through a fresh view: the heap may have grown.
  const res = w._malloc(32);
  const read5 = () => {
    const h = new Float32Array(memory.buffer, res, 5);
    return h[0] + h[1] + h[2] + h[3] + h[4];
  };
  const ptr = (t: Info) => heapOffset(b, t);
  return {
    ptr,
    colSum: (x, out, rows, n) => ex.colsum(ptr(x), ptr(out), rows, n),
    copyRows: (dst, dstStride, src, srcStride, rowBytes, rows) => ex.copyrows(dst, dstStride, src, srcStride, rowBytes, rows),
    sumSq: (x) => {
      ex.sumsq(ptr(x), size(x.shape), res);
      return read5();
    },
    adam: (p, g, m, v, out, h) => {
      const n = size(p.shape);
      (h.wd > 0 ? ex.adamWd : ex.adam)(ptr(p), ptr(g), ptr(m), ptr(v), ptr(out.p), ptr(out.m), ptr(out.v), n, h.scale, h.b1, h.c1, h.b2, h.c2, h.ib1, h.isb2, h.eps, h.wd, h.lr, res);
      return read5();
    },
    biasGelu: (x, b, y, rows, f) => ex.biasgelu(ptr(x), ptr(b), ptr(y), rows, f),
    biasGeluGrad: (x, b, dy, dx, db, rows, f) => ex.biasgeluGrad(ptr(x), ptr(b), ptr(dy), ptr(dx), ptr(db), rows, f),
    layerNorm: (x, g, b, y, mean, rstd, rows, d, eps) => ex.layernorm(ptr(x), ptr(g), ptr(b), ptr(y), ptr(mean), ptr(rstd), rows, d, eps),
    layerNormGradX: (x, g, mean, rstd, dy, dx, rows, d) => ex.layernormGradX(ptr(x), ptr(g), ptr(mean), ptr(rstd), ptr(dy), ptr(dx), rows, d),
    layerNormGradParams: (x, mean, rstd, dy, dg, db, rows, d) => ex.layernormGradParams(ptr(x), ptr(mean), ptr(rstd), ptr(dy), ptr(dg), ptr(db), rows, d),
    rmsNorm: (x, w, y, rstd, rows, d, eps) => ex.rmsnorm(ptr(x), ptr(w), ptr(y), ptr(rstd), rows, d, eps),
    rmsNormGradX: (x, w, rstd, dy, dx, rows, d) => ex.rmsnormGradX(ptr(x), ptr(w), ptr(rstd), ptr(dy), ptr(dx), rows, d),
    rmsNormGradW: (x, rstd, dy, dw, rows, d) => ex.rmsnormGradW(ptr(x), ptr(rstd), ptr(dy), ptr(dw), rows, d),
    siluMul: (gate, up, y, n) => ex.silumul(ptr(gate), ptr(up), ptr(y), n),
    siluMulGrad: (gate, up, dy, dgate, dup, n) => ex.silumulGrad(ptr(gate), ptr(up), ptr(dy), ptr(dgate), ptr(dup), n),
    rotary: (x, cos, sin, y, BT, T, H, hd, rot, sign) => ex.rotary(ptr(x), ptr(cos), ptr(sin), ptr(y), BT, T, H, hd, rot, sign),
  };
}

/** The heap kernels of this backend's emscripten module (null where its memory is not reachable). */
export function heapKernels(backend: WasmBackend): HeapKernels | null {
  const b = backend as HeapBackend;
  if (!cache.has(b.wasm)) cache.set(b.wasm, build(b));
  return cache.get(b.wasm)!;
}
