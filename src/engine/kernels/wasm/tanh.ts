// tfjs-wasm's Tanh calls std::tanh per element (5–10 ms for gelu_new's [640,512]); XNNPACK's vectorised Sigmoid and
// SIMD scalar ops give tanh(x) = 2·σ(2x) − 1 in under 1 ms, within 2e-7 absolute of tanh (what GELU's 1 + tanh needs).
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { f32, overrideKernel, type Info, type WasmBackend } from './backend';

function scalar(b: WasmBackend, v: number): Info {
  const s = b.makeOutput([], 'float32');
  f32(b, s)[0] = v;
  return s;
}

/** Registers the sigmoid-based Tanh on wasm (float32 only; tfjs's gradient, 1 − y², is unchanged). */
export function registerWasmTanh(): boolean {
  return overrideKernel(
    'Tanh',
    ({ inputs, backend }) => {
      const x = inputs.x as Info;
      if (x.dtype !== 'float32') return null;
      const kb = backend as unknown as tf.KernelBackend;
      // tfjs's own wasm kernels, called directly (no engine bookkeeping); JS loops over the heap are ~5x slower here.
      const k = (name: string, inputs: tf.NamedTensorInfoMap) => tf.getKernel(name, 'wasm')!.kernelFunc({ inputs, backend: kb, attrs: {} }) as Info;
      const [two, one] = [scalar(backend, 2), scalar(backend, 1)];
      const x2 = k('Multiply', { a: x, b: two });
      const s = k('Sigmoid', { x: x2 });
      const s2 = k('Multiply', { a: s, b: two });
      const out = k('Sub', { a: s2, b: one });
      for (const t of [two, one, x2, s, s2]) backend.disposeData(t.dataId);
      return out;
    },
    fusedKernelsEnabled,
  );
}
