// The composite Adam runs ~560 tfjs kernels a step on wasm (41 ms for the default model's 28 tensors); the same
// update as one JS pass per tensor over the heap (PsAdamMulti, the WebGPU kernel's contract) takes a few ms.
import * as tf from '@tensorflow/tfjs';
import { K } from '../names';
import { f32, size, type Info, type WasmBackend } from './backend';

interface AdamAttrs {
  n: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clipNorm: number;
  bc1: number;
  bc2: number;
}

type Views = { w: Float32Array; g: Float32Array; m0: Float32Array; v0: Float32Array; p: Float32Array; m: Float32Array; v: Float32Array };

/** One tensor's update; returns Σ(p − p) (0, or NaN for a non-finite weight). Scalars hoisted so V8 keeps the loop tight. */
function update(h: Views, n: number, scale: number, a: AdamAttrs): number {
  const { w, g, m0, v0, p: po, m: mo, v: vo } = h;
  const { beta1, beta2, bc1, bc2, eps, weightDecay, lr } = a;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  // (m / bc1) / (√(v / bc2) + eps) with one division and one square root an element.
  const ib1 = 1 / bc1;
  const isb2 = 1 / Math.sqrt(bc2);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const gi = g[i] * scale;
    const m = m0[i] * beta1 + gi * c1;
    const v = v0[i] * beta2 + gi * gi * c2;
    let upd = (m * ib1) / (Math.sqrt(v) * isb2 + eps);
    if (weightDecay > 0) upd += w[i] * weightDecay;
    const p = w[i] - upd * lr;
    po[i] = p;
    mo[i] = m;
    vo[i] = v;
    bad += p - p;
  }
  return bad;
}

/**
 * Inputs p0.., g0.., m0.., v0..; outputs [p'0.., m'0.., v'0.., norm, finite]: norm is the pre-clipping global gradient
 * norm, finite 0 when every new weight is finite and NaN otherwise (as the composite's sum(p − p)).
 */
function adamMulti(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info[] {
  const b = args.backend as WasmBackend;
  const a = args.attrs as unknown as AdamAttrs;
  const pick = (p: string) => Array.from({ length: a.n }, (_, i) => args.inputs[`${p}${i}`] as Info);
  const [ps, gs, ms, vs] = [pick('p'), pick('g'), pick('m'), pick('v')];
  let sq = 0;
  for (const g of gs) {
    const gv = f32(b, g);
    for (let i = 0; i < gv.length; i++) sq += gv[i] * gv[i];
  }
  const norm = Math.fround(Math.sqrt(sq));
  const scale = a.clipNorm > 0 ? Math.min(1, a.clipNorm / (norm + 1e-6)) : 1;
  const outs = ps.map((p) => [0, 1, 2].map(() => b.makeOutput(p.shape.slice(), 'float32')));
  const normOut = b.makeOutput([], 'float32');
  const finiteOut = b.makeOutput([], 'float32');
  let bad = 0;
  for (let t = 0; t < a.n; t++) {
    // Views after every makeOutput above: an allocation may grow (and detach) the heap.
    const h = { w: f32(b, ps[t]), g: f32(b, gs[t]), m0: f32(b, ms[t]), v0: f32(b, vs[t]), p: f32(b, outs[t][0]), m: f32(b, outs[t][1]), v: f32(b, outs[t][2]) };
    bad += update(h, size(ps[t].shape), scale, a);
  }
  f32(b, normOut)[0] = norm;
  f32(b, finiteOut)[0] = bad;
  return [...outs.map((o) => o[0]), ...outs.map((o) => o[1]), ...outs.map((o) => o[2]), normOut, finiteOut];
}

/** Registers PsAdamMulti on wasm (the optimizer takes it through useFused while the fast kernels are on). */
export function registerWasmAdam(): boolean {
  if (tf.getKernel(K.adam, 'wasm')) return false;
  tf.registerKernel({ kernelName: K.adam, backendName: 'wasm', kernelFunc: adamMulti as unknown as tf.KernelFunc });
  return true;
}
