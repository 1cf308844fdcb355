// The GPT-NeoX layer (Pythia) with its explicit backward: x + attn(ln1(x)) + mlp(ln2(x)) (parallel residual) or
// h2 = x + attn(ln1(x)), h2 + mlp(ln2(h2)) (sequential); partial rotary over the first `rot` dims of each head.
import * as tf from '@tensorflow/tfjs';
import type { BlockPeak, ExplicitBlock, Saved, SavedTensor } from '../blockBackward/explicitBlock';
import { attentionBackward, attentionForward } from '../blockBackward/attentionBackward';
import { rotaryBackward } from '../blockBackward/elementwiseBackward';
import { biasGeluBackward, layerNormBackward } from '../blockBackward/layerNormBackward';
import { gelu, layerNorm } from '../ops';
import type { ParamMap } from '../params';
import { applyRotary } from './blocks';
import type { NeoXConfig } from './gptNeoxConfig';

/** What the backward reads, per layer, in floats per token row; LayerNorms, rotary and GELU are recomputed. */
export const NEOX_SAVED: SavedTensor[] = [
  { name: 'h', what: 'layer input', width: (m) => m.hidden },
  { name: 'qkv', what: 'query_key_value output (per head [q | k | v])', width: (m) => 3 * m.heads * m.headDim },
  { name: 'y', what: 'attention output (dense input)', width: (m) => m.heads * m.headDim },
  { name: 'lse', what: 'attention row log-sum-exp', width: (m) => m.heads, fused: true },
  { name: 'h2', what: 'residual after attention (sequential residual only)', width: (m) => m.hidden },
  { name: 'fc', what: 'dense_h_to_4h output', width: (m) => m.inner },
];

/** As GPT-2's (GPT2_PEAK): the block frees its steps' intermediates the same way. */
export const NEOX_PEAK: BlockPeak = { scores: 3, mlp: 2, outputs: false };

/** The saved set of this config: h2 exists only with the sequential residual (Pythia's is parallel). */
export function neoxSaved(c: Pick<NeoXConfig, 'use_parallel_residual'>): SavedTensor[] {
  return c.use_parallel_residual ? NEOX_SAVED.filter((t) => t.name !== 'h2') : NEOX_SAVED;
}

/** consts: [cos, sin, negSin, mask] as the Llama family's. */
export function neoxBlock(c: NeoXConfig, p: ParamMap, l: string, B: number, T: number, hd: number, rot: number): ExplicitBlock {
  const H = c.num_attention_heads;
  const eps = c.layer_norm_eps;
  const scale = 1 / Math.sqrt(hd);
  const w = (n: string) => p[l + n];
  const ln = (x: tf.Tensor2D, name: string) => layerNorm(x, w(name + '.weight'), w(name + '.bias'), eps) as tf.Tensor2D;
  const part = (qkv: tf.Tensor, j: number) => tf.slice(qkv.reshape([B, T, H, 3 * hd]), [0, 0, 0, j * hd], [B, T, H, hd]) as tf.Tensor4D;
  const qk = (qkv: tf.Tensor, cos: tf.Tensor2D, sin: tf.Tensor2D) => ({ q: applyRotary(part(qkv, 0), cos, sin, rot), k: applyRotary(part(qkv, 1), cos, sin, rot) });
  return {
    forward(h, consts, lin, explicit) {
      const [cos, sin, , mask] = consts as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      // Each step in its own tidy, as GPT-2's: the forward's peak is the saved set so far plus one step's transients.
      const qkv = tf.tidy(() => lin.forward(ln(h, 'input_layernorm'), l + 'attention.query_key_value'));
      const [y, lse] = tf.tidy(() => {
        const { q, k } = qk(qkv, cos, sin);
        const r = attentionForward(q, k, part(qkv, 2), mask, scale, null, explicit);
        return r.lse ? [r.y, r.lse] : [r.y];
      }) as [tf.Tensor2D, tf.Tensor?];
      const a = tf.tidy(() => lin.forward(y, l + 'attention.dense'));
      const h2 = c.use_parallel_residual ? null : (tf.add(h, a) as tf.Tensor2D);
      const fc = tf.tidy(() => lin.forward(ln(h2 ?? h, 'post_attention_layernorm'), l + 'mlp.dense_h_to_4h'));
      const out = tf.tidy(() => {
        const o = lin.forward(gelu(fc, c.hidden_act) as tf.Tensor2D, l + 'mlp.dense_4h_to_h');
        return (h2 ? tf.add(h2, o) : tf.add(tf.add(h, a), o)) as tf.Tensor2D;
      });
      a.dispose();
      const saved: Saved = { h, qkv, y, fc };
      if (h2) saved.h2 = h2;
      if (lse) saved.lse = lse;
      return { out, saved };
    },

    backward(dOut, s, consts, lin, sink, want) {
      const [cos, sin, negSin, mask] = consts as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const norm = (dy: tf.Tensor2D, x: tf.Tensor2D, name: string) => {
        const [dx, dg, db] = layerNormBackward(dy, x, w(name + '.weight'), w(name + '.bias'), eps);
        for (const [t, n] of [[dg, name + '.weight'], [db, name + '.bias']] as const) {
          if (want(l + n)) sink.set(l + n, t);
          else t.dispose();
        }
        return dx;
      };
      // MLP branch, from the block input (parallel) or the residual after attention (sequential).
      const x2 = (s.h2 ?? s.h) as tf.Tensor2D;
      // Recomputes are tidied: a gradFunc's leftovers would otherwise live to the end of its block's backward.
      const g = tf.tidy(() => gelu(s.fc, c.hidden_act) as tf.Tensor2D);
      const dg = lin.backward(dOut, g, l + 'mlp.dense_4h_to_h', sink);
      g.dispose();
      const dfc = biasGeluBackward(dg, s.fc as tf.Tensor2D, null, c.hidden_act);
      tf.dispose([dg, s.fc]);
      const m = tf.tidy(() => ln(x2, 'post_attention_layernorm'));
      const dm = lin.backward(dfc, m, l + 'mlp.dense_h_to_4h', sink);
      tf.dispose([dfc, m]);
      const dx2 = norm(dm, x2, 'post_attention_layernorm');
      dm.dispose();
      s.h2?.dispose();
      // The attention output's gradient: dOut (parallel), or dOut plus the MLP branch's (sequential, through h2).
      const da = s.h2 ? (tf.add(dOut, dx2) as tf.Tensor2D) : dOut;
      const dy = lin.backward(da, s.y as tf.Tensor2D, l + 'attention.dense', sink);
      const { q, k } = tf.tidy(() => qk(s.qkv, cos, sin));
      const v = tf.tidy(() => part(s.qkv, 2));
      const [dq, dk, dv] = attentionBackward(dy, q, k, v, mask, scale, null, s.y as tf.Tensor2D, s.lse ?? null);
      tf.dispose([dy, q, k, v, s.y, s.lse]);
      const dqkv = tf.tidy(() => tf.concat([rotaryBackward(dq, cos, negSin, rot), rotaryBackward(dk, cos, negSin, rot), dv], 3).reshape([B * T, H * 3 * hd])) as tf.Tensor2D;
      tf.dispose([dq, dk, dv]);
      const x1 = tf.tidy(() => ln(s.h as tf.Tensor2D, 'input_layernorm'));
      const dx1 = lin.backward(dqkv, x1, l + 'attention.query_key_value', sink);
      tf.dispose([dqkv, x1, s.qkv]);
      const dhNorm = norm(dx1, s.h as tf.Tensor2D, 'input_layernorm');
      tf.dispose([dx1, s.h]);
      // dh = the residual's gradient (da, which is dOut plus dx2 when sequential) + ln1's, + ln2's when parallel.
      const dh = tf.tidy(() => tf.addN(s.h2 ? [da, dhNorm] : [dOut, dx2, dhNorm])) as tf.Tensor2D;
      tf.dispose(s.h2 ? [da, dx2, dhNorm] : [dx2, dhNorm]);
      return dh;
    },
  };
}
