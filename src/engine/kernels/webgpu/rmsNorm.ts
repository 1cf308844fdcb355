// RMSNorm over the last axis: one workgroup per row forward (saving 1/rms), dx per row, dweight per column.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { wgSumSnippet } from './reduce';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;
type Args = KernelArgs;

const forwardBody = `${wgSumSnippet(WG)}
${entry(WG)}
  if (group >= u.rows) { return; }
  let base = group * u.d;
  var q = 0.0;
  for (var c = tid; c < u.d; c = c + ${WG}) { let z = x[base + c]; q = q + z * z; }
  let r = 1.0 / sqrt(wgSum(q, tid) / f32(u.d) + u.eps);
  for (var c = tid; c < u.d; c = c + ${WG}) { y[base + c] = x[base + c] * r * w[c]; }
  if (tid == 0) { rstd[group] = r; }
}`;

/** Forward: [y, rstd [rows]] for x [..., d] and weight w [d]; rows are every leading index (Qwen3's per-head norm too). */
export function rmsNorm({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const { x, w } = inputs;
  const d = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, c) => a * c, 1) / d;
  const y = newOutput(backend, x.shape);
  const rstd = newOutput(backend, [rows]);
  runShader(backend, {
    body: forwardBody,
    outputs: [{ name: 'y', t: y }, { name: 'rstd', t: rstd }],
    inputs: [{ name: 'x', t: x }, { name: 'w', t: w }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'd', type: 'i32', value: d }, { name: 'eps', type: 'f32', value: (attrs as { eps: number }).eps }],
    workgroups: grid(rows),
  });
  return [y, rstd];
}

// dx = r·dy·w − r³·x·mean(dy·w·x), from y = x·r·w with r = (mean(x²) + eps)^−½.
const gradXBody = `${wgSumSnippet(WG)}
${entry(WG)}
  if (group >= u.rows) { return; }
  let base = group * u.d;
  let r = rstd[group];
  var s = 0.0;
  for (var c = tid; c < u.d; c = c + ${WG}) { s = s + dy[base + c] * w[c] * x[base + c]; }
  let m = wgSum(s, tid) / f32(u.d);
  for (var c = tid; c < u.d; c = c + ${WG}) { dx[base + c] = r * (dy[base + c] * w[c] - r * r * x[base + c] * m); }
}`;

export function rmsNormGradX({ inputs, backend }: Args): tf.TensorInfo {
  const { x, w, rstd, dy } = inputs;
  const d = x.shape[x.shape.length - 1];
  const rows = rstd.shape[0];
  const dx = newOutput(backend, x.shape);
  runShader(backend, {
    body: gradXBody,
    outputs: [{ name: 'dx', t: dx }],
    inputs: [{ name: 'x', t: x }, { name: 'w', t: w }, { name: 'rstd', t: rstd }, { name: 'dy', t: dy }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'd', type: 'i32', value: d }],
    workgroups: grid(rows),
  });
  return dx;
}

const gradWBody = `${entry(WG)}
  if (gid >= u.d) { return; }
  var s = 0.0;
  for (var r = 0; r < u.rows; r = r + 1) {
    let i = r * u.d + gid;
    s = s + dy[i] * x[i] * rstd[r];
  }
  dw[gid] = s;
}`;

/** dweight: column sums of dy·x·r over rows, one thread per column (adjacent threads read adjacent columns). */
export function rmsNormGradW({ inputs, backend }: Args): tf.TensorInfo {
  const { x, rstd, dy } = inputs;
  const d = x.shape[x.shape.length - 1];
  const rows = rstd.shape[0];
  const dw = newOutput(backend, [d]);
  runShader(backend, {
    body: gradWBody,
    outputs: [{ name: 'dw', t: dw }],
    inputs: [{ name: 'x', t: x }, { name: 'rstd', t: rstd }, { name: 'dy', t: dy }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'd', type: 'i32', value: d }],
    workgroups: grid(d, WG),
  });
  return dw;
}

export const rmsNormKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.rmsNorm, backendName: 'webgpu', kernelFunc: rmsNorm as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.rmsNormGradX, backendName: 'webgpu', kernelFunc: rmsNormGradX as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.rmsNormGradW, backendName: 'webgpu', kernelFunc: rmsNormGradW as unknown as tf.KernelFunc },
];
