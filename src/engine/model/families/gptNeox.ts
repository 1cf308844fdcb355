// GPTNeoXForCausalLM (Pythia) in tfjs: LayerNorm with bias, a fused query_key_value laid out per head, partial
// rotary embeddings, parallel or sequential residual, untied embed_out. Tensor names are transformers' own.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, ModelDims, ModelFamily } from '../family';
import { runLayer } from '../gradientCheckpointing';
import { runExplicitBlock } from '../blockBackward/explicitBlock';
import { linears } from '../blockBackward/linear';
import { tapeBlocks } from '../blockBackward/tapeSwitch';
import { neoxBlock } from './gptNeoxBlock';
import { embedTokens, layerNorm } from '../ops';
import { countShapes, type HostWeights, type ParamMap } from '../params';
import { attentionMask } from './blocks';
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
    const sin = tf.tensor2d(tables.sin, [T, rot / 2]);
    const consts = [tf.tensor2d(tables.cos, [T, rot / 2]), sin, tf.neg(sin), attentionMask(T, null)];
    let h = embedTokens(p['gpt_neox.embed_in.weight'], ids).reshape([B * T, c.hidden_size]) as tf.Tensor2D;
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `gpt_neox.layers.${i}.`;
      const block = neoxBlock(c, p, l, B, T, neoxHeadDim(c), rot);
      if (!tapeBlocks()) h = runExplicitBlock(block, h, consts, p, l, opts);
      else {
        // The tape path, for comparison: the same forward, differentiated op by op by tfjs.
        const seeds = new Map<string, number>();
        h = runLayer((x, cs) => block.forward(x, cs, linears(p, opts, seeds, true), false).out, h, consts, p, l, opts);
      }
    }
    return layerNorm(h, p['gpt_neox.final_layer_norm.weight'], p['gpt_neox.final_layer_norm.bias'], c.layer_norm_eps) as tf.Tensor2D;
  });
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
