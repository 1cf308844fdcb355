// The Llama-family decoder layer (Llama, Mistral, Qwen2, Qwen3) with its explicit backward: h + attn(norm(h)), then
// that + mlp(norm(that)). The forward is the one scoring passes run too; training keeps only LLAMA_SAVED.
import * as tf from '@tensorflow/tfjs';
import type { ExplicitBlock, Saved, SavedTensor } from '../blockBackward/explicitBlock';
import { attentionBackward, attentionForward, groupedAttentionBackward } from '../blockBackward/attentionBackward';
import { rotaryBackward, siluMulBackward, siluMulRecompute } from '../blockBackward/elementwiseBackward';
import { rmsNormBackward, rmsNormRecompute } from '../blockBackward/rmsNormBackward';
import type { ParamMap } from '../params';
import { applyRotary, groupQueries, rmsNorm, siluMul } from './blocks';
import type { LlamaConfig } from './llamaConfig';

/**
 * What the backward reads, per layer, with its floats per token row (T: the sequence length). The norms and silu·up
 * are recomputed from these (one fused sweep each); memoryEstimate.ts sums it; `fused` ones exist on WebGPU only.
 */
export const LLAMA_SAVED: SavedTensor[] = [
  { name: 'h', what: 'layer input', width: (m) => m.hidden },
  { name: 'q', what: 'query heads after rotary, heads-first on the composite (q-norm models: the q projection)', width: (m) => m.heads * m.headDim },
  { name: 'k', what: 'key heads after rotary, as q (k-norm models: the k projection)', width: (m) => m.kvHeads * m.headDim },
  { name: 'v', what: 'v projection, heads-first on the composite', width: (m) => m.kvHeads * m.headDim },
  { name: 'probs', what: 'attention probabilities (composite attention; the fused kernels keep lse instead)', width: (m, T) => m.heads * T },
  { name: 'y', what: 'attention output (o_proj input)', width: (m) => m.heads * m.headDim },
  { name: 'lse', what: 'attention row log-sum-exp', width: (m) => m.heads, fused: true },
  { name: 'a', what: 'residual after attention', width: (m) => m.hidden },
  { name: 'g', what: 'gate projection', width: (m) => m.inner },
  { name: 'u', what: 'up projection', width: (m) => m.inner },
];

/** Consts of one forward, in runExplicitBlock's order: rotary tables [T, hd/2] (sin and −sin) and the additive mask. */
export type LlamaConsts = [cos: tf.Tensor2D, sin: tf.Tensor2D, negSin: tf.Tensor2D, mask: tf.Tensor2D];

export function llamaBlock(c: LlamaConfig, p: ParamMap, l: string, B: number, T: number, window: number | null): ExplicitBlock {
  const H = c.num_attention_heads;
  const KV = c.num_key_value_heads;
  const hd = c.head_dim;
  const eps = c.rms_norm_eps;
  const scale = 1 / Math.sqrt(hd);
  const w = (n: string) => p[l + n];
  // q/k norm (Qwen3) then rotary, from a projection: recomputed in the backward from the saved projection on q/k-norm models.
  const headIn = (xp: tf.Tensor, heads: number, norm: string, cos: tf.Tensor2D, sin: tf.Tensor2D) => {
    const x4 = xp.reshape([B, T, heads, hd]) as tf.Tensor4D;
    return applyRotary(c.qkNorm ? (rmsNorm(x4, w(norm), eps) as tf.Tensor4D) : x4, cos, sin, hd);
  };
  return {
    forward(h, consts, lin, explicit) {
      const [cos, sin, , mask] = consts as LlamaConsts;
      const x = rmsNorm(h, w('input_layernorm.weight'), eps) as tf.Tensor2D;
      const qp = lin.forward(x, l + 'self_attn.q_proj');
      const kp = lin.forward(x, l + 'self_attn.k_proj');
      const v = lin.forward(x, l + 'self_attn.v_proj');
      const q = headIn(qp, H, 'self_attn.q_norm.weight', cos, sin);
      const k = headIn(kp, KV, 'self_attn.k_norm.weight', cos, sin);
      const { y, lse, grouped } = attentionForward(q, k, v.reshape([B, T, KV, hd]), mask, scale, window, explicit, true);
      const a = tf.add(h, lin.forward(y, l + 'self_attn.o_proj')) as tf.Tensor2D;
      const m = rmsNorm(a, w('post_attention_layernorm.weight'), eps) as tf.Tensor2D;
      const g = lin.forward(m, l + 'mlp.gate_proj');
      const u = lin.forward(m, l + 'mlp.up_proj');
      const out = tf.add(a, lin.forward(siluMul(g, u) as tf.Tensor2D, l + 'mlp.down_proj')) as tf.Tensor2D;
      // Rotated heads are saved where nothing before the rotary needs its input again (no q/k norm); the composite's
      // heads-first.
      const saved: Saved = { h, q: c.qkNorm ? qp : q, k: c.qkNorm ? kp : k, v, y, a, g, u };
      if (lse) saved.lse = lse;
      if (grouped) Object.assign(saved, { v: grouped.vt, probs: grouped.probs }, c.qkNorm ? {} : { q: grouped.qg, k: grouped.kt });
      return { out, saved };
    },

    backward(dOut, s, consts, lin, sink, want, wantDx) {
      const [cos, sin, negSin, mask] = consts as LlamaConsts;
      const norm = (dy: tf.Tensor, x: tf.Tensor, name: string, rstd: tf.Tensor | null = null) => {
        const { dx, dw } = rmsNormBackward(dy, x, w(name), eps, want(l + name), rstd);
        if (dw) sink.set(l + name, dw);
        return dx;
      };
      // MLP: down, silu·up, gate and up, post-attention norm; the residual adds dOut back.
      const sm = siluMulRecompute(s.g, s.u);
      const ds = lin.backward(dOut as tf.Tensor2D, sm.y as tf.Tensor2D, l + 'mlp.down_proj', sink);
      sm.y.dispose();
      const [dg, du] = siluMulBackward(ds, s.g, s.u, sm.parts);
      tf.dispose([ds, s.g, s.u, sm.parts?.sg, sm.parts?.silu]);
      const m = rmsNormRecompute(s.a, w('post_attention_layernorm.weight'), eps);
      const dmG = lin.backward(dg as tf.Tensor2D, m.y as tf.Tensor2D, l + 'mlp.gate_proj', sink);
      const dmU = lin.backward(du as tf.Tensor2D, m.y as tf.Tensor2D, l + 'mlp.up_proj', sink);
      tf.dispose([m.y, dg, du]);
      const dm = tf.add(dmG, dmU);
      tf.dispose([dmG, dmU]);
      const daNorm = norm(dm, s.a, 'post_attention_layernorm.weight', m.rstd);
      tf.dispose([dm, s.a, m.rstd as tf.Tensor]);
      const da = tf.add(dOut, daNorm) as tf.Tensor2D;
      daNorm.dispose();
      // Attention: o_proj, the attention itself, rotary and q/k norms, then q, k, v and the input norm.
      const dyAttn = lin.backward(da, s.y as tf.Tensor2D, l + 'self_attn.o_proj', sink);
      let dqr: tf.Tensor4D, dkr: tf.Tensor4D, dv: tf.Tensor4D;
      // q and k as the attention took them: recomputed through the q/k norms and rotary where those exist.
      const qk = (grouped: boolean) =>
        tf.tidy(() => {
          const q = headIn(s.q, H, 'self_attn.q_norm.weight', cos, sin);
          const k = headIn(s.k, KV, 'self_attn.k_norm.weight', cos, sin);
          return grouped ? { q: groupQueries(q, KV), k: k.transpose([0, 2, 1, 3]) as tf.Tensor4D } : { q, k };
        });
      if (s.lse) {
        const fwd = c.qkNorm ? qk(false) : { q: s.q as tf.Tensor4D, k: s.k as tf.Tensor4D };
        const v4 = s.v.reshape([B, T, KV, hd]) as tf.Tensor4D;
        [dqr, dkr, dv] = attentionBackward(dyAttn, fwd.q, fwd.k, v4, mask, scale, window, s.y as tf.Tensor2D, s.lse);
        tf.dispose([v4, ...(c.qkNorm ? [fwd.q, fwd.k] : [])]);
      } else {
        const fwd = c.qkNorm ? qk(true) : { q: s.q as tf.Tensor4D, k: s.k as tf.Tensor4D };
        [dqr, dkr, dv] = groupedAttentionBackward(dyAttn, { qg: fwd.q, kt: fwd.k, vt: s.v as tf.Tensor4D, probs: s.probs as tf.Tensor4D }, scale);
        if (c.qkNorm) tf.dispose([fwd.q, fwd.k]);
      }
      tf.dispose([dyAttn, s.v, s.y, s.lse, s.probs]);
      const headBack = (d: tf.Tensor4D, xp: tf.Tensor, heads: number, normName: string) => {
        const dn = rotaryBackward(d, cos, negSin, hd);
        d.dispose();
        if (!c.qkNorm) return tf.tidy(() => dn.reshape([B * T, heads * hd]));
        const x4 = xp.reshape([B, T, heads, hd]);
        const dx = norm(dn, x4, normName);
        tf.dispose([dn, x4]);
        return tf.tidy(() => dx.reshape([B * T, heads * hd]));
      };
      const dqp = headBack(dqr, s.q, H, 'self_attn.q_norm.weight') as tf.Tensor2D;
      const dkp = headBack(dkr, s.k, KV, 'self_attn.k_norm.weight') as tf.Tensor2D;
      tf.dispose([s.q, s.k]);
      const dv2 = tf.tidy(() => dv.reshape([B * T, KV * hd])) as tf.Tensor2D;
      dv.dispose();
      const x = rmsNormRecompute(s.h, w('input_layernorm.weight'), eps);
      const proj: [tf.Tensor2D, string][] = [
        [dqp, 'self_attn.q_proj'],
        [dkp, 'self_attn.k_proj'],
        [dv2, 'self_attn.v_proj'],
      ];
      if (!wantDx && !want(l + 'input_layernorm.weight')) {
        for (const [d, n] of proj) lin.weightGrads(d, x.y as tf.Tensor2D, l + n, sink);
        tf.dispose([x.y, x.rstd as tf.Tensor, dqp, dkp, dv2, s.h, da]);
        return null;
      }
      // Outside a tidy: the weight gradients these put in the sink must outlive the sum.
      const dxs = proj.map(([d, n]) => lin.backward(d, x.y as tf.Tensor2D, l + n, sink));
      const dx = tf.addN(dxs);
      tf.dispose(dxs);
      tf.dispose([x.y, dqp, dkp, dv2]);
      const dhNorm = norm(dx, s.h, 'input_layernorm.weight', x.rstd);
      tf.dispose([dx, s.h, x.rstd as tf.Tensor]);
      const dh = tf.add(da, dhNorm) as tf.Tensor2D;
      tf.dispose([da, dhNorm]);
      return dh;
    },
  };
}
