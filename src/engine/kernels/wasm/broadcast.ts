// Broadcasting comparisons: tfjs-wasm's Equal on [624,164] vs [624,1] (logSumExp's max gradient) is far slower than a JS loop.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { f32, overrideKernel, size, type Info, type WasmBackend } from './backend';

/** Element strides of `shape` read as broadcast to `out` (0 along broadcast axes). */
export function broadcastStrides(shape: number[], out: number[]): number[] {
  const s = new Array(out.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1, j = out.length - 1; i >= 0; i--, j--) {
    s[j] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i];
  }
  return s;
}

/**
 * Calls row(o0, baseA, baseB, inner, stepA, stepB) per run of the innermost output axis: elements o0 + k read
 * a[baseA + k·stepA] and b[baseB + k·stepB] (a callback per row, not per element, keeps the loop tight).
 */
export function forEachBroadcastRow(
  aShape: number[],
  bShape: number[],
  out: number[],
  row: (o0: number, baseA: number, baseB: number, inner: number, stepA: number, stepB: number) => void,
): void {
  const sa = broadcastStrides(aShape, out);
  const sb = broadcastStrides(bShape, out);
  const r = out.length;
  const inner = r ? out[r - 1] : 1;
  if (inner === 0) return;
  const rows = size(out) / inner;
  const idx = new Array(Math.max(r - 1, 0)).fill(0);
  let baseA = 0;
  let baseB = 0;
  for (let q = 0; q < rows; q++) {
    row(q * inner, baseA, baseB, inner, r ? sa[r - 1] : 0, r ? sb[r - 1] : 0);
    // Odometer over the outer axes.
    for (let ax = r - 2; ax >= 0; ax--) {
      idx[ax]++;
      baseA += sa[ax];
      baseB += sb[ax];
      if (idx[ax] < out[ax]) break;
      baseA -= sa[ax] * out[ax];
      baseB -= sb[ax] * out[ax];
      idx[ax] = 0;
    }
  }
}

function equal({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: WasmBackend }): Info | null {
  const a = inputs.a as Info;
  const b = inputs.b as Info;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || tf.util.arraysEqual(a.shape, b.shape)) return null;
  const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = backend.makeOutput(shape, 'bool');
  const x = f32(backend, a);
  const y = f32(backend, b);
  const o = backend.typedArrayFromHeap(out) as Uint8Array;
  forEachBroadcastRow(a.shape, b.shape, shape, (o0, ba, bb, n, da, db) => {
    for (let k = 0; k < n; k++) o[o0 + k] = x[ba + k * da] === y[bb + k * db] ? 1 : 0;
  });
  return out;
}

/** Registers the broadcasting Equal on wasm (same-shape inputs keep tfjs's kernel). */
export function registerWasmBroadcastCompare(): boolean {
  return overrideKernel('Equal', equal, fusedKernelsEnabled);
}
