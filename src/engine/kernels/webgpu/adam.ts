// Multi-tensor Adam as one registered kernel: global norm, one fused update dispatch per tensor (param, m, v together),
// and the finiteness flag of the new weights; nothing is assigned, so the optimizer can still commit or discard.
import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from '../ops/adam';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { newOutput, release, runShader, type KernelArgs } from './runner';
import { finishSums, tensorSums } from './tensorSums';

const WG = 64;

const updateBody = `${entry(WG)}
  if (gid >= u.size) { return; }
  var scale = 1.0;
  if (u.clip > 0.0) { scale = min(1.0, u.clip / (norm[0] + 1e-6)); }
  let g = grad[gid] * scale;
  let w = param[gid];
  let m = m0[gid] * u.beta1 + g * (1.0 - u.beta1);
  let v = v0[gid] * u.beta2 + g * g * (1.0 - u.beta2);
  var upd = (m / u.bc1) / (sqrt(v / u.bc2) + u.eps);
  if (u.wd > 0.0) { upd = upd + w * u.wd; }
  pOut[gid] = w - upd * u.lr;
  mOut[gid] = m;
  vOut[gid] = v;
}`;

/**
 * Inputs p0.., g0.., m0.., v0..; outputs [p'0.., m'0.., v'0.., norm, finite] where norm is the pre-clipping global
 * gradient norm and finite is 0 when every new weight is finite, NaN otherwise.
 */
export function adamMulti(args: KernelArgs): tf.TensorInfo[] {
  const { inputs, backend } = args;
  const a = args.attrs as unknown as AdamAttrs;
  const pick = (p: string) => Array.from({ length: a.n }, (_, i) => inputs[`${p}${i}`]);
  const [ps, gs, ms, vs] = [pick('p'), pick('g'), pick('m'), pick('v')];
  const sq = tensorSums(backend, gs, 'square');
  const norm = finishSums(backend, sq, 'square');
  const pOut: tf.TensorInfo[] = [];
  const mOut: tf.TensorInfo[] = [];
  const vOut: tf.TensorInfo[] = [];
  for (let i = 0; i < a.n; i++) {
    const size = ps[i].shape.reduce((x, y) => x * y, 1);
    const [p, m, v] = [newOutput(backend, ps[i].shape), newOutput(backend, ps[i].shape), newOutput(backend, ps[i].shape)];
    runShader(backend, {
      body: updateBody,
      outputs: [{ name: 'pOut', t: p }, { name: 'mOut', t: m }, { name: 'vOut', t: v }],
      inputs: [{ name: 'param', t: ps[i] }, { name: 'grad', t: gs[i] }, { name: 'm0', t: ms[i] }, { name: 'v0', t: vs[i] }, { name: 'norm', t: norm }],
      uniforms: [
        { name: 'size', type: 'i32', value: size },
        { name: 'lr', type: 'f32', value: a.lr },
        { name: 'beta1', type: 'f32', value: a.beta1 },
        { name: 'beta2', type: 'f32', value: a.beta2 },
        { name: 'eps', type: 'f32', value: a.eps },
        { name: 'wd', type: 'f32', value: a.weightDecay },
        { name: 'clip', type: 'f32', value: a.clipNorm },
        { name: 'bc1', type: 'f32', value: a.bc1 },
        { name: 'bc2', type: 'f32', value: a.bc2 },
      ],
      workgroups: grid(size, WG),
    });
    pOut.push(p);
    mOut.push(m);
    vOut.push(v);
  }
  const bad = tensorSums(backend, pOut, 'nonFinite');
  const finite = finishSums(backend, bad, 'nonFinite');
  release(backend, sq);
  release(backend, bad);
  return [...pOut, ...mOut, ...vOut, norm, finite];
}

export const adamKernels: tf.KernelConfig[] = [{ kernelName: CustomKernel.adam, backendName: 'webgpu', kernelFunc: adamMulti as unknown as tf.KernelFunc }];
