// GPT-2's pre-LayerNorm block with its explicit backward: h + attn(ln_1(h)), then that + mlp(ln_2(that)). The forward
// is the one scoring passes run too; training keeps only GPT2_SAVED.
import * as tf from '@tensorflow/tfjs';
import type { BlockPeak, ExplicitBlock, Saved, SavedTensor } from '../blockBackward/explicitBlock';
import { packedAttentionBackward, packedAttentionForward } from '../blockBackward/attentionBackward';
import { biasGeluBackward, layerNormBackward, layerNormRecompute, type LayerNormStats } from '../blockBackward/layerNormBackward';
import { biasGelu, layerNorm } from '../ops';
import type { ParamMap } from '../params';
import type { GPT2Config } from './gpt2Config';

/** What the backward reads, per layer, in floats per token row; LayerNorms and GELU are recomputed from these. */
export const GPT2_SAVED: SavedTensor[] = [
  { name: 'h', what: 'block input', width: (m) => m.hidden },
  { name: 'qkv', what: 'packed q, k, v (c_attn output; q, k and v heads-first on the composite)', width: (m) => 3 * m.hidden },
  { name: 'probs', what: 'attention probabilities (composite attention; the fused kernels keep lse instead)', width: (m, T) => m.heads * T },
  { name: 'y', what: 'attention output (c_proj input)', width: (m) => m.hidden },
  { name: 'lse', what: 'attention row log-sum-exp', width: (m) => m.heads, fused: true },
  { name: 'h1', what: 'residual after attention', width: (m) => m.hidden },
  { name: 'fc', what: 'c_fc output before bias and GELU', width: (m) => m.inner },
];

/**
 * The peak is the first block's backward (the forward frees each step's intermediates, and the block outputs are gone
 * by then): three score-sized tensors in the attention's backward, two [rows, f] in the MLP's (GELU's output and its
 * gradient).
 */
export const GPT2_PEAK: BlockPeak = { scores: 3, mlp: 2, outputs: false };

/** consts: [causal mask [T, T]] on the composite attention, [] on the fused one. */
export function gpt2Block(c: GPT2Config, p: ParamMap, q: string, B: number, T: number): ExplicitBlock {
  const eps = c.layer_norm_epsilon;
  const w = (n: string) => p[q + n];
  const causalOf = (consts: tf.Tensor[]) => (consts[0] as tf.Tensor2D | undefined) ?? null;
  return {
    forward(h, consts, lin, explicit) {
      // Each step in its own tidy: a step's intermediates (LayerNorm's, the attention scores, GELU's) die with it, so
      // the forward's peak is the saved set so far plus one step's transients, not the whole block's.
      const qkv = tf.tidy(() => lin.forward(layerNorm(h, w('ln_1.weight'), w('ln_1.bias'), eps) as tf.Tensor2D, q + 'attn.c_attn', true));
      // Frees its own transients.
      const { y, lse, grouped } = packedAttentionForward(qkv, B, T, c.n_head, causalOf(consts), explicit);
      const h1 = tf.tidy(() => tf.add(h, lin.forward(y, q + 'attn.c_proj', true)) as tf.Tensor2D);
      // The bias stays out of the product so the fused bias+GELU kernel can take it.
      const fc = tf.tidy(() => lin.forward(layerNorm(h1, w('ln_2.weight'), w('ln_2.bias'), eps) as tf.Tensor2D, q + 'mlp.c_fc', true, false));
      const out = tf.tidy(() => tf.add(h1, lin.forward(biasGelu(fc, w('mlp.c_fc.bias'), c.activation_function) as tf.Tensor2D, q + 'mlp.c_proj', true)) as tf.Tensor2D);
      // The composite keeps q, k, v heads-first and the probabilities instead of qkv, as PyTorch's eager attention does.
      const saved: Saved = grouped ? { h, q: grouped.qg, k: grouped.kt, v: grouped.vt, probs: grouped.probs, y, h1, fc } : { h, qkv, y, h1, fc };
      if (grouped) qkv.dispose();
      if (lse) saved.lse = lse;
      return { out, saved };
    },

    backward(dOut, s, consts, lin, sink, want) {
      const norm = (dy: tf.Tensor2D, x: tf.Tensor2D, ln: string, stats: LayerNormStats | null) => {
        const [dx, dg, db] = layerNormBackward(dy, x, w(ln + '.weight'), w(ln + '.bias'), eps, stats);
        for (const [t, n] of [[dg, ln + '.weight'], [db, ln + '.bias']] as const) {
          if (want(q + n)) sink.set(q + n, t);
          else t.dispose();
        }
        return dx;
      };
      // dx of linear(LayerNorm(x)) for the linear's output gradient dl: the norm recomputed once, its row stats reused;
      // frees dl and x.
      const normLinear = (dl: tf.Tensor2D, x: tf.Tensor2D, ln: string, linear: string) => {
        const n = layerNormRecompute(x, w(ln + '.weight'), w(ln + '.bias'), eps);
        const dn = lin.backward(dl, n.y, q + linear, sink, true);
        tf.dispose([dl, n.y]);
        const dx = norm(dn, x, ln, n.stats);
        tf.dispose([dn, x, n.stats?.mean, n.stats?.rstd]);
        return dx;
      };
      // A gradFunc runs outside any tidy (tfjs frees its leftovers only when the whole backward ends): recomputes are
      // tidied, everything else disposed at its last use.
      // MLP: c_proj, bias+GELU (recomputed), c_fc (its bias's gradient is Σ rows of d fc), ln_2; the residual adds dOut.
      const f = tf.tidy(() => biasGelu(s.fc, w('mlp.c_fc.bias'), c.activation_function) as tf.Tensor2D);
      const df = lin.backward(dOut, f, q + 'mlp.c_proj', sink, true);
      f.dispose();
      const dfc = biasGeluBackward(df, s.fc as tf.Tensor2D, w('mlp.c_fc.bias'), c.activation_function);
      tf.dispose([df, s.fc]);
      const dh1Norm = normLinear(dfc, s.h1 as tf.Tensor2D, 'ln_2', 'mlp.c_fc');
      const dh1 = tf.add(dOut, dh1Norm) as tf.Tensor2D;
      dh1Norm.dispose();
      // Attention: c_proj, the attention itself, c_attn, ln_1.
      const dy = lin.backward(dh1, s.y as tf.Tensor2D, q + 'attn.c_proj', sink, true);
      const attn = s.lse ? { qkv: s.qkv as tf.Tensor2D, y: s.y as tf.Tensor2D, lse: s.lse } : { qg: s.q as tf.Tensor4D, kt: s.k as tf.Tensor4D, vt: s.v as tf.Tensor4D, probs: s.probs as tf.Tensor4D };
      const dqkv = packedAttentionBackward(dy, B, T, c.n_head, attn);
      tf.dispose([dy, s.y, s.lse, s.qkv]);
      const dhNorm = normLinear(dqkv, s.h as tf.Tensor2D, 'ln_1', 'attn.c_attn');
      const dh = tf.add(dh1, dhNorm) as tf.Tensor2D;
      tf.dispose([dh1, dhNorm]);
      return dh;
    },
  };
}
