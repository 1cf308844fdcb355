// UnsortedSegmentSum for wasm (tfjs-wasm has none), written in JS on the backend's heap: it is tf.gather's gradient,
// so with it the embedding can be a gather instead of a one-hot [B·T, V] product.
import * as tf from '@tensorflow/tfjs';
import { f32, ints, size, type Info, type WasmBackend } from './backend';

/** out[s, ...] = Σ x[i, ...] over i with segmentIds[i] = s; ids outside [0, numSegments) are dropped (as tfjs's cpu). */
const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const bk = backend as unknown as WasmBackend;
  const x = inputs.x as Info;
  const ids = inputs.segmentIds as Info;
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
  const n = size(ids.shape);
  const inner = n ? size(x.shape) / n : 0;
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const out = bk.makeOutput(outShape, x.dtype);
  const xv = x.dtype === 'int32' ? (bk.typedArrayFromHeap(x) as Int32Array) : f32(bk, x);
  const sv = ints(bk, ids);
  const o = bk.typedArrayFromHeap(out) as Float32Array | Int32Array;
  o.fill(0);
  for (let i = 0; i < n; i++) {
    const s = sv[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) o[dst + k] += xv[src + k];
  }
  return out;
};

/** Registers it when the wasm backend lacks it (a later tfjs may add its own). */
export function registerWasmUnsortedSegmentSum(): boolean {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return false;
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc });
  return true;
}
