// Building blocks of the rotary-embedding families (Llama, Mistral, Qwen, GPT-NeoX): tfjs composites that run and
// differentiate on every backend, or one fused WebGPU kernel each when useFused() says so.
import * as tf from '@tensorflow/tfjs';
import { useFused, useFusedRows } from '../../kernels/ops/active';
import { fusedGroupedAttention } from '../../kernels/ops/groupedAttention';
import { fusedRmsNorm } from '../../kernels/ops/rmsNorm';
import { fusedRotary } from '../../kernels/ops/rotary';
import { fusedSiluMul } from '../../kernels/ops/siluMul';
import { CustomKernel } from '../../kernels/names';

/** RMSNorm over the last axis: x / sqrt(mean(x²) + eps) · w. */
export function rmsNorm(x: tf.Tensor, w: tf.Tensor, eps: number): tf.Tensor {
  if (useFusedRows(CustomKernel.rmsNorm, x.shape[x.shape.length - 1])) return fusedRmsNorm(x, w, eps);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), w);
}

/** silu(gate)·up elementwise. */
export function siluMul(gate: tf.Tensor, up: tf.Tensor): tf.Tensor {
  if (useFusedSiluMul(gate)) return fusedSiluMul(gate, up);
  return tf.mul(tf.mul(gate, tf.sigmoid(gate)), up);
}

/** Whether silu·up over gate takes its fused kernel (the wasm one sweeps whole f32x4 vectors). */
export const useFusedSiluMul = (gate: tf.Tensor): boolean => useFusedRows(CustomKernel.siluMul, gate.shape[gate.shape.length - 1]);

/**
 * Rotary embedding in transformers' rotate-half layout on x [B, T, H, hd]: the first `rot` dims of each head are
 * split in two halves (x1, x2) → (x1·cos − x2·sin, x2·cos + x1·sin); dims past `rot` pass through (NeoX's partial rotary).
 * cos and sin are [T, rot/2] tables.
 */
export function applyRotary(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D, rot: number): tf.Tensor4D {
  const [B, T, H, hd] = x.shape;
  // The wasm kernel sweeps whole f32x4 vectors of each half and of the pass-through tail.
  if (useFusedRows(CustomKernel.rotary, rot / 2) && useFusedRows(CustomKernel.rotary, hd - rot || 4)) return fusedRotary(x, cos, sin, rot);
  const half = rot / 2;
  const c = cos.reshape([T, 1, half]);
  const s = sin.reshape([T, 1, half]);
  const x1 = tf.slice(x, [0, 0, 0, 0], [B, T, H, half]);
  const x2 = tf.slice(x, [0, 0, 0, half], [B, T, H, half]);
  const parts = [tf.sub(tf.mul(x1, c), tf.mul(x2, s)), tf.add(tf.mul(x2, c), tf.mul(x1, s))];
  if (rot < hd) parts.push(tf.slice(x, [0, 0, 0, rot], [B, T, H, hd - rot]));
  return tf.concat(parts, 3) as tf.Tensor4D;
}

/**
 * Additive mask [T, T]: 0 where query i may attend key j (j ≤ i, and i − j < window when a sliding window is set,
 * as Mistral's), a large negative elsewhere.
 */
export function attentionMask(T: number, window: number | null): tf.Tensor2D {
  const m = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (j > i || (window !== null && i - j >= window)) m[i * T + j] = -1e9;
  return tf.tensor2d(m, [T, T]);
}

/**
 * Grouped-query causal attention. q [B, T, H, hd], k and v [B, T, KV, hd], H = KV·g; query head h reads kv head
 * ⌊h/g⌋ (transformers' repeat_kv). The g query heads of a group are stacked along the row axis, so k and v are
 * never repeated in memory. Returns [B·T, H·hd]. The fused kernel builds no mask: it takes the causal rule and
 * `window` (the one attentionMask(T, window) was built with) directly. `softcap` c: scores become tanh(s/c)·c before
 * the mask (Gemma 2's attn_logit_softcapping).
 */
export function groupedAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  mask: tf.Tensor2D,
  scale: number,
  window: number | null = null,
  softcap: number | null = null,
): tf.Tensor2D {
  // The fused kernel has no soft-cap (Gemma 2): that case takes the composite.
  if (useFused(CustomKernel.gqa) && softcap === null) return fusedGroupedAttention(q, k, v, scale, window);
  return attendValues(groupedProbs(groupQueries(q, k.shape[2]), k.transpose([0, 2, 1, 3]), mask, scale, softcap), v.transpose([0, 2, 1, 3]), q.shape[2]);
}

/** q [B, T, H, hd] as [B, KV, g·T, hd]: the g query heads of a kv head stacked along the row axis. */
export function groupQueries(q: tf.Tensor4D, KV: number): tf.Tensor4D {
  const [B, T, H, hd] = q.shape;
  return q.transpose([0, 2, 1, 3]).reshape([B, KV, (H / KV) * T, hd]);
}

/**
 * softmax(scale·qg·ktᵀ + mask) [B, KV, g·T, T] for grouped queries qg (groupQueries) and keys kt [B, KV, T, hd]; each
 * transient is freed as the next is made (two [B, KV, g·T, T] alive at most).
 */
export function groupedProbs(qg: tf.Tensor4D, kt: tf.Tensor4D, mask: tf.Tensor2D, scale: number, softcap: number | null = null): tf.Tensor4D {
  return tf.tidy(() => {
    const g = qg.shape[2] / kt.shape[2];
    const scores = tf.matMul(qg, kt, false, true);
    let scaled = tf.mul(scores, scale);
    scores.dispose();
    if (softcap !== null) {
      const capped = tf.mul(tf.tanh(tf.div(scaled, softcap)), softcap);
      scaled.dispose();
      scaled = capped;
    }
    const masked = tf.add(scaled, g === 1 ? mask : tf.tile(mask, [g, 1])); // row r of a group is query position r mod T
    scaled.dispose();
    return tf.softmax(masked) as tf.Tensor4D;
  });
}

/** probs [B, KV, g·T, T] (groupedProbs) times vt [B, KV, T, hd] (v heads-first): y [B·T, H·hd]. */
export function attendValues(probs: tf.Tensor4D, vt: tf.Tensor4D, H: number): tf.Tensor2D {
  const [B, , T, hd] = vt.shape;
  const y = tf.matMul(probs, vt); // [B, KV, g·T, hd]
  return y.reshape([B, H, T, hd]).transpose([0, 2, 1, 3]).reshape([B * T, H * hd]) as tf.Tensor2D;
}
