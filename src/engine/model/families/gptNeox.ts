// GPTNeoXForCausalLM (Pythia) in tfjs: LayerNorm with bias, a fused query_key_value laid out per head, partial
// rotary embeddings, parallel or sequential residual, untied embed_out. Tensor names are transformers' own.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, ModelDims, ModelFamily } from '../family';
import { runLayer } from '../gradientCheckpointing';
import { project } from '../projection';
import { embedTokens, gelu, layerNorm } from '../ops';
import { countShapes, type HostWeights, type ParamMap } from '../params';
import { applyRotary, attentionMask, groupedAttention } from './blocks';
import { parseNeoXConfig, serializeNeoXConfig, type NeoXConfig } from './gptNeoxConfig';
import { initWeights } from './init';
import { rotaryTables } from './rope';

export const neoxHeadDim = (c: NeoXConfig) => c.hidden_size / c.num_attention_heads;
export const neoxRotaryDims = (c: NeoXConfig) => Math.floor(neoxHeadDim(c) * c.rotary_pct);

export function neoxShapes(c: NeoXConfig): Record<string, number[]> {
  const d = c.hidden_size;
  const f = c.intermediate_size;
  const s: Record<string, number[]> = { 'gpt_neox.embed_in.weight': [c.vocab_size, d] };
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const p = `gpt_neox.layers.${i}.`;
    s[p + 'input_layernorm.weight'] = [d];
    s[p + 'input_layernorm.bias'] = [d];
    s[p + 'post_attention_layernorm.weight'] = [d];
    s[p + 'post_attention_layernorm.bias'] = [d];
    s[p + 'attention.query_key_value.weight'] = [3 * d, d];
    if (c.attention_bias) s[p + 'attention.query_key_value.bias'] = [3 * d];
    s[p + 'attention.dense.weight'] = [d, d];
    if (c.attention_bias) s[p + 'attention.dense.bias'] = [d];
    s[p + 'mlp.dense_h_to_4h.weight'] = [f, d];
    s[p + 'mlp.dense_h_to_4h.bias'] = [f];
    s[p + 'mlp.dense_4h_to_h.weight'] = [d, f];
    s[p + 'mlp.dense_4h_to_h.bias'] = [d];
  }
  s['gpt_neox.final_layer_norm.weight'] = [d];
  s['gpt_neox.final_layer_norm.bias'] = [d];
  if (!c.tie_word_embeddings) s['embed_out.weight'] = [c.vocab_size, d];
  return s;
}

export const neoxInit = (c: NeoXConfig, seed: number): HostWeights => initWeights(neoxShapes(c), c.raw, seed, (n) => /layernorm|layer_norm/.test(n));

export function neoxDims(c: NeoXConfig): ModelDims {
  const hd = neoxHeadDim(c);
  return {
    vocab: c.vocab_size,
    hidden: c.hidden_size,
    layers: c.num_hidden_layers,
    heads: c.num_attention_heads,
    kvHeads: c.num_attention_heads,
    headDim: hd,
    inner: c.intermediate_size,
    maxPositions: c.max_position_embeddings,
    tied: c.tie_word_embeddings,
  };
}

/** Final hidden states [B·T, d] after final_layer_norm for ids [B, T]. */
export function neoxHidden(c: NeoXConfig, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const rot = neoxRotaryDims(c);
    const tables = rotaryTables(c.rope, rot, T);
    const k: NeoXContext = { B, T, cos: tf.tensor2d(tables.cos, [T, rot / 2]), sin: tf.tensor2d(tables.sin, [T, rot / 2]), mask: attentionMask(T, null) };
    let h = embedTokens(p['gpt_neox.embed_in.weight'], ids).reshape([B * T, c.hidden_size]) as tf.Tensor2D;
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `gpt_neox.layers.${i}.`;
      h = runLayer((x, [cos, sin, mask]) => neoxLayer(c, p, l, x, { B, T, cos, sin, mask } as NeoXContext, opts), h, [k.cos, k.sin, k.mask], p, l, opts);
    }
    return layerNorm(h, p['gpt_neox.final_layer_norm.weight'], p['gpt_neox.final_layer_norm.bias'], c.layer_norm_eps) as tf.Tensor2D;
  });
}

interface NeoXContext {
  B: number;
  T: number;
  cos: tf.Tensor2D;
  sin: tf.Tensor2D;
  mask: tf.Tensor2D;
}

/** One GPT-NeoX layer under prefix l, with the parallel or the sequential residual. */
function neoxLayer(c: NeoXConfig, p: ParamMap, l: string, h: tf.Tensor2D, k: NeoXContext, opts?: ForwardOptions): tf.Tensor2D {
  const { B, T } = k;
  const H = c.num_attention_heads;
  const hd = neoxHeadDim(c);
  const rot = neoxRotaryDims(c);
  const eps = c.layer_norm_eps;
  const w = (n: string) => p[l + n];
  const attention = (x: tf.Tensor2D) => {
    // Per head, the fused projection holds [q | k | v] side by side: [B, T, H, 3·hd].
    const qkv = project(x, p, l + 'attention.query_key_value', opts).reshape([B, T, H, 3 * hd]);
    const part = (j: number) => tf.slice(qkv, [0, 0, 0, j * hd], [B, T, H, hd]) as tf.Tensor4D;
    const q = applyRotary(part(0), k.cos, k.sin, rot);
    const key = applyRotary(part(1), k.cos, k.sin, rot);
    return project(groupedAttention(q, key, part(2), k.mask, 1 / Math.sqrt(hd)), p, l + 'attention.dense', opts);
  };
  const mlp = (x: tf.Tensor2D) => project(gelu(project(x, p, l + 'mlp.dense_h_to_4h', opts), c.hidden_act) as tf.Tensor2D, p, l + 'mlp.dense_4h_to_h', opts);
  const ln1 = layerNorm(h, w('input_layernorm.weight'), w('input_layernorm.bias'), eps) as tf.Tensor2D;
  const a = attention(ln1);
  const ln2Of = (x: tf.Tensor2D) => layerNorm(x, w('post_attention_layernorm.weight'), w('post_attention_layernorm.bias'), eps) as tf.Tensor2D;
  // Parallel: x + attn(ln1(x)) + mlp(ln2(x)), both branches read the block's input.
  if (c.use_parallel_residual) return tf.add(tf.add(h, a), mlp(ln2Of(h))) as tf.Tensor2D;
  const h2 = tf.add(h, a) as tf.Tensor2D;
  return tf.add(h2, mlp(ln2Of(h2))) as tf.Tensor2D;
}

export const neoxHead = (c: NeoXConfig, p: ParamMap) => (c.tie_word_embeddings ? p['gpt_neox.embed_in.weight'] : p['embed_out.weight']) as tf.Tensor2D;

export function neoxForward(c: NeoXConfig, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(neoxHidden(c, p, ids, opts), neoxHead(c, p), false, true) as tf.Tensor2D);
}

export const gptNeoxFamily: ModelFamily<NeoXConfig> = {
  modelType: 'gpt_neox',
  architectures: ['GPTNeoXForCausalLM'],
  parseConfig: parseNeoXConfig,
  serializeConfig: serializeNeoXConfig,
  dims: neoxDims,
  shapes: neoxShapes,
  init: neoxInit,
  hidden: neoxHidden,
  headWeight: neoxHead,
  forward: neoxForward,
  paramCount: (c) => countShapes(neoxShapes(c)),
  namePrefixes: [''],
  // Older Pythia checkpoints store the causal-mask and rotary buffers next to the weights.
  ignorable: (name, c) =>
    /^gpt_neox\.layers\.\d+\.attention\.(bias|masked_bias|rotary_emb\.inv_freq)$/.test(name) || (c.tie_word_embeddings && name === 'embed_out.weight'),
  storedName: (name) => name,
};
