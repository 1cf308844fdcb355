// The composite Adam runs ~560 tfjs kernels a step on wasm; the same
// update as one registered kernel (StudioAdamMulti, the WebGPU kernel's contract) calls tfjs's SIMD kernels directly,
// without the engine's per-op bookkeeping (a JS loop over the heap was slower: scalar JS is slow here).
import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from '../ops/adam';
import { CustomKernel } from '../names';
import { callKernel, f32, scalar, type Info, type WasmBackend } from './backend';
import { heapKernels, type AdamConstants, type HeapKernels } from './heapKernels';

/**
 * Inputs p0.., g0.., m0.., v0..; outputs [p'0.., m'0.., v'0.., norm, finite]: norm is the pre-clipping global gradient
 * norm, finite 0 when every new weight is finite and NaN otherwise (as the composite's sum(p − p)).
 */
function adamMulti(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info[] {
  const b = args.backend as WasmBackend;
  const a = args.attrs as unknown as AdamAttrs;
  const [ps, gs, ms, vs] = (['p', 'g', 'm', 'v'] as const).map((p) => Array.from({ length: a.n }, (_, i) => args.inputs[`${p}${i}`] as Info));
  const hk = heapKernels(b);
  if (hk) return sweptAdam(hk, b, a, ps, gs, ms, vs);
  const scratch: Info[] = [];
  const k = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}, keep = false): Info => {
    const out = callKernel(b, name, inputs, attrs);
    if (!keep) scratch.push(out);
    return out;
  };
  const constant = (v: number): Info => {
    const s = scalar(b, v);
    scratch.push(s);
    return s;
  };
  /** Σ over every element, read from the heap (no sync: wasm memory is the host's). */
  const total = (x: Info): number => f32(b, k('Sum', { x }, { axis: x.shape.map((_, i) => i), keepDims: false }))[0];
  let sq = 0;
  for (const g of gs) sq += total(k('Square', { x: g }));
  for (const s of scratch.splice(0)) b.disposeData(s.dataId);
  const { norm, h } = constantsOf(a, sq);
  const [sScale, b1, c1, b2, c2, ib1, isb2, eps, wd, lr] = [h.scale, h.b1, h.c1, h.b2, h.c2, h.ib1, h.isb2, h.eps, h.wd, h.lr].map(constant);
  const pOut: Info[] = [];
  const mOut: Info[] = [];
  const vOut: Info[] = [];
  let bad = 0;
  for (let t = 0; t < a.n; t++) {
    const g = h.scale !== 1 ? k('Multiply', { a: gs[t], b: sScale }) : gs[t];
    const m = k('Add', { a: k('Multiply', { a: ms[t], b: b1 }), b: k('Multiply', { a: g, b: c1 }) }, {}, true);
    const v = k('Add', { a: k('Multiply', { a: vs[t], b: b2 }), b: k('Multiply', { a: k('Square', { x: g }), b: c2 }) }, {}, true);
    let upd = k('RealDiv', { a: k('Multiply', { a: m, b: ib1 }), b: k('Add', { a: k('Multiply', { a: k('Sqrt', { x: v }), b: isb2 }), b: eps }) });
    if (h.wd > 0) upd = k('Add', { a: upd, b: k('Multiply', { a: ps[t], b: wd }) });
    const p = k('Sub', { a: ps[t], b: k('Multiply', { a: upd, b: lr }) }, {}, true);
    bad += total(k('Sub', { a: p, b: p }));
    pOut.push(p);
    mOut.push(m);
    vOut.push(v);
    // Free this tensor's temporaries (scratch[0..9] are the scalars) before the next tensor's, as the composite does.
    for (const s of scratch.splice(10)) b.disposeData(s.dataId);
  }
  for (const s of scratch) b.disposeData(s.dataId);
  return [...pOut, ...mOut, ...vOut, scalar(b, norm), scalar(b, bad)];
}

/** The global gradient norm from Σg², and the update's constants: (m / bc1) / (√(v / bc2) + eps) as (m · 1/bc1) / (√v · 1/√bc2 + eps). */
function constantsOf(a: AdamAttrs, sq: number): { norm: number; h: AdamConstants } {
  const norm = Math.fround(Math.sqrt(sq));
  const scale = a.clipNorm > 0 ? Math.min(1, a.clipNorm / (norm + 1e-6)) : 1;
  return { norm, h: { scale, b1: a.beta1, c1: 1 - a.beta1, b2: a.beta2, c2: 1 - a.beta2, ib1: 1 / a.bc1, isb2: 1 / Math.sqrt(a.bc2), eps: a.eps, wd: a.weightDecay, lr: a.lr } };
}

/** The same update as one SIMD sweep per tensor (heapKernelsCode.ts): a tenth of the composite's 10 kernel passes' time. */
function sweptAdam(hk: HeapKernels, b: WasmBackend, a: AdamAttrs, ps: Info[], gs: Info[], ms: Info[], vs: Info[]): Info[] {
  let sq = 0;
  for (const g of gs) sq += hk.sumSq(g);
  const { norm, h } = constantsOf(a, sq);
  const outs = ps.map((p) => ({ p: b.makeOutput(p.shape, 'float32'), m: b.makeOutput(p.shape, 'float32'), v: b.makeOutput(p.shape, 'float32') }));
  let bad = 0;
  outs.forEach((o, t) => (bad += hk.adam(ps[t], gs[t], ms[t], vs[t], o, h)));
  return [...outs.map((o) => o.p), ...outs.map((o) => o.m), ...outs.map((o) => o.v), scalar(b, norm), scalar(b, bad)];
}

/** Registers StudioAdamMulti on wasm (the optimizer takes it through useFused while the fast kernels are on). */
export function registerWasmAdam(): boolean {
  if (tf.getKernel(CustomKernel.adam, 'wasm')) return false;
  tf.registerKernel({ kernelName: CustomKernel.adam, backendName: 'wasm', kernelFunc: adamMulti as unknown as tf.KernelFunc });
  return true;
}
