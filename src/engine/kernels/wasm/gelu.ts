// PsBiasGelu / PsBiasGeluGrad on wasm (the WebGPU kernels' contract), so GPT-2's MLP takes the fused path there too:
// one SIMD sweep each on the heap (geluCode.ts) instead of ~20 elementwise kernels over [rows, 4d].
import * as tf from '@tensorflow/tfjs';
import { K } from '../names';
import { size, type Info, type WasmBackend } from './backend';
import { heapKernels, type HeapKernels } from './heapKernels';

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown };

function kernels(backend: unknown): HeapKernels {
  const hk = heapKernels(backend as WasmBackend);
  // Registered only where the heap kernels built (registerWasmBiasGelu), and a restarted backend is the same build.
  if (!hk) throw new Error('the wasm heap kernels are unavailable on this backend');
  return hk;
}

function biasGelu({ inputs, backend }: Args): Info {
  const { x, b } = inputs as { x: Info; b: Info };
  const y = (backend as WasmBackend).makeOutput(x.shape, 'float32');
  kernels(backend).biasGelu(x, b, y, size(x.shape) / b.shape[0], b.shape[0]);
  return y;
}

function biasGeluGrad({ inputs, backend }: Args): Info[] {
  const { x, b, dy } = inputs as { x: Info; b: Info; dy: Info };
  const wb = backend as WasmBackend;
  const dx = wb.makeOutput(x.shape, 'float32');
  const db = wb.makeOutput(b.shape, 'float32');
  kernels(backend).biasGeluGrad(x, b, dy, dx, db, size(x.shape) / b.shape[0], b.shape[0]);
  return [dx, db];
}

/** Registers both where the heap kernels build on the current wasm backend; false otherwise or when already there. */
export function registerWasmBiasGelu(): boolean {
  if (tf.getKernel(K.biasGelu, 'wasm') || tf.getBackend() !== 'wasm' || !heapKernels(tf.backend() as unknown as WasmBackend)) return false;
  tf.registerKernel({ kernelName: K.biasGelu, backendName: 'wasm', kernelFunc: biasGelu as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: K.biasGeluGrad, backendName: 'wasm', kernelFunc: biasGeluGrad as unknown as tf.KernelFunc });
  return true;
}
