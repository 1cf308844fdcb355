// Per-tensor sums over several tensors per dispatch (one workgroup each), written into slots of one partials buffer.
// 'square' gives Σx² (global gradient norm); 'nonFinite' counts ±Inf/NaN by their bits (x − x may be folded to 0).
import type * as tf from '@tensorflow/tfjs';
import { wgSumSnippet } from './reduce';
import { newOutput, runShader, storageBufferLimit } from './runner';

const WG = 256;
export type SumMode = 'square' | 'nonFinite';

function body(k: number, mode: SumMode): string {
  const term = mode === 'square' ? 'v * v' : 'select(0.0, 1.0, (bitcast<u32>(v) & 0x7f800000u) == 0x7f800000u)';
  const cases = Array.from(
    { length: k },
    (_, i) => `case ${i}: { for (var j = tid; j < u.n${i}; j = j + ${WG}) { let v = x${i}[j]; s = s + ${term}; } }`,
  ).join('\n    ');
  return `${wgSumSnippet(WG)}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = i32(wid.x);
  let tid = i32(lid);
  var s = 0.0;
  switch w {
    ${cases}
    default: {}
  }
  let total = wgSum(s, tid);
  if (tid == 0) { partials[u.base + w] = total; }
}`;
}

/** partials [xs.length]: one sum per tensor, in ⌈n / (limit − 1)⌉ dispatches. Caller releases the result. */
export function tensorSums(backend: unknown, xs: tf.TensorInfo[], mode: SumMode): tf.TensorInfo {
  const partials = newOutput(backend, [xs.length]);
  const k = Math.max(1, storageBufferLimit(backend) - 1);
  for (let base = 0; base < xs.length; base += k) {
    const group = xs.slice(base, base + k);
    runShader(backend, {
      body: body(group.length, mode),
      outputs: [{ name: 'partials', t: partials }],
      inputs: group.map((t, i) => ({ name: `x${i}`, t })),
      uniforms: [{ name: 'base', type: 'i32', value: base }, ...group.map((t, i) => ({ name: `n${i}`, type: 'i32' as const, value: t.shape.reduce((a, c) => a * c, 1) }))],
      workgroups: [group.length, 1, 1],
    });
  }
  return partials;
}

const finalBody = `${wgSumSnippet(64)}
@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32) {
  let tid = i32(lid);
  var s = 0.0;
  for (var j = tid; j < u.n; j = j + 64) { s = s + partials[j]; }
  let total = wgSum(s, tid);
  if (tid == 0) {
    // mode 0: the global norm sqrt(Σ); mode 1: 0 when nothing was non-finite, NaN otherwise (the composite's contract).
    out[0] = select(sqrt(total), select(0.0, u.nan, total > 0.0), u.mode == 1);
  }
}`;

/** A scalar from a partials buffer: sqrt of the sum ('square') or 0/NaN ('nonFinite'). */
export function finishSums(backend: unknown, partials: tf.TensorInfo, mode: SumMode): tf.TensorInfo {
  const out = newOutput(backend, []);
  runShader(backend, {
    body: finalBody,
    outputs: [{ name: 'out', t: out }],
    inputs: [{ name: 'partials', t: partials }],
    uniforms: [
      { name: 'n', type: 'i32', value: partials.shape[0] },
      { name: 'mode', type: 'i32', value: mode === 'square' ? 0 : 1 },
      { name: 'nan', type: 'f32', value: NaN },
    ],
    workgroups: [1, 1, 1],
  });
  return out;
}
