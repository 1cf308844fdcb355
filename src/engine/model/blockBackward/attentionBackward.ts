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

/** GPT-2's causal attention from packed qkv [B·T, 3d]: y [B·T, d] and, as attentionForward, the row log-sum-exp. */
export function packedAttentionForward(qkv: tf.Tensor2D, B: number, T: number, H: number, causal: tf.Tensor2D | null, explicit: boolean): { y: tf.Tensor2D; lse: tf.Tensor | null } {
  if (!explicit) return { y: causalAttention(qkv, B, T, H, causal), lse: null };
  if (!useFused(CustomKernel.attention)) return { y: packedCompositeAttention(qkv, B, T, H, causal), lse: null };
  const [y, lse] = run(CustomKernel.attention, { qkv }, { B, T, H, scale: 1 / Math.sqrt(qkv.shape[1] / 3 / H) });
  return { y: y as tf.Tensor2D, lse };
}

/** The explicit block's composite attention: the probabilities as the backward rebuilds them, each transient freed. */
function packedCompositeAttention(qkv: tf.Tensor2D, B: number, T: number, H: number, causal: tf.Tensor2D | null): tf.Tensor2D {
  const d = qkv.shape[1] / 3;
  const hd = d / H;
  return tf.tidy(() => {
    const [q, k, v] = tf.split(qkv, 3, 1).map((t) => t.reshape([B, T, H, hd]).transpose([0, 2, 1, 3]) as tf.Tensor4D);
    const probs = groupedProbs(q, k, causal ?? causalMask(T), 1 / Math.sqrt(hd));
    q.dispose();
    k.dispose();
    return tf.matMul(probs, v as tf.Tensor4D).transpose([0, 2, 1, 3]).reshape([B * T, d]) as tf.Tensor2D;
  });
}

/** dqkv [B·T, 3d] for dy [B·T, d]: the fused kernel, or the grouped backward with one kv head per query head. */
export function packedAttentionBackward(dy: tf.Tensor2D, qkv: tf.Tensor2D, B: number, T: number, H: number, causal: tf.Tensor2D | null, y: tf.Tensor2D, lse: tf.Tensor | null): tf.Tensor2D {
  const d = qkv.shape[1] / 3;
  const hd = d / H;
  if (lse) return run(CustomKernel.attentionGrad, { qkv, y, dy, lse }, { B, T, H, scale: 1 / Math.sqrt(hd) })[0] as tf.Tensor2D;
  const [q, k, v] = tf.tidy(() => tf.split(qkv, 3, 1).map((t) => t.reshape([B, T, H, hd]) as tf.Tensor4D));
  const mask = causal ?? causalMask(T);
  const [dq, dk, dv] = attentionBackward(dy, q, k, v, mask, 1 / Math.sqrt(hd), null, y, null);
  tf.dispose([q, k, v]);
  if (!causal) mask.dispose();
  const dqkv = tf.tidy(() => tf.concat([dq, dk, dv].map((t) => t.reshape([B * T, d])), 1)) as tf.Tensor2D;
  tf.dispose([dq, dk, dv]);
  return dqkv;
}
