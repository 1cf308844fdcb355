// LayerNorm over the last axis: one workgroup per row forward (saving mean and 1/std), dx per row, dgamma/dbeta per column.
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
  var s = 0.0;
  for (var c = tid; c < u.d; c = c + ${WG}) { s = s + x[base + c]; }
  let mu = wgSum(s, tid) / f32(u.d);
  var q = 0.0;
  for (var c = tid; c < u.d; c = c + ${WG}) { let z = x[base + c] - mu; q = q + z * z; }
  let r = 1.0 / sqrt(wgSum(q, tid) / f32(u.d) + u.eps);
  for (var c = tid; c < u.d; c = c + ${WG}) { y[base + c] = (x[base + c] - mu) * r * g[c] + b[c]; }
  if (tid == 0) { mean[group] = mu; rstd[group] = r; }
}`;

/** Forward: [y, mean [rows], rstd [rows]] for x [rows, d] (any rank; the last axis is normalised). */
export function layerNorm({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const { x, g, b } = inputs;
  const d = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, c) => a * c, 1) / d;
  const y = newOutput(backend, x.shape);
  const mean = newOutput(backend, [rows]);
  const rstd = newOutput(backend, [rows]);
  runShader(backend, {
    body: forwardBody,
    outputs: [{ name: 'y', t: y }, { name: 'mean', t: mean }, { name: 'rstd', t: rstd }],
    inputs: [{ name: 'x', t: x }, { name: 'g', t: g }, { name: 'b', t: b }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'd', type: 'i32', value: d }, { name: 'eps', type: 'f32', value: (attrs as { eps: number }).eps }],
    workgroups: grid(rows),
  });
  return [y, mean, rstd];
}

const gradXBody = `${wgSumSnippet(WG)}
${entry(WG)}
  if (group >= u.rows) { return; }
  let base = group * u.d;
  let mu = mean[group];
  let r = rstd[group];
  var s1 = 0.0;
  var s2 = 0.0;
  for (var c = tid; c < u.d; c = c + ${WG}) {
    let gy = dy[base + c] * g[c];
    s1 = s1 + gy;
    s2 = s2 + gy * (x[base + c] - mu) * r;
  }
  let m1 = wgSum(s1, tid) / f32(u.d);
  let m2 = wgSum(s2, tid) / f32(u.d);
  for (var c = tid; c < u.d; c = c + ${WG}) {
    let xh = (x[base + c] - mu) * r;
    dx[base + c] = r * (dy[base + c] * g[c] - m1 - xh * m2);
  }
}`;

/** dx = rstd·(dy·g − mean(dy·g) − x̂·mean(dy·g·x̂)), one workgroup per row. */
export function layerNormGradX({ inputs, backend }: Args): tf.TensorInfo {
  const { x, g, mean, rstd, dy } = inputs;
  const d = x.shape[x.shape.length - 1];
  const rows = mean.shape[0];
  const dx = newOutput(backend, x.shape);
  runShader(backend, {
    body: gradXBody,
    outputs: [{ name: 'dx', t: dx }],
    inputs: [{ name: 'x', t: x }, { name: 'g', t: g }, { name: 'mean', t: mean }, { name: 'rstd', t: rstd }, { name: 'dy', t: dy }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'd', type: 'i32', value: d }],
    workgroups: grid(rows),
  });
  return dx;
}

const gradParamsBody = `${entry(WG)}
  if (gid >= u.d) { return; }
  var sg = 0.0;
  var sb = 0.0;
  for (var r = 0; r < u.rows; r = r + 1) {
    let i = r * u.d + gid;
    sg = sg + dy[i] * (x[i] - mean[r]) * rstd[r];
    sb = sb + dy[i];
  }
  dg[gid] = sg;
  db[gid] = sb;
}`;

/** [dgamma, dbeta]: column sums over rows, one thread per column (adjacent threads read adjacent columns). */
export function layerNormGradParams({ inputs, backend }: Args): tf.TensorInfo[] {
  const { x, mean, rstd, dy } = inputs;
  const d = x.shape[x.shape.length - 1];
  const rows = mean.shape[0];
  const dg = newOutput(backend, [d]);
  const db = newOutput(backend, [d]);
  runShader(backend, {
    body: gradParamsBody,
    outputs: [{ name: 'dg', t: dg }, { name: 'db', t: db }],
    inputs: [{ name: 'x', t: x }, { name: 'mean', t: mean }, { name: 'rstd', t: rstd }, { name: 'dy', t: dy }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'd', type: 'i32', value: d }],
    workgroups: grid(d, WG),
  });
  return [dg, db];
}

export const layerNormKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.layerNorm, backendName: 'webgpu', kernelFunc: layerNorm as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.layerNormGradX, backendName: 'webgpu', kernelFunc: layerNormGradX as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.layerNormGradParams, backendName: 'webgpu', kernelFunc: layerNormGradParams as unknown as tf.KernelFunc },
];
