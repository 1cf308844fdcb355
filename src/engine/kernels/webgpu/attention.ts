// Causal self-attention straight from the packed qkv [B·T, 3d] to y [B·T, d]: one thread per (batch, head, query row).
// No split/transpose dispatches; the forward saves each row's logsumexp so the backward recomputes the probabilities.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { entry, grid } from './grid';
import { newOutput, runShader, type KernelArgs } from './runner';

const WG = 64;
type Args = KernelArgs;

/** Index helpers shared by both shaders: row r of batch b, element e of head h in part 0 (q), 1 (k) or 2 (v). */
const indexing = (hd: number) => `const HD = ${hd};
fn at(b: i32, r: i32, part: i32, h: i32) -> i32 { return (b * u.t + r) * 3 * u.d + part * u.d + h * HD; }`;

const forwardBody = (hd: number) => `${indexing(hd)}
${entry(WG)}
  if (gid >= u.b * u.h * u.t) { return; }
  let i = gid % u.t;
  let h = (gid / u.t) % u.h;
  let b = gid / (u.t * u.h);
  var q: array<f32, HD>;
  var acc: array<f32, HD>;
  let qi = at(b, i, 0, h);
  for (var e = 0; e < HD; e = e + 1) { q[e] = qkv[qi + e] * u.scale; acc[e] = 0.0; }
  var m = -3.4e38;
  var l = 0.0;
  for (var j = 0; j <= i; j = j + 1) {
    let kj = at(b, j, 1, h);
    var s = 0.0;
    for (var e = 0; e < HD; e = e + 1) { s = s + q[e] * qkv[kj + e]; }
    let mNew = max(m, s);
    let corr = exp(m - mNew);
    let p = exp(s - mNew);
    l = l * corr + p;
    let vj = at(b, j, 2, h);
    for (var e = 0; e < HD; e = e + 1) { acc[e] = acc[e] * corr + p * qkv[vj + e]; }
    m = mNew;
  }
  let yo = (b * u.t + i) * u.d + h * HD;
  for (var e = 0; e < HD; e = e + 1) { y[yo + e] = acc[e] / l; }
  lse[gid] = m + log(l);
}`;

/** Forward: [y [B·T, d], lse [B·H·T]]. attrs: B, T, H, scale. */
export function attention({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const { qkv } = inputs;
  const { B, T, H, scale } = attrs as { B: number; T: number; H: number; scale: number };
  const d = qkv.shape[1] / 3;
  const y = newOutput(backend, [B * T, d]);
  const lse = newOutput(backend, [B * H * T]);
  runShader(backend, {
    body: forwardBody(d / H),
    outputs: [{ name: 'y', t: y }, { name: 'lse', t: lse }],
    inputs: [{ name: 'qkv', t: qkv }],
    uniforms: dims(B, T, H, d, scale),
    workgroups: grid(B * H * T, WG),
  });
  return [y, lse];
}

function dims(B: number, T: number, H: number, d: number, scale: number) {
  return [
    { name: 'b', type: 'i32' as const, value: B },
    { name: 't', type: 'i32' as const, value: T },
    { name: 'h', type: 'i32' as const, value: H },
    { name: 'd', type: 'i32' as const, value: d },
    { name: 'scale', type: 'f32' as const, value: scale },
  ];
}

// Thread (b, h, r) writes dq of query row r and dk, dv of key row r: P = exp(s − lse), dS = P·(dP − rowdot(dy, y)).
const backwardBody = (hd: number) => `${indexing(hd)}
fn rowDot(b: i32, i: i32, h: i32) -> f32 {
  let o = (b * u.t + i) * u.d + h * HD;
  var s = 0.0;
  for (var e = 0; e < HD; e = e + 1) { s = s + dy[o + e] * y[o + e]; }
  return s;
}
${entry(WG)}
  if (gid >= u.b * u.h * u.t) { return; }
  let r = gid % u.t;
  let h = (gid / u.t) % u.h;
  let b = gid / (u.t * u.h);
  let lh = (b * u.h + h) * u.t;
  var a: array<f32, HD>;
  var c: array<f32, HD>;
  var acc1: array<f32, HD>;
  var acc2: array<f32, HD>;
  // Query role: dq_r = scale·Σ_j≤r dS_rj·k_j.
  let qr = at(b, r, 0, h);
  let yr = (b * u.t + r) * u.d + h * HD;
  for (var e = 0; e < HD; e = e + 1) { a[e] = qkv[qr + e]; c[e] = dy[yr + e]; acc1[e] = 0.0; }
  let dr = rowDot(b, r, h);
  let lr = lse[lh + r];
  for (var j = 0; j <= r; j = j + 1) {
    let kj = at(b, j, 1, h);
    let vj = at(b, j, 2, h);
    var s = 0.0;
    var dp = 0.0;
    for (var e = 0; e < HD; e = e + 1) { s = s + a[e] * qkv[kj + e]; dp = dp + c[e] * qkv[vj + e]; }
    let ds = exp(s * u.scale - lr) * (dp - dr);
    for (var e = 0; e < HD; e = e + 1) { acc1[e] = acc1[e] + ds * qkv[kj + e]; }
  }
  for (var e = 0; e < HD; e = e + 1) { dqkv[qr + e] = acc1[e] * u.scale; }
  // Key/value role: dk_r = scale·Σ_i≥r dS_ir·q_i, dv_r = Σ_i≥r P_ir·dy_i.
  let kr = at(b, r, 1, h);
  let vr = at(b, r, 2, h);
  for (var e = 0; e < HD; e = e + 1) { a[e] = qkv[kr + e]; c[e] = qkv[vr + e]; acc1[e] = 0.0; acc2[e] = 0.0; }
  for (var i = r; i < u.t; i = i + 1) {
    let qi = at(b, i, 0, h);
    let yi = (b * u.t + i) * u.d + h * HD;
    var s = 0.0;
    var dp = 0.0;
    for (var e = 0; e < HD; e = e + 1) { s = s + qkv[qi + e] * a[e]; dp = dp + dy[yi + e] * c[e]; }
    let p = exp(s * u.scale - lse[lh + i]);
    let ds = p * (dp - rowDot(b, i, h));
    for (var e = 0; e < HD; e = e + 1) { acc1[e] = acc1[e] + ds * qkv[qi + e]; acc2[e] = acc2[e] + p * dy[yi + e]; }
  }
  for (var e = 0; e < HD; e = e + 1) { dqkv[kr + e] = acc1[e] * u.scale; dqkv[vr + e] = acc2[e]; }
}`;

/** Backward: dqkv [B·T, 3d] in one dispatch. Inputs qkv, y, dy, lse from the forward. */
export function attentionGrad({ inputs, backend, attrs }: Args): tf.TensorInfo {
  const { qkv, y, dy, lse } = inputs;
  const { B, T, H, scale } = attrs as { B: number; T: number; H: number; scale: number };
  const d = qkv.shape[1] / 3;
  const dqkv = newOutput(backend, qkv.shape);
  runShader(backend, {
    body: backwardBody(d / H),
    outputs: [{ name: 'dqkv', t: dqkv }],
    inputs: [{ name: 'qkv', t: qkv }, { name: 'y', t: y }, { name: 'dy', t: dy }, { name: 'lse', t: lse }],
    uniforms: dims(B, T, H, d, scale),
    workgroups: grid(B * H * T, WG),
  });
  return dqkv;
}

export const attentionKernels: tf.KernelConfig[] = [
  { kernelName: CustomKernel.attention, backendName: 'webgpu', kernelFunc: attention as unknown as tf.KernelFunc },
  { kernelName: CustomKernel.attentionGrad, backendName: 'webgpu', kernelFunc: attentionGrad as unknown as tf.KernelFunc },
];
