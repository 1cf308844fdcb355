// Sum over leading axes (every bias gradient: [B·T, f] → [f]) transposes first in tfjs-wasm;
// as ones·x on XNNPACK's matmul it reads the input once (a JS row loop is slower).
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { callKernel, f32, overrideKernel, size, type Info } from './backend';
import { heapKernels } from './heapKernels';

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
      const n = size(rest);
      const rows = n ? size(x.shape) / n : 0;
      if (rows === 0) {
        const out = backend.makeOutput(outShape, 'float32');
        f32(backend, out).fill(0);
        return out;
      }
      const hk = heapKernels(backend);
      if (hk) {
        // One SIMD sweep down the columns; the matmul below packs x as XNNPACK weights on every call.
        const out = backend.makeOutput(outShape, 'float32');
        hk.colSum(x, out, rows, n);
        return out;
      }
      // ones[1, rows] · x[rows, n] on tfjs's (XNNPACK) matmul: one SIMD pass, where a JS loop over the heap is scalar.
      const k = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => callKernel(backend, name, inputs, attrs);
      const ones = backend.makeOutput([1, 1, rows], 'float32');
      f32(backend, ones).fill(1);
      const x3 = k('Reshape', { x }, { shape: [1, rows, n] });
      const prod = k('BatchMatMul', { a: ones, b: x3 }, { transposeA: false, transposeB: false });
      const out = k('Reshape', { x: prod }, { shape: outShape });
      for (const t of [ones, x3, prod]) backend.disposeData(t.dataId);
      return out;
    },
    fusedKernelsEnabled,
  );
}
