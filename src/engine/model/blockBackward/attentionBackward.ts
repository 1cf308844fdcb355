// Grouped-query causal attention with an explicit backward. The composite's probabilities are saved where the caller
// asks (keepProbs, as PyTorch's eager attention does) and recomputed from q and k otherwise; the fused WebGPU kernels
// rebuild them from the row log-sum-exp the forward returns.
import * as tf from '@tensorflow/tfjs';
import { run, useFused } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';
import { attendValues, groupedAttention, groupedProbs, groupQueries } from '../families/blocks';
import { causalAttention, causalMask } from '../ops';

/** The composite's tensors in its heads-first layout: grouped queries, keys and values, and the probabilities. */
export interface GroupedAttention {
  /** [B, KV, g·T, hd] (groupQueries) */
  qg: tf.Tensor4D;
  /** [B, KV, T, hd] */
  kt: tf.Tensor4D;
  /** [B, KV, T, hd] */
  vt: tf.Tensor4D;
  /** [B, KV, g·T, T] */
  probs: tf.Tensor4D;
}

/**
 * y [B·T, H·hd] and, inside an explicit block (`explicit`), what its backward reads: on the fused path the row
 * log-sum-exp, on the composite (when keepProbs) q, k, v heads-first and the probabilities, as PyTorch's eager attention
 * keeps them; elsewhere the fused attention is its own customGrad, so the tape can differentiate it.
 */
export function attentionForward(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  mask: tf.Tensor2D,
  scale: number,
  window: number | null,
  explicit: boolean,
  keepProbs = false,
): { y: tf.Tensor2D; lse: tf.Tensor | null; grouped: GroupedAttention | null } {
  if (useFused(CustomKernel.gqa) && explicit) {
    const [B, T, H] = q.shape;
    const [y, lse] = run(CustomKernel.gqa, { q, k, v }, { B, T, H, KV: k.shape[2], scale, win: window ?? 0 });
    return { y: y as tf.Tensor2D, lse, grouped: null };
  }
  if (!explicit || !keepProbs || useFused(CustomKernel.gqa)) return { y: groupedAttention(q, k, v, mask, scale, window), lse: null, grouped: null };
  const grouped = heads(q, k, v, mask, scale);
  return { y: attendValues(grouped.probs, grouped.vt, q.shape[2]), lse: null, grouped };
}

/** q, k, v heads-first and the probabilities from them. */
function heads(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D, scale: number): GroupedAttention {
  return tf.tidy(() => {
    const qg = groupQueries(q, k.shape[2]);
    const kt = k.transpose([0, 2, 1, 3]) as tf.Tensor4D;
    return { qg, kt, vt: v.transpose([0, 2, 1, 3]) as tf.Tensor4D, probs: groupedProbs(qg, kt, mask, scale) };
  });
}

/** dq [B, T, H, hd], dk and dv [B, T, KV, hd] for dy [B·T, H·hd]; y and lse are needed on the fused path only. */
export function attentionBackward(
  dy: tf.Tensor2D,
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  mask: tf.Tensor2D,
  scale: number,
  window: number | null,
  y: tf.Tensor2D,
  lse: tf.Tensor | null,
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const [B, T, H] = q.shape;
  if (lse) {
    const attrs = { B, T, H, KV: k.shape[2], scale, win: window ?? 0 };
    const ins = { q, k, v, y, dy, lse };
    const [dq] = run(CustomKernel.gqaGradQ, ins, attrs);
    const [dk, dv] = run(CustomKernel.gqaGradKV, ins, attrs);
    return [dq as tf.Tensor4D, dk as tf.Tensor4D, dv as tf.Tensor4D];
  }
  const grouped = heads(q, k, v, mask, scale);
  const out = groupedAttentionBackward(dy, grouped, scale);
  tf.dispose([grouped.qg, grouped.kt, grouped.vt]);
  return out;
}

/**
 * The composite's backward from its heads-first tensors (attentionForward's `grouped`): dq [B, T, H, hd], dk and dv
 * [B, T, KV, hd]. Frees the probabilities at their last use; [B, KV, g·T, T] tensors are the block's largest
 * transients, each freed as soon as the next is made.
 */
export function groupedAttentionBackward(dy: tf.Tensor2D, { qg, kt, vt, probs }: GroupedAttention, scale: number): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const [B, KV, gT, hd] = qg.shape;
  const T = kt.shape[2];
  const H = (KV * gT) / T;
  const dyg = tf.tidy(() => dy.reshape([B, T, H, hd]).transpose([0, 2, 1, 3]).reshape([B, KV, gT, hd]));
  const dv = tf.tidy(() => tf.matMul(probs, dyg, true, false).transpose([0, 2, 1, 3]));
  const dp = tf.tidy(() => tf.matMul(dyg, vt, false, true));
  dyg.dispose();
  const rowSum = tf.tidy(() => tf.sum(tf.mul(dp, probs), -1, true));
  const centred = tf.sub(dp, rowSum);
  tf.dispose([dp, rowSum]);
  const unscaled = tf.mul(probs, centred);
  tf.dispose([centred, probs]);
  const ds = tf.mul(unscaled, scale);
  unscaled.dispose();
  const dq = tf.tidy(() => tf.matMul(ds, kt).reshape([B, H, T, hd]).transpose([0, 2, 1, 3]));
  const dk = tf.tidy(() => tf.matMul(ds, qg, true, false).transpose([0, 2, 1, 3]));
  ds.dispose();
  return [dq, dk, dv] as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
}

/**
 * GPT-2's causal attention from packed qkv [B·T, 3d]: y [B·T, d] and, inside an explicit block, what its backward
 * reads: the fused kernels' row log-sum-exp, or the composite's q, k, v heads-first and probabilities (as attentionForward).
 */
export function packedAttentionForward(qkv: tf.Tensor2D, B: number, T: number, H: number, causal: tf.Tensor2D | null, explicit: boolean): { y: tf.Tensor2D; lse: tf.Tensor | null; grouped: GroupedAttention | null } {
  if (!explicit) return { y: tf.tidy(() => causalAttention(qkv, B, T, H, causal) as tf.Tensor2D), lse: null, grouped: null };
  const hd = qkv.shape[1] / 3 / H;
  if (useFused(CustomKernel.attention)) {
    const [y, lse] = run(CustomKernel.attention, { qkv }, { B, T, H, scale: 1 / Math.sqrt(hd) });
    return { y: y as tf.Tensor2D, lse, grouped: null };
  }
  const mask = causal ?? causalMask(T);
  const qkvHeads = tf.split(qkv, 3, 1).map((t) => t.reshape([B, T, H, hd]) as tf.Tensor4D);
  const grouped = heads(qkvHeads[0], qkvHeads[1], qkvHeads[2], mask, 1 / Math.sqrt(hd));
  tf.dispose(qkvHeads);
  if (!causal) mask.dispose();
  return { y: tf.tidy(() => attendValues(grouped.probs, grouped.vt, H)), lse: null, grouped };
}

/**
 * dqkv [B·T, 3d] for dy [B·T, d]: the fused kernel from qkv, y and lse, or the composite's backward from its saved
 * heads-first tensors (freed there).
 */
export function packedAttentionBackward(dy: tf.Tensor2D, B: number, T: number, H: number, saved: { qkv: tf.Tensor2D; y: tf.Tensor2D; lse: tf.Tensor } | GroupedAttention): tf.Tensor2D {
  if ('lse' in saved) {
    const hd = saved.qkv.shape[1] / 3 / H;
    return run(CustomKernel.attentionGrad, { qkv: saved.qkv, y: saved.y, dy, lse: saved.lse }, { B, T, H, scale: 1 / Math.sqrt(hd) })[0] as tf.Tensor2D;
  }
  const hd = saved.qg.shape[3];
  const [dq, dk, dv] = groupedAttentionBackward(dy, saved, 1 / Math.sqrt(hd));
  tf.dispose([saved.qg, saved.kt, saved.vt]);
  const dqkv = tf.tidy(() => tf.concat([dq, dk, dv].map((t) => t.reshape([B * T, H * hd])), 1)) as tf.Tensor2D;
  tf.dispose([dq, dk, dv]);
  return dqkv;
}
