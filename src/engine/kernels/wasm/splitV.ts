// tfjs-wasm's SplitV slices each piece with a strided copy (2.2 ms for attention's [640,384] into q, k, v); copying
// each row's run with TypedArray.set takes a fraction of that.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { overrideKernel, size, type Info } from './backend';

/** Registers the row-copy SplitV on wasm (numeric dtypes). */
export function registerWasmSplitV(): boolean {
  return overrideKernel(
    'SplitV',
    ({ inputs, backend, attrs }) => {
      const x = inputs.x as Info;
      const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      if (x.dtype === 'string' || x.dtype === 'complex64') return null;
      const ax = tf.util.parseAxisParam(axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
      const outer = size(x.shape.slice(0, ax));
      const inner = size(x.shape.slice(ax + 1));
      const row = x.shape[ax] * inner;
      const outs = sizes.map((s) => backend.makeOutput([...x.shape.slice(0, ax), s, ...x.shape.slice(ax + 1)], x.dtype));
      // Views after every makeOutput: an allocation may grow (and detach) the heap.
      const xv = backend.typedArrayFromHeap(x);
      let begin = 0;
      outs.forEach((out, k) => {
        const o = backend.typedArrayFromHeap(out);
        const run = sizes[k] * inner;
        if (run > 0) for (let a = 0; a < outer; a++) o.set(xv.subarray(a * row + begin, a * row + begin + run), a * run);
        begin += run;
      });
      return outs;
    },
    fusedKernelsEnabled,
  );
}
