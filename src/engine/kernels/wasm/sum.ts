// Sum over leading axes (every bias gradient: [B·T, f] → [f]) transposes first in tfjs-wasm (31 ms for [2048,512]);
// adding rows into one accumulator reads the input once, in order.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { f32, overrideKernel, size, type Info } from './backend';

/** Registers the leading-axes Sum on wasm; other reductions fall through to tfjs's kernel. */
export function registerWasmSum(): boolean {
  return overrideKernel(
    'Sum',
    ({ inputs, backend, attrs }) => {
      const x = inputs.x as Info;
      const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
      const r = x.shape.length;
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
      // Only a leading block [0..k-1] that leaves something behind; a full or trailing reduction is tfjs's fast case.
      if (x.dtype !== 'float32' || axes.length === 0 || axes.length >= r || axes.some((v, i) => v !== i)) return null;
      const rest = x.shape.slice(axes.length);
      const outShape = keepDims ? [...axes.map(() => 1), ...rest] : rest;
      const out = backend.makeOutput(outShape, 'float32');
      const xv = f32(backend, x);
      const o = f32(backend, out);
      const n = size(rest);
      const rows = n ? xv.length / n : 0;
      o.fill(0);
      for (let q = 0; q < rows; q++) {
        const base = q * n;
        for (let k = 0; k < n; k++) o[k] += xv[base + k];
      }
      return out;
    },
    fusedKernelsEnabled,
  );
}
