// Per row of logits: log p(target), the log-softmax normaliser and the token stats, summed in float64 on the host (cpu
// and wasm backends). float32 sums drift with the column count: 2e-3 nats of entropy at Qwen's 152k columns.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from './names';
import { callKernel, f32, type WasmBackend } from './wasm/backend';

/** Columns of the stats output: entropy, argmax = target, mean logit, log p(target) − log Σ p² (WPO). */
export const SOFTMAX_STATS_COLUMNS = 4;

/**
 * For each of n rows of V logits: lp = l[t] − lse, lse = m + log S with S = Σ e, e = exp(l − m), and stats [entropy
 * = log S − Σ e·(l−m)/S, argmax = t (the first maximum, as torch.argmax), mean logit, lp − log Σ p²], every sum in
 * float64. exps, when given, holds e (float32, from the backend's own Exp, which is faster than Math.exp here) and
 * maxes each row's m.
 */
export function softmaxRowStatsInto(logits: Float32Array, targets: ArrayLike<number>, n: number, V: number, out: { lp: Float32Array; lse: Float32Array; stats: Float32Array }, given?: { exps: Float32Array; maxes: Float32Array }): void {
  for (let r = 0; r < n; r++) {
    const base = r * V;
    let m = -Infinity;
    if (given) m = given.maxes[r];
    else for (let v = 0; v < V; v++) m = Math.max(m, logits[base + v]);
    let [arg, sum, s, a, q] = [-1, 0, 0, 0, 0];
    for (let v = 0; v < V; v++) {
      const x = logits[base + v];
      const z = x - m;
      const e = given ? given.exps[base + v] : Math.exp(z);
      if (arg < 0 && x === m) arg = v;
      sum += x;
      s += e;
      a += e * z;
      q += e * e;
    }
    const logS = Math.log(s);
    const t = targets[r];
    const l = m + logS;
    const lpr = logits[base + t] - l;
    out.lse[r] = l;
    out.lp[r] = lpr;
    const o = r * SOFTMAX_STATS_COLUMNS;
    out.stats[o] = logS - a / s;
    out.stats[o + 1] = arg === t ? 1 : 0;
    out.stats[o + 2] = sum / V;
    out.stats[o + 3] = lpr - (Math.log(q) - 2 * logS);
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
  const out = { lp: new Float32Array(n), lse: new Float32Array(n), stats: new Float32Array(n * SOFTMAX_STATS_COLUMNS) };
  softmaxRowStatsInto(b.data.get(inputs.logits.dataId).values as Float32Array, b.data.get(inputs.targets.dataId).values, n, V, out);
  return [b.makeTensorInfo([n], 'float32', out.lp), b.makeTensorInfo([n], 'float32', out.lse), b.makeTensorInfo([n, SOFTMAX_STATS_COLUMNS], 'float32', out.stats)];
}

function wasmKernel({ inputs, backend }: Args): tf.TensorInfo[] {
  const b = backend as WasmBackend;
  const [n, V] = shapeOf(inputs.logits);
  const { logits } = inputs;
  // The row maxima and exp(l − m) from tfjs's own kernels; only the sums run here.
  const maxes = callKernel(b, 'Max', { x: logits }, { reductionIndices: [1], keepDims: true });
  const z = callKernel(b, 'Sub', { a: logits, b: maxes });
  const exps = callKernel(b, 'Exp', { x: z });
  b.disposeData(z.dataId);
  const [lp, lse, stats] = [b.makeOutput([n], 'float32'), b.makeOutput([n], 'float32'), b.makeOutput([n, SOFTMAX_STATS_COLUMNS], 'float32')];
  // Views taken after every allocation: one may grow (and detach) the heap.
  softmaxRowStatsInto(f32(b, logits), b.typedArrayFromHeap(inputs.targets), n, V, { lp: f32(b, lp), lse: f32(b, lse), stats: f32(b, stats) }, { exps: f32(b, exps), maxes: f32(b, maxes) });
  b.disposeData(maxes.dataId);
  b.disposeData(exps.dataId);
  return [lp, lse, stats];
}

/** The host kernels; registering one for a backend that is not running yet is fine (tfjs keys them by name). */
export const softmaxRowStatsHostKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.softmaxRowStats, backendName: 'cpu', kernelFunc: cpuKernel as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.softmaxRowStats, backendName: 'wasm', kernelFunc: wasmKernel as unknown as tf.KernelFunc },
];
