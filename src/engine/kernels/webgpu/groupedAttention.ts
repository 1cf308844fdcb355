// Grouped-query causal attention on q [B, T, H, hd], k and v [B, T, KV, hd] (H = KV·G; query head h reads kv head
// ⌊h/G⌋, never repeated in memory), with Mistral's sliding window; one thread per (batch, head, row). The forward
// saves each row's logsumexp so both backward shaders recompute the probabilities.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;

export interface GqaAttrs {
  B: number;
  T: number;
  H: number;
  KV: number;
  scale: number;
  /** Keys at most this many positions back, itself included (0: unlimited). */
  win: number;
}

/** Offsets of row r, head h in q/y (H heads) and kv head g in k/v, plus the rows a query or key may see. */
const indexing = (hd: number) => `const HD = ${hd};
fn qAt(b: i32, r: i32, h: i32) -> i32 { return ((b * u.t + r) * u.h + h) * HD; }
fn kAt(b: i32, r: i32, g: i32) -> i32 { return ((b * u.t + r) * u.kv + g) * HD; }
fn firstKey(i: i32) -> i32 { return select(0, max(0, i - u.win + 1), u.win > 0); }
fn lastQuery(j: i32) -> i32 { return select(u.t - 1, min(u.t - 1, j + u.win - 1), u.win > 0); }`;

const forwardBody = (hd: number) => `${indexing(hd)}
${entry(WG)}
  if (gid >= u.b * u.h * u.t) { return; }
  let i = gid % u.t;
  let h = (gid / u.t) % u.h;
  let b = gid / (u.t * u.h);
  let g = h / (u.h / u.kv);
  var qv: array<f32, HD>;
  var acc: array<f32, HD>;
  let qi = qAt(b, i, h);
  for (var e = 0; e < HD; e = e + 1) { qv[e] = q[qi + e] * u.scale; acc[e] = 0.0; }
  var m = -3.4e38;
  var l = 0.0;
  for (var j = firstKey(i); j <= i; j = j + 1) {
    let kj = kAt(b, j, g);
    var s = 0.0;
    for (var e = 0; e < HD; e = e + 1) { s = s + qv[e] * k[kj + e]; }
    let mNew = max(m, s);
    let corr = exp(m - mNew);
    let p = exp(s - mNew);
    l = l * corr + p;
    for (var e = 0; e < HD; e = e + 1) { acc[e] = acc[e] * corr + p * v[kj + e]; }
    m = mNew;
  }
  for (var e = 0; e < HD; e = e + 1) { y[qi + e] = acc[e] / l; }
  lse[gid] = m + log(l);
}`;

function dims(a: GqaAttrs) {
  return [
    { name: 'b', type: 'i32' as const, value: a.B },
    { name: 't', type: 'i32' as const, value: a.T },
    { name: 'h', type: 'i32' as const, value: a.H },
    { name: 'kv', type: 'i32' as const, value: a.KV },
    { name: 'win', type: 'i32' as const, value: a.win },
    { name: 'scale', type: 'f32' as const, value: a.scale },
  ];
}

const headDim = (q: tf.TensorInfo) => q.shape[q.shape.length - 1];

/** Forward: [y [B·T, H·hd], lse [B·H·T]]. */
export function groupedAttention({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { q, k, v } = inputs;
  const a = attrs as unknown as GqaAttrs;
  const hd = headDim(q);
  const y = newOutput(backend, [a.B * a.T, a.H * hd]);
  const lse = newOutput(backend, [a.B * a.H * a.T]);
  runShader(backend, {
    body: forwardBody(hd),
    outputs: [{ name: 'y', t: y }, { name: 'lse', t: lse }],
    inputs: [{ name: 'q', t: q }, { name: 'k', t: k }, { name: 'v', t: v }],
    uniforms: dims(a),
    workgroups: grid(a.B * a.H * a.T, WG),
  });
  return [y, lse];
}

/** Σ_e dy·y of query row i, head h: the softmax backward's row term. */
const rowDot = `fn rowDot(b: i32, i: i32, h: i32) -> f32 {
  let o = qAt(b, i, h);
  var s = 0.0;
  for (var e = 0; e < HD; e = e + 1) { s = s + dy[o + e] * y[o + e]; }
  return s;
}`;

// Thread (b, h, r): dq_r = scale·Σ_j dS_rj·k_j over the keys row r sees, with dS = P·(dy_r·v_j − rowDot).
const gradQBody = (hd: number) => `${indexing(hd)}
${rowDot}
${entry(WG)}
  if (gid >= u.b * u.h * u.t) { return; }
  let r = gid % u.t;
  let h = (gid / u.t) % u.h;
  let b = gid / (u.t * u.h);
  let g = h / (u.h / u.kv);
  var qv: array<f32, HD>;
  var dyr: array<f32, HD>;
  var acc: array<f32, HD>;
  let qr = qAt(b, r, h);
  for (var e = 0; e < HD; e = e + 1) { qv[e] = q[qr + e]; dyr[e] = dy[qr + e]; acc[e] = 0.0; }
  let dr = rowDot(b, r, h);
  let lr = lse[gid];
  for (var j = firstKey(r); j <= r; j = j + 1) {
    let kj = kAt(b, j, g);
    var s = 0.0;
    var dp = 0.0;
    for (var e = 0; e < HD; e = e + 1) { s = s + qv[e] * k[kj + e]; dp = dp + dyr[e] * v[kj + e]; }
    let ds = exp(s * u.scale - lr) * (dp - dr);
    for (var e = 0; e < HD; e = e + 1) { acc[e] = acc[e] + ds * k[kj + e]; }
  }
  for (var e = 0; e < HD; e = e + 1) { dq[qr + e] = acc[e] * u.scale; }
}`;

// Thread (b, g, r): key/value row r of kv head g sums over the G query heads of its group and the rows that see it.
const gradKVBody = (hd: number) => `${indexing(hd)}
${rowDot}
${entry(WG)}
  if (gid >= u.b * u.kv * u.t) { return; }
  let r = gid % u.t;
  let g = (gid / u.t) % u.kv;
  let b = gid / (u.t * u.kv);
  let G = u.h / u.kv;
  var kr: array<f32, HD>;
  var vr: array<f32, HD>;
  var ak: array<f32, HD>;
  var av: array<f32, HD>;
  let o = kAt(b, r, g);
  for (var e = 0; e < HD; e = e + 1) { kr[e] = k[o + e]; vr[e] = v[o + e]; ak[e] = 0.0; av[e] = 0.0; }
  for (var h = g * G; h < (g + 1) * G; h = h + 1) {
    for (var i = r; i <= lastQuery(r); i = i + 1) {
      let qi = qAt(b, i, h);
      var s = 0.0;
      var dp = 0.0;
      for (var e = 0; e < HD; e = e + 1) { s = s + q[qi + e] * kr[e]; dp = dp + dy[qi + e] * vr[e]; }
      let p = exp(s * u.scale - lse[(b * u.h + h) * u.t + i]);
      let ds = p * (dp - rowDot(b, i, h));
      for (var e = 0; e < HD; e = e + 1) { ak[e] = ak[e] + ds * q[qi + e]; av[e] = av[e] + p * dy[qi + e]; }
    }
  }
  for (var e = 0; e < HD; e = e + 1) { dk[o + e] = ak[e] * u.scale; dv[o + e] = av[e]; }
}`;

/** dq [B, T, H, hd]: inputs q, k, v, y, dy, lse (7 storage buffers). */
export function groupedAttentionGradQ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { q, k, v, y, dy, lse } = inputs;
  const a = attrs as unknown as GqaAttrs;
  const dq = newOutput(backend, q.shape);
  runShader(backend, {
    body: gradQBody(headDim(q)),
    outputs: [{ name: 'dq', t: dq }],
    inputs: [{ name: 'q', t: q }, { name: 'k', t: k }, { name: 'v', t: v }, { name: 'y', t: y }, { name: 'dy', t: dy }, { name: 'lse', t: lse }],
    uniforms: dims(a),
    workgroups: grid(a.B * a.H * a.T, WG),
  });
  return dq;
}

/** [dk, dv], each [B, T, KV, hd]: 8 storage buffers, the default per-stage limit (dq is its own dispatch for this). */
export function groupedAttentionGradKV({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { q, k, v, y, dy, lse } = inputs;
  const a = attrs as unknown as GqaAttrs;
  const dk = newOutput(backend, k.shape);
  const dv = newOutput(backend, v.shape);
  runShader(backend, {
    body: gradKVBody(headDim(q)),
    outputs: [{ name: 'dk', t: dk }, { name: 'dv', t: dv }],
    inputs: [{ name: 'q', t: q }, { name: 'k', t: k }, { name: 'v', t: v }, { name: 'y', t: y }, { name: 'dy', t: dy }, { name: 'lse', t: lse }],
    uniforms: dims(a),
    workgroups: grid(a.B * a.KV * a.T, WG),
  });
  return [dk, dv];
}

export const groupedAttentionKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.gqa, backendName: 'webgpu', kernelFunc: groupedAttention as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.gqaGradQ, backendName: 'webgpu', kernelFunc: groupedAttentionGradQ as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.gqaGradKV, backendName: 'webgpu', kernelFunc: groupedAttentionGradKV as unknown as tf.KernelFunc },
];
