// Per row of logits: log p(target), the log-softmax normaliser and the token stats, summed in float64 on the host (cpu
// and wasm backends). float32 sums drift with the column count: 2e-3 nats of entropy at Qwen's 152k columns.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from './names';
import { f32, type WasmBackend } from './wasm/backend';

/** Columns of the stats output: entropy, argmax = target, mean logit, log p(target) − log Σ p² (WPO). */
export const SOFTMAX_STATS_COLUMNS = 4;

/**
 * For each of n rows of V logits: lp = l[t] − lse, lse = m + log Σ e^(l−m), and stats [entropy = log S − Σ e·(l−m)/S,
 * argmax = t (the first maximum, as torch.argmax), mean logit, lp − log Σ p²], every sum in float64.
 */
export function softmaxRowStatsInto(logits: ArrayLike<number>, targets: ArrayLike<number>, n: number, V: number, lp: Float32Array, lse: Float32Array, stats: Float32Array): void {
  for (let r = 0; r < n; r++) {
    const base = r * V;
    let m = -Infinity;
    let arg = 0;
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const x = logits[base + v];
      sum += x;
      if (x > m) {
        m = x;
        arg = v;
      }
    }
    let s = 0;
    let a = 0;
    let q = 0;
    for (let v = 0; v < V; v++) {
      const z = logits[base + v] - m;
      const e = Math.exp(z);
      s += e;
      a += e * z;
      q += e * e;
    }
    const logS = Math.log(s);
    const t = targets[r];
    const l = m + logS;
    const lpr = logits[base + t] - l;
    lse[r] = l;
    lp[r] = lpr;
    const o = r * SOFTMAX_STATS_COLUMNS;
    stats[o] = logS - a / s;
    stats[o + 1] = arg === t ? 1 : 0;
    stats[o + 2] = sum / V;
    stats[o + 3] = lpr - (Math.log(q) - 2 * logS);
  }
}

type Args = { inputs: { logits: tf.TensorInfo; targets: tf.TensorInfo }; backend: unknown };

interface CpuBackend {
  data: { get(id: tf.DataId): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function shapeOf(logits: tf.TensorInfo): [number, number] {
  return [logits.shape[0], logits.shape[1]];
}

function cpuKernel({ inputs, backend }: Args): tf.TensorInfo[] {
  const b = backend as CpuBackend;
  const [n, V] = shapeOf(inputs.logits);
  const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n * SOFTMAX_STATS_COLUMNS)];
  softmaxRowStatsInto(b.data.get(inputs.logits.dataId).values, b.data.get(inputs.targets.dataId).values, n, V, out[0], out[1], out[2]);
  return [b.makeTensorInfo([n], 'float32', out[0]), b.makeTensorInfo([n], 'float32', out[1]), b.makeTensorInfo([n, SOFTMAX_STATS_COLUMNS], 'float32', out[2])];
}

function wasmKernel({ inputs, backend }: Args): tf.TensorInfo[] {
  const b = backend as WasmBackend;
  const [n, V] = shapeOf(inputs.logits);
  const out = [b.makeOutput([n], 'float32'), b.makeOutput([n], 'float32'), b.makeOutput([n, SOFTMAX_STATS_COLUMNS], 'float32')];
  // Views taken after every makeOutput: an allocation may grow (and detach) the heap.
  softmaxRowStatsInto(f32(b, inputs.logits), b.typedArrayFromHeap(inputs.targets), n, V, f32(b, out[0]), f32(b, out[1]), f32(b, out[2]));
  return out;
}

/** The host kernels; registering one for a backend that is not running yet is fine (tfjs keys them by name). */
export const softmaxRowStatsHostKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.softmaxRowStats, backendName: 'cpu', kernelFunc: cpuKernel as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.softmaxRowStats, backendName: 'wasm', kernelFunc: wasmKernel as unknown as tf.KernelFunc },
];
