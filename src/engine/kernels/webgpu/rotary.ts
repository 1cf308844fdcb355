// Rotate-half rotary embedding on x [B, T, H, hd], one thread per element; the backward is the same shader rotating by −θ.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;

// Dim e < rot/2 pairs with e + rot/2: (x1·cos − x2·sin, x2·cos + x1·sin); dims from rot on pass through (partial rotary).
const body = `${entry(WG)}
  if (gid >= u.total) { return; }
  let e = gid % u.hd;
  let t = (gid / (u.hd * u.h)) % u.t;
  let hr = u.rot / 2;
  if (e >= u.rot) { y[gid] = x[gid]; return; }
  let i = select(e - hr, e, e < hr);
  let c = cosT[t * hr + i];
  let s = sinT[t * hr + i] * u.sign;
  if (e < hr) { y[gid] = x[gid] * c - x[gid + hr] * s; } else { y[gid] = x[gid] * c + x[gid - hr] * s; }
}`;

/** attrs: T, H, rot (rotated dims, even), sign (+1 forward, −1 for the gradient: the inverse rotation). */
export function rotary({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, cos, sin } = inputs;
  const { T, H, rot, sign } = attrs as { T: number; H: number; rot: number; sign: number };
  const hd = x.shape[x.shape.length - 1];
  const total = x.shape.reduce((a, c) => a * c, 1);
  const y = newOutput(backend, x.shape);
  runShader(backend, {
    body,
    outputs: [{ name: 'y', t: y }],
    inputs: [{ name: 'x', t: x }, { name: 'cosT', t: cos }, { name: 'sinT', t: sin }],
    uniforms: [
      { name: 'total', type: 'i32', value: total },
      { name: 't', type: 'i32', value: T },
      { name: 'h', type: 'i32', value: H },
      { name: 'hd', type: 'i32', value: hd },
      { name: 'rot', type: 'i32', value: rot },
      { name: 'sign', type: 'f32', value: sign },
    ],
    workgroups: grid(total, WG),
  });
  return y;
}

export const rotaryKernels: tf.KernelConfig[] = [{ kernelName: CustomKernel.rotary, backendName: 'webgpu', kernelFunc: rotary as unknown as tf.KernelFunc }];
