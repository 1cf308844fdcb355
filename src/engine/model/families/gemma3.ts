// Gemma3ForCausalLM (and, with the options gemma2.ts sets, Gemma2ForCausalLM) in tfjs, as transformers' modeling_gemma3
// computes it: embeddings × √hidden, RMSNorm scaling by (1 + w), four norms a layer, GeGLU, attention scaled by
// query_pre_attn_scalar^-½, local sliding-window and global layers with their own rotary tables, tied head.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, ModelDims, ModelFamily } from '../family';
import { runLayer } from '../gradientCheckpointing';
import { project } from '../projection';
import { embedTokens, gelu } from '../ops';
import { countShapes, type HostWeights, type ParamMap } from '../params';
import { applyRotary, attentionMask, groupedAttention, rmsNorm } from './blocks';
import { GEMMA_ARCHITECTURES, parseGemma3Config, serializeGemmaConfig, type GemmaConfig, type GemmaType } from './gemma3Config';
import { initWeights } from './init';
import { rotaryTables, type RopeSpec } from './rope';

export function gemmaShapes(c: GemmaConfig): Record<string, number[]> {
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
    if (c.qkNorm) {
      s[p + 'self_attn.q_norm.weight'] = [c.head_dim];
      s[p + 'self_attn.k_norm.weight'] = [c.head_dim];
    }
    s[p + 'self_attn.o_proj.weight'] = [d, q];
    s[p + 'post_attention_layernorm.weight'] = [d];
    s[p + 'pre_feedforward_layernorm.weight'] = [d];
    s[p + 'post_feedforward_layernorm.weight'] = [d];
    s[p + 'mlp.gate_proj.weight'] = [f, d];
    s[p + 'mlp.up_proj.weight'] = [f, d];
    s[p + 'mlp.down_proj.weight'] = [d, f];
  }
  s['model.norm.weight'] = [d];
  if (!c.tie_word_embeddings) s['lm_head.weight'] = [c.vocab_size, d];
  return s;
}

/** transformers' _init_weights: N(0, initializer_range) matrices and zero norm weights (the norms scale by 1 + w). */
export function gemmaInit(c: GemmaConfig, seed: number): HostWeights {
  const w = initWeights(gemmaShapes(c), c.raw, seed, () => false);
  for (const [name, t] of Object.entries(w)) if (name.includes('norm')) t.data.fill(0);
  return w;
}

export function gemmaDims(c: GemmaConfig): ModelDims {
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

/** Gemma's RMSNorm: x / sqrt(mean(x²) + eps) · (1 + w). */
export const gemmaNorm = (x: tf.Tensor, w: tf.Tensor, eps: number): tf.Tensor => rmsNorm(x, tf.add(w, 1), eps);

/** Rotary tables, mask and window one kind of layer (local or global) shares within a forward. */
interface AttentionKind {
  window: number | null;
  cos: tf.Tensor2D;
  sin: tf.Tensor2D;
  mask: tf.Tensor2D;
}

function attentionKind(rope: RopeSpec, hd: number, T: number, window: number | null): AttentionKind {
  const t = rotaryTables(rope, hd, T);
  return { window, cos: tf.tensor2d(t.cos, [T, hd / 2]), sin: tf.tensor2d(t.sin, [T, hd / 2]), mask: attentionMask(T, window) };
}

/** Final hidden states [B·T, d] (after the last norm, the LM head's input) for ids [B, T]. */
export function gemmaHidden(c: GemmaConfig, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const d = c.hidden_size;
    const hd = c.head_dim;
    const kinds = {
      full_attention: attentionKind(c.rope, hd, T, null),
      sliding_attention: attentionKind(c.ropeLocal, hd, T, c.sliding_window < T ? c.sliding_window : null),
    };
    // The embedding is scaled by √hidden (cast to the weights' float32); the tied head is not.
    let h = tf.mul(embedTokens(p['model.embed_tokens.weight'], ids).reshape([B * T, d]), Math.fround(Math.sqrt(d))) as tf.Tensor2D;
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `model.layers.${i}.`;
      const k = kinds[c.layer_types[i]];
      h = runLayer((x, [cos, sin, mask]) => gemmaLayer(c, p, l, x, B, T, { window: k.window, cos, sin, mask } as AttentionKind, opts), h, [k.cos, k.sin, k.mask], p, l, opts);
    }
    return gemmaNorm(h, p['model.norm.weight'], c.rms_norm_eps) as tf.Tensor2D;
  });
}

/** One decoder layer: a = h + norm(attn(norm(h))), then a + norm(mlp(norm(a))) (the attention output is normed before the add). */
function gemmaLayer(c: GemmaConfig, p: ParamMap, l: string, h: tf.Tensor2D, B: number, T: number, k: AttentionKind, opts?: ForwardOptions): tf.Tensor2D {
  const H = c.num_attention_heads;
  const KV = c.num_key_value_heads;
  const hd = c.head_dim;
  const eps = c.rms_norm_eps;
  const w = (n: string) => p[l + n];
  const x = gemmaNorm(h, w('input_layernorm.weight'), eps) as tf.Tensor2D;
  let q = project(x, p, l + 'self_attn.q_proj', opts).reshape([B, T, H, hd]) as tf.Tensor4D;
  let key = project(x, p, l + 'self_attn.k_proj', opts).reshape([B, T, KV, hd]) as tf.Tensor4D;
  const v = project(x, p, l + 'self_attn.v_proj', opts).reshape([B, T, KV, hd]) as tf.Tensor4D;
  if (c.qkNorm) {
    q = gemmaNorm(q, w('self_attn.q_norm.weight'), eps) as tf.Tensor4D;
    key = gemmaNorm(key, w('self_attn.k_norm.weight'), eps) as tf.Tensor4D;
  }
  q = applyRotary(q, k.cos, k.sin, hd);
  key = applyRotary(key, k.cos, k.sin, hd);
  const y = groupedAttention(q, key, v, k.mask, c.query_pre_attn_scalar ** -0.5, k.window, c.attnSoftcap);
  const attn = gemmaNorm(project(y, p, l + 'self_attn.o_proj', opts), w('post_attention_layernorm.weight'), eps);
  const a = tf.add(h, attn) as tf.Tensor2D;
  const m = gemmaNorm(a, w('pre_feedforward_layernorm.weight'), eps) as tf.Tensor2D;
  const gate = gelu(project(m, p, l + 'mlp.gate_proj', opts), 'gelu_new'); // gelu_new is gelu_pytorch_tanh
  const mlp = project(tf.mul(gate, project(m, p, l + 'mlp.up_proj', opts)) as tf.Tensor2D, p, l + 'mlp.down_proj', opts);
  return tf.add(a, gemmaNorm(mlp, w('post_feedforward_layernorm.weight'), eps)) as tf.Tensor2D;
}

export const gemmaHead = (c: GemmaConfig, p: ParamMap) => (c.tie_word_embeddings ? p['model.embed_tokens.weight'] : p['lm_head.weight']) as tf.Tensor2D;

/** tanh(z/c)·c, the final-logit soft-cap (identity when the config sets none). */
export function softcapLogits(z: tf.Tensor2D, cap: number | null): tf.Tensor2D {
  return cap === null ? z : (tf.mul(tf.tanh(tf.div(z, cap)), cap) as tf.Tensor2D);
}

/** Logits [B·T, V] for ids [B, T], soft-capped when the config says so. */
export function gemmaForward(c: GemmaConfig, p: ParamMap, ids: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
  return tf.tidy(() => softcapLogits(tf.matMul(gemmaHidden(c, p, ids, opts), gemmaHead(c, p), false, true) as tf.Tensor2D, c.final_logit_softcapping));
}

/** One registry entry per model_type; the two differ in their config reader (defaults, rotary fields, q/k norms). */
export function gemmaFamily(type: GemmaType, parse: (raw: Record<string, unknown>, file: string) => GemmaConfig): ModelFamily<GemmaConfig> {
  return {
    modelType: type,
    architectures: [GEMMA_ARCHITECTURES[type]],
    parseConfig: parse,
    serializeConfig: serializeGemmaConfig,
    dims: gemmaDims,
    shapes: gemmaShapes,
    init: gemmaInit,
    hidden: gemmaHidden,
    headWeight: gemmaHead,
    forward: gemmaForward,
    logitSoftcap: (c) => c.final_logit_softcapping,
    paramCount: (c) => countShapes(gemmaShapes(c)),
    namePrefixes: [''],
    // A tied head may still be stored; the rotary inv_freq buffers are not weights.
    ignorable: (name, c) => (c.tie_word_embeddings && name === 'lm_head.weight') || /\.rotary_emb\.\w*inv_freq$/.test(name),
    floatFields: ['final_logit_softcapping', 'attn_logit_softcapping', 'rms_norm_eps'],
    storedName: (name) => name,
  };
}

export const gemma3Family = gemmaFamily('gemma3_text', parseGemma3Config);
