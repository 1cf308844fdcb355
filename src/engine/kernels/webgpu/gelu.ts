// gelu_new (tanh form) fused with the preceding bias add: y = gelu(x + b); backward gives dx and dbias in one dispatch.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;
type Args = KernelArgs;

// tanh's argument is clamped: |u| > 15 already rounds tanh to ±1 in f32, and some tanh implementations overflow to NaN.
const geluFns = `const C = 0.7978845608028654;
fn th(z: f32) -> f32 { return tanh(clamp(z, -15.0, 15.0)); }
fn gelu(z: f32) -> f32 { return 0.5 * z * (1.0 + th(C * (z + 0.044715 * z * z * z))); }
fn geluGrad(z: f32) -> f32 {
  let t = th(C * (z + 0.044715 * z * z * z));
  return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * C * (1.0 + 3.0 * 0.044715 * z * z);
}`;

const forwardBody = `${geluFns}
${entry(WG)}
  if (gid >= u.total) { return; }
  y[gid] = gelu(x[gid] + b[gid % u.f]);
}`;

export function biasGelu({ inputs, backend }: Args): tf.TensorInfo {
  const { x, b } = inputs;
  const f = b.shape[0];
  const total = x.shape.reduce((a, c) => a * c, 1);
  const y = newOutput(backend, x.shape);
  runShader(backend, {
    body: forwardBody,
    outputs: [{ name: 'y', t: y }],
    inputs: [{ name: 'x', t: x }, { name: 'b', t: b }],
    uniforms: [{ name: 'total', type: 'i32', value: total }, { name: 'f', type: 'i32', value: f }],
    workgroups: grid(total, WG),
  });
  return y;
}

// One thread per column: it walks the rows, writing dx and summing dbias (adjacent threads read adjacent columns).
const backwardBody = `${geluFns}
${entry(WG)}
  if (gid >= u.f) { return; }
  let bias = b[gid];
  var s = 0.0;
  for (var r = 0; r < u.rows; r = r + 1) {
    let i = r * u.f + gid;
    let g = dy[i] * geluGrad(x[i] + bias);
    dx[i] = g;
    s = s + g;
  }
  db[gid] = s;
}`;

/** Backward: [dx, dbias]. */
export function biasGeluGrad({ inputs, backend }: Args): tf.TensorInfo[] {
  const { x, b, dy } = inputs;
  const f = b.shape[0];
  const rows = x.shape.reduce((a, c) => a * c, 1) / f;
  const dx = newOutput(backend, x.shape);
  const db = newOutput(backend, [f]);
  runShader(backend, {
    body: backwardBody,
    outputs: [{ name: 'dx', t: dx }, { name: 'db', t: db }],
    inputs: [{ name: 'x', t: x }, { name: 'b', t: b }, { name: 'dy', t: dy }],
    uniforms: [{ name: 'rows', type: 'i32', value: rows }, { name: 'f', type: 'i32', value: f }],
    workgroups: grid(f, WG),
  });
  return [dx, db];
}

export const geluKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.biasGelu, backendName: 'webgpu', kernelFunc: biasGelu as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.biasGeluGrad, backendName: 'webgpu', kernelFunc: biasGeluGrad as unknown as tf.KernelFunc },
];
