// tfjs-wasm's Tanh calls std::tanh per element (7.3 ms for gelu_new's [640,512]); XNNPACK's vectorised Sigmoid
// gives tanh(x) = 2·σ(2x) − 1 in about 1.2 ms, within 2e-7 absolute of tanh (what GELU's 1 + tanh needs).
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { f32, overrideKernel, type Info } from './backend';

/** Registers the sigmoid-based Tanh on wasm (float32 only; tfjs's gradient, 1 − y², is unchanged). */
export function registerWasmTanh(): boolean {
  return overrideKernel(
    'Tanh',
    ({ inputs, backend }) => {
      const x = inputs.x as Info;
      if (x.dtype !== 'float32') return null;
      const twice = backend.makeOutput(x.shape.slice(), 'float32');
      {
        // Views after makeOutput: an allocation may grow (and detach) the heap.
        const xv = f32(backend, x);
        const tv = f32(backend, twice);
        for (let i = 0; i < xv.length; i++) tv[i] = 2 * xv[i];
      }
      const sigmoid = tf.getKernel('Sigmoid', 'wasm')!;
      const out = sigmoid.kernelFunc({ inputs: { x: twice }, backend: backend as unknown as tf.KernelBackend, attrs: {} }) as Info;
      backend.disposeData(twice.dataId);
      const o = f32(backend, out);
      for (let i = 0; i < o.length; i++) o[i] = 2 * o[i] - 1;
      return out;
    },
    fusedKernelsEnabled,
  );
}
