// The gated MLP's activation: y = silu(gate)·up elementwise; the backward gives dgate and dup in one dispatch.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;

// exp(−g) overflows to +Inf for very negative g, which correctly makes the sigmoid 0.
const sig = `fn sig(z: f32) -> f32 { return 1.0 / (1.0 + exp(-z)); }`;

const forwardBody = `${sig}
${entry(WG)}
  if (gid >= u.total) { return; }
  let g = gate[gid];
  y[gid] = g * sig(g) * up[gid];
}`;

const total = (t: tf.TensorInfo) => t.shape.reduce((a, c) => a * c, 1);

export function siluMul({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { gate, up } = inputs;
  const y = newOutput(backend, gate.shape);
  runShader(backend, {
    body: forwardBody,
    outputs: [{ name: 'y', t: y }],
    inputs: [{ name: 'gate', t: gate }, { name: 'up', t: up }],
    uniforms: [{ name: 'total', type: 'i32', value: total(gate) }],
    workgroups: grid(total(gate), WG),
  });
  return y;
}

// d silu(g)/dg = σ(g)·(1 + g·(1 − σ(g))).
const backwardBody = `${sig}
${entry(WG)}
  if (gid >= u.total) { return; }
  let g = gate[gid];
  let s = sig(g);
  dgate[gid] = dy[gid] * up[gid] * s * (1.0 + g * (1.0 - s));
  dup[gid] = dy[gid] * g * s;
}`;

/** Backward: [dgate, dup]. */
export function siluMulGrad({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const { gate, up, dy } = inputs;
  const dgate = newOutput(backend, gate.shape);
  const dup = newOutput(backend, up.shape);
  runShader(backend, {
    body: backwardBody,
    outputs: [{ name: 'dgate', t: dgate }, { name: 'dup', t: dup }],
    inputs: [{ name: 'gate', t: gate }, { name: 'up', t: up }, { name: 'dy', t: dy }],
    uniforms: [{ name: 'total', type: 'i32', value: total(gate) }],
    workgroups: grid(total(gate), WG),
  });
  return [dgate, dup];
}

export const siluMulKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.siluMul, backendName: 'webgpu', kernelFunc: siluMul as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.siluMulGrad, backendName: 'webgpu', kernelFunc: siluMulGrad as unknown as tf.KernelFunc },
];
