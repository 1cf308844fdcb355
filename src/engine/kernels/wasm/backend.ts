// Typed access to the tfjs wasm backend's heap, for kernels written in JS against its memory.
import * as tf from '@tensorflow/tfjs';

export type Info = tf.TensorInfo;

/** The parts of tfjs-backend-wasm's BackendWasm the JS kernels use (its class is not exported from the package root). */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(info: Info): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

export function f32(b: WasmBackend, t: Info): Float32Array {
  return b.typedArrayFromHeap(t) as Float32Array;
}

/** Integer-valued input as numbers (ids come as int32 or float32 depending on the caller). */
export function ints(b: WasmBackend, t: Info): Int32Array | Float32Array {
  return b.typedArrayFromHeap(t) as Int32Array | Float32Array;
}

export const size = (shape: number[]): number => shape.reduce((a, c) => a * c, 1);

/** One of tfjs's own wasm kernels called directly (no engine bookkeeping; JS loops over the heap are 5–10× slower); the caller disposes the output. */
export function callKernel(b: WasmBackend, name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): Info {
  return tf.getKernel(name, 'wasm')!.kernelFunc({ inputs, backend: b as unknown as tf.KernelBackend, attrs }) as Info;
}

/** A float32 scalar on the heap (the caller disposes it). */
export function scalar(b: WasmBackend, v: number): Info {
  const s = b.makeOutput([], 'float32');
  f32(b, s)[0] = v;
  return s;
}

/** Replacements switched off by name (benches measure one kernel's effect against tfjs's own in the same run). */
const off = new Set<string>();

export function setWasmKernelsOff(names: Iterable<string>): void {
  off.clear();
  for (const n of names) off.add(n);
}

/** False for a kernel switched off with setWasmKernelsOff (ops/active.ts asks it for the wasm-registered Studio* kernels). */
export function wasmKernelOn(name: string): boolean {
  return !off.has(name);
}

/**
 * Replaces a registered wasm kernel with one that takes `fast` while fusedKernelsEnabled() and the original otherwise,
 * so setFusedKernels(false) measures tfjs's own kernel. Idempotent.
 */
export function overrideKernel(name: string, fast: (args: { inputs: tf.NamedTensorInfoMap; backend: WasmBackend; attrs: tf.NamedAttrMap; orig: tf.KernelFunc }) => Info | Info[] | null, enabled: () => boolean): boolean {
  const orig = tf.getKernel(name, 'wasm');
  if (!orig || (orig as { psFast?: boolean }).psFast) return false;
  tf.unregisterKernel(name, 'wasm');
  const kernelFunc: tf.KernelFunc = (a) => {
    if (enabled() && !off.has(name)) {
      const r = fast({ inputs: a.inputs, backend: a.backend as unknown as WasmBackend, attrs: a.attrs ?? {}, orig: orig.kernelFunc });
      if (r) return r;
    }
    return orig.kernelFunc(a);
  };
  tf.registerKernel({ ...orig, kernelFunc, psFast: true } as tf.KernelConfig);
  return true;
}
