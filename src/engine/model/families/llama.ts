// LlamaForCausalLM and its close relatives (Mistral, Qwen2, Qwen3) in tfjs: RMSNorm, rotate-half rotary embeddings,
// grouped-query attention, SiLU-gated MLP, tied or untied head. Tensor names are transformers' own.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, ModelDims, ModelFamily } from '../family';
import { runLayer } from '../gradientCheckpointing';
import { runExplicitBlock } from '../blockBackward/explicitBlock';
import { linears } from '../blockBackward/linear';
import { tapeBlocks } from '../blockBackward/tapeSwitch';
import { embedTokens } from '../ops';
import { countShapes, type HostWeights, type ParamMap } from '../params';
import { attentionMask, rmsNorm } from './blocks';
import { llamaBlock, type LlamaConsts } from './llamaBlock';
import { LLAMA_TYPES, parseLlamaConfig, serializeLlamaConfig, type LlamaConfig, type LlamaType } from './llamaConfig';
import { initWeights } from './init';
import { rotaryTables } from './rope';

export function llamaShapes(c: LlamaConfig): Record<string, number[]> {
  const d = c.hidden_size;
  const f = c.intermediate_size;
  const q = c.num_attention_heads * c.head_dim;
  const kv = c.num_key_value_heads * c.head_dim;
  const s: Record<string, number[]> = { 'model.embed_tokens.weight': [c.vocab_size, d] };
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    s[p + 'input_layernorm.weight'] = [d];
    s[p + 'self_attn.q_proj.weight'] = [q, d];
    s[p + 'self_attn.k_proj.weight'] = [kv, d];
    s[p + 'self_attn.v_proj.weight'] = [kv, d];
    if (c.qkvBias) {
      s[p + 'self_attn.q_proj.bias'] = [q];
      s[p + 'self_attn.k_proj.bias'] = [kv];
      s[p + 'self_attn.v_proj.bias'] = [kv];
    }
    if (c.qkNorm) {
      s[p + 'self_attn.q_norm.weight'] = [c.head_dim];
      s[p + 'self_attn.k_norm.weight'] = [c.head_dim];
    }
    s[p + 'self_attn.o_proj.weight'] = [d, q];
    if (c.oBias) s[p + 'self_attn.o_proj.bias'] = [d];
    s[p + 'post_attention_layernorm.weight'] = [d];
    s[p + 'mlp.gate_proj.weight'] = [f, d];
    s[p + 'mlp.up_proj.weight'] = [f, d];
    s[p + 'mlp.down_proj.weight'] = [d, f];
    if (c.mlpBias) {
      s[p + 'mlp.gate_proj.bias'] = [f];
      s[p + 'mlp.up_proj.bias'] = [f];
      s[p + 'mlp.down_proj.bias'] = [d];
    }
  }
  s['model.norm.weight'] = [d];
  if (!c.tie_word_embeddings) s['lm_head.weight'] = [c.vocab_size, d];
  return s;
}

export const llamaInit = (c: LlamaConfig, seed: number): HostWeights => initWeights(llamaShapes(c), c.raw, seed, (n) => n.includes('norm'));

export function llamaDims(c: LlamaConfig): ModelDims {
  return {
    vocab: c.vocab_size,
    hidden: c.hidden_size,
    layers: c.num_hidden_layers,
    heads: c.num_attention_heads,
    kvHeads: c.num_key_value_heads,
    headDim: c.head_dim,
    inner: c.intermediate_size,
    maxPositions: c.max_position_embeddings,
    tied: c.tie_word_embeddings,
  };
}

/** Final hidden states [B·T, d] (after the last RMSNorm, the LM head's input) for ids [B, T]. */
export function llamaHidden(c: LlamaConfig, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const hd = c.head_dim;
    const tables = rotaryTables(c.rope, hd, T);
    const window = c.sliding_window !== null && c.sliding_window < T ? c.sliding_window : null;
    const sin = tf.tensor2d(tables.sin, [T, hd / 2]);
    const consts: LlamaConsts = [tf.tensor2d(tables.cos, [T, hd / 2]), sin, tf.neg(sin), attentionMask(T, window)];
    const embed = p['model.embed_tokens.weight'];
    let h = embedTokens(embed, ids).reshape([B * T, c.hidden_size]) as tf.Tensor2D;
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `model.layers.${i}.`;
      const block = llamaBlock(c, p, l, B, T, window);
      // A frozen embedding (LoRA arms) takes no gradient: the first block's backward stops short of its input.
      if (!tapeBlocks()) h = runExplicitBlock(block, h, consts, p, l, opts, i > 0 || (embed as tf.Variable).trainable);
      else {
        // The tape path, for comparison: the same forward, differentiated op by op by tfjs.
        const seeds = new Map<string, number>();
        h = runLayer((x, cs) => block.forward(x, cs, linears(p, opts, seeds, true), false).out, h, consts, p, l, opts);
      }
    }
    return rmsNorm(h, p['model.norm.weight'], c.rms_norm_eps) as tf.Tensor2D;
  });
}

/** Logits [B·T, V] for ids [B, T]; right padding needs no attention mask because attention is causal. */
export const llamaHead = (c: LlamaConfig, p: ParamMap) => (c.tie_word_embeddings ? p['model.embed_tokens.weight'] : p['lm_head.weight']) as tf.Tensor2D;

export function llamaForward(c: LlamaConfig, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(llamaHidden(c, p, ids, opts), llamaHead(c, p), false, true) as tf.Tensor2D);
}

/** One registry entry per model_type; they differ only in config defaults and which biases/norms exist. */
export function llamaFamily(type: LlamaType): ModelFamily<LlamaConfig> {
  return {
    modelType: type,
    architectures: [LLAMA_TYPES[type].architecture],
    parseConfig: (raw, file) => parseLlamaConfig(type, raw, file),
    serializeConfig: serializeLlamaConfig,
    dims: llamaDims,
    shapes: llamaShapes,
    init: llamaInit,
    hidden: llamaHidden,
    headWeight: llamaHead,
    forward: llamaForward,
    paramCount: (c) => countShapes(llamaShapes(c)),
    namePrefixes: [''],
    // A tied head may still be stored; old checkpoints carry the rotary inv_freq buffer.
    ignorable: (name, c) => (c.tie_word_embeddings && name === 'lm_head.weight') || /\.rotary_emb\.inv_freq$/.test(name),
    storedName: (name) => name,
  };
}

export const llamaModelFamily = llamaFamily('llama');
