// tfjs-wasm's GatherV2 copies element by element; whole slices copied
// with TypedArray.set are far cheaper.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { ints, overrideKernel, size, type Info } from './backend';

/** Registers the slice-copy GatherV2 on wasm (batchDims 0, numeric dtypes); anything else, or a bad index, goes to tfjs (which throws). */
export function registerWasmGather(): boolean {
  return overrideKernel(
    'GatherV2',
    ({ inputs, backend, attrs }) => {
      const x = inputs.x as Info;
      const indices = inputs.indices as Info;
      const { axis, batchDims } = attrs as unknown as { axis: number; batchDims?: number };
      if ((batchDims ?? 0) !== 0 || x.dtype === 'string' || x.dtype === 'complex64' || size(x.shape) === 0) return null;
      const ax = tf.util.parseAxisParam(axis, x.shape)[0];
      const dim = x.shape[ax];
      const idx = Int32Array.from(ints(backend, indices));
      for (let i = 0; i < idx.length; i++) if (!(idx[i] >= 0 && idx[i] < dim)) return null;
      const outer = size(x.shape.slice(0, ax));
      const inner = size(x.shape.slice(ax + 1));
      const out = backend.makeOutput([...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)], x.dtype);
      // Views after makeOutput: an allocation may grow (and detach) the heap.
      const xv = backend.typedArrayFromHeap(x);
      const o = backend.typedArrayFromHeap(out);
      const n = idx.length;
      for (let a = 0; a < outer; a++) {
        for (let j = 0; j < n; j++) {
          const from = (a * dim + idx[j]) * inner;
          o.set(xv.subarray(from, from + inner), (a * n + j) * inner);
        }
      }
      return out;
    },
    fusedKernelsEnabled,
  );
}
