// tfjs-wasm's Pow calls std::pow per element (slow for gelu_new's x³); small integer scalar exponents
// (what gelu_new and its gradient use) become tfjs's SIMD Square/Multiply kernels (faster than a JS loop too).
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { callKernel, f32, overrideKernel, size, type Info } from './backend';

/** Registers the fast Pow on wasm; other exponents fall through to tfjs's kernel. */
export function registerWasmPow(): boolean {
  return overrideKernel(
    'Pow',
    ({ inputs, backend }) => {
      const a = inputs.a as Info;
      const b = inputs.b as Info;
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || size(b.shape) !== 1) return null;
      const e = f32(backend, b)[0];
      if (!(e === 0 || e === 1 || e === 2 || e === 3 || e === 4)) return null;
      const k = (name: string, inputs: tf.NamedTensorInfoMap) => callKernel(backend, name, inputs);
      if (e === 0 || e === 1) {
        const out = backend.makeOutput(a.shape.slice(), 'float32');
        // Views after makeOutput: an allocation may grow (and detach) the heap.
        if (e === 0) f32(backend, out).fill(1);
        else f32(backend, out).set(f32(backend, a));
        return out;
      }
      const sq = k('Square', { x: a });
      if (e === 2) return sq;
      const out = e === 3 ? k('Multiply', { a: sq, b: a }) : k('Square', { x: sq });
      backend.disposeData(sq.dataId);
      return out;
    },
    fusedKernelsEnabled,
  );
}
