// tfjs-wasm's SplitV slices each piece with a strided copy (attention's [640,384] into q, k, v) and its
// Concat copies row by row from JS (the [912,128] × 3 gradient of qkv); both are strided row runs, one
// memory.copy each in a heap kernel (TypedArray.set per row where the heap kernels are unavailable).
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { overrideKernel, size, type Info, type WasmBackend } from './backend';
import { heapKernels } from './heapKernels';

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

/** Copies `rows` runs of `run` elements: src[a·srcRow + srcAt ..] → dst[a·dstRow + dstAt ..]. */
function copyRuns(b: WasmBackend, dst: Info, dstRow: number, dstAt: number, src: Info, srcRow: number, srcAt: number, run: number, rows: number): void {
  if (run === 0 || rows === 0) return;
  const hk = heapKernels(b);
  const w = BYTES[src.dtype]!;
  if (hk) {
    hk.copyRows(hk.ptr(dst) + dstAt * w, dstRow * w, hk.ptr(src) + srcAt * w, srcRow * w, run * w, rows);
    return;
  }
  // Views after every makeOutput: an allocation may grow (and detach) the heap.
  const o = b.typedArrayFromHeap(dst);
  const x = b.typedArrayFromHeap(src);
  for (let a = 0; a < rows; a++) o.set(x.subarray(a * srcRow + srcAt, a * srcRow + srcAt + run), a * dstRow + dstAt);
}

/** Registers the row-copy SplitV and Concat on wasm (float32, int32, bool). */
export function registerWasmSplitV(): boolean {
  const split = overrideKernel(
    'SplitV',
    ({ inputs, backend, attrs }) => {
      const x = inputs.x as Info;
      const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      if (!BYTES[x.dtype]) return null;
      const ax = tf.util.parseAxisParam(axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
      const outer = size(x.shape.slice(0, ax));
      const inner = size(x.shape.slice(ax + 1));
      const row = x.shape[ax] * inner;
      const outs = sizes.map((s) => backend.makeOutput([...x.shape.slice(0, ax), s, ...x.shape.slice(ax + 1)], x.dtype));
      let begin = 0;
      outs.forEach((out, k) => {
        copyRuns(backend, out, sizes[k] * inner, 0, x, row, begin, sizes[k] * inner, outer);
        begin += sizes[k] * inner;
      });
      return outs;
    },
    fusedKernelsEnabled,
  );
  const concat = overrideKernel(
    'Concat',
    ({ inputs, backend, attrs }) => {
      const xs = Object.values(inputs) as Info[];
      const { axis } = attrs as unknown as { axis: number };
      if (!xs.length || !BYTES[xs[0].dtype] || xs.some((x) => x.dtype !== xs[0].dtype || x.shape.length !== xs[0].shape.length)) return null;
      const ax = tf.util.parseAxisParam(axis, xs[0].shape)[0];
      const outShape = tf.backend_util.computeOutShape(xs.map((x) => x.shape), ax);
      const outer = size(outShape.slice(0, ax));
      const row = size(outShape.slice(ax));
      const out = backend.makeOutput(outShape, xs[0].dtype);
      let begin = 0;
      for (const x of xs) {
        const run = size(x.shape.slice(ax));
        copyRuns(backend, out, row, begin, x, run, 0, run, outer);
        begin += run;
      }
      return out;
    },
    fusedKernelsEnabled,
  );
  return split && concat;
}
