// config.json of Gemma3ForCausalLM (model_type gemma3_text), and the config shape Gemma 2 shares (gemma2Config.ts):
// every field the forward pass reads, validated with transformers 5's Gemma3TextConfig / Gemma2Config defaults.
import { StudioError } from '../../errors';
import { bool, positiveInt, positiveNumber, refuseIfSet, tokenIds } from '../configFields';
import { parseRope, serializeRope, type RopeSpec } from './rope';

export type GemmaType = 'gemma3_text' | 'gemma2';
export type GemmaLayerType = 'sliding_attention' | 'full_attention';

export interface GemmaConfig {
  model_type: GemmaType;
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim: number;
  max_position_embeddings: number;
  rms_norm_eps: number;
  /** Attention scores are scaled by query_pre_attn_scalar ** -0.5, not head_dim ** -0.5. */
  query_pre_attn_scalar: number;
  /** One entry per layer: local (sliding-window) or global attention. */
  layer_types: GemmaLayerType[];
  /** A sliding layer's query sees itself and the window − 1 tokens before it. */
  sliding_window: number;
  /** Global layers' rotary settings (rope_theta with rope_scaling). */
  rope: RopeSpec;
  /** Sliding layers' rotary settings (Gemma 3: rope_local_base_freq; Gemma 2: the same as rope). */
  ropeLocal: RopeSpec;
  /** tanh(s/c)·c on the attention scores; Gemma 3 stores attn_logit_softcapping but never applies it, so null there. */
  attnSoftcap: number | null;
  /** tanh(z/c)·c on the output logits (the log-probs see the capped logits). */
  final_logit_softcapping: number | null;
  /** Gemma 3's per-head RMSNorm on q and k before the rotary embedding. */
  qkNorm: boolean;
  tie_word_embeddings: boolean;
  bos_token_id: number[];
  eos_token_id: number[];
  raw: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

export const GEMMA_ARCHITECTURES: Record<GemmaType, string> = { gemma3_text: 'Gemma3ForCausalLM', gemma2: 'Gemma2ForCausalLM' };

/** The multimodal Gemma 3 checkpoints, refused with what is supported instead. */
export function refuseGemma3Multimodal(o: Obj, file: string): void {
  const archs = Array.isArray(o.architectures) ? o.architectures.map(String) : [];
  const multimodal = archs.find((a) => a === 'Gemma3ForConditionalGeneration');
  if (o.model_type !== 'gemma3' && !multimodal) return;
  const [field, value] = o.model_type === 'gemma3' ? ['model_type', 'gemma3'] : ['architectures', multimodal];
  throw new StudioError(
    `${file}: field "${field}" = ${JSON.stringify(value)} is Gemma 3's multimodal (image + text) checkpoint, which is not supported; ` +
      'the text-only gemma3_text checkpoints (Gemma3ForCausalLM: gemma-3-270m, gemma-3-1b) are',
    { file, field },
  );
}

function layerTypes(o: Obj, file: string, layers: number, pattern: (i: number) => GemmaLayerType): GemmaLayerType[] {
  const lt = o.layer_types;
  if (lt === undefined || lt === null) return Array.from({ length: layers }, (_, i) => pattern(i));
  if (!Array.isArray(lt) || lt.length !== layers || !lt.every((t) => t === 'sliding_attention' || t === 'full_attention')) {
    throw new StudioError(
      `${file}: field "layer_types" must list "sliding_attention" or "full_attention" for each of the ${layers} layers, got ${JSON.stringify(lt)}`,
      { file, field: 'layer_types' },
    );
  }
  return lt as GemmaLayerType[];
}

/**
 * Gemma 3's two rotary settings. transformers 5 writes rope_parameters keyed by layer type; 4.x writes rope_theta
 * (global), rope_local_base_freq (local) and rope_scaling (global layers only), as convert_rope_params_to_dict merges them.
 */
function gemma3Ropes(o: Obj, file: string): { rope: RopeSpec; ropeLocal: RopeSpec } {
  const rp = o.rope_parameters;
  const legacyScaling = o.rope_scaling ?? null;
  if (rp === undefined || rp === null) {
    return {
      rope: parseRope({ rope_theta: o.rope_theta, rope_scaling: legacyScaling }, file, ['rope_theta'], 1_000_000),
      ropeLocal: { theta: positiveNumber(o, 'rope_local_base_freq', file, 10_000), scaling: { type: 'default' } },
    };
  }
  const nested = typeof rp === 'object' && !Array.isArray(rp) && ('full_attention' in rp || 'sliding_attention' in rp);
  if (!nested) {
    throw new StudioError(`${file}: field "rope_parameters" must be keyed by layer type (full_attention, sliding_attention), got ${JSON.stringify(rp)}`, { file, field: 'rope_parameters' });
  }
  const r = rp as Obj;
  const full = { ...((r.full_attention as Obj | null) ?? {}), ...((legacyScaling as Obj | null) ?? {}) };
  return {
    rope: parseRope({ rope_theta: o.rope_theta, rope_parameters: full }, file, ['rope_theta'], 1_000_000),
    ropeLocal: parseRope({ rope_theta: o.rope_local_base_freq, rope_parameters: (r.sliding_attention as Obj | null) ?? {} }, file, ['rope_theta'], 10_000),
  };
}

/** What both Gemma types read the same way; `rules` carries the type's defaults and its rotary/soft-cap fields. */
export function parseGemmaShared(
  type: GemmaType,
  o: Obj,
  file: string,
  rules: { pattern: (i: number) => GemmaLayerType; ropes: (o: Obj, file: string) => { rope: RopeSpec; ropeLocal: RopeSpec }; attnSoftcap: number | null; finalSoftcap: number | null; maxPositions: number },
): GemmaConfig {
  refuseIfSet(o, 'use_bidirectional_attention', file, 'bidirectional attention (EmbeddingGemma); causal language models only');
  refuseIfSet(o, 'attention_bias', file, 'biases on the attention projections');
  const act = o.hidden_activation ?? 'gelu_pytorch_tanh';
  if (act !== 'gelu_pytorch_tanh') {
    throw new StudioError(`${file}: field "hidden_activation" = ${JSON.stringify(act)} is not supported (the gated MLP is implemented with gelu_pytorch_tanh)`, { file, field: 'hidden_activation' });
  }
  const hidden = positiveInt(o, 'hidden_size', file);
  const heads = positiveInt(o, 'num_attention_heads', file);
  const kvHeads = positiveInt(o, 'num_key_value_heads', file, 4);
  if (heads % kvHeads !== 0) {
    throw new StudioError(`${file}: num_attention_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads})`, { file, field: 'num_key_value_heads' });
  }
  const headDim = positiveInt(o, 'head_dim', file, 256);
  if (headDim % 2 !== 0) throw new StudioError(`${file}: head_dim (${headDim}) must be even for rotary embeddings`, { file, field: 'head_dim' });
  const layers = positiveInt(o, 'num_hidden_layers', file);
  const types = layerTypes(o, file, layers, rules.pattern);
  // An explicit null turns a soft-cap off; an absent key takes the class default.
  const cap = (k: string, fallback: number | null) => {
    const v = k in o ? o[k] : fallback;
    return v === null || v === undefined ? null : positiveNumber({ [k]: v }, k, file);
  };
  return {
    model_type: type,
    vocab_size: positiveInt(o, 'vocab_size', file),
    hidden_size: hidden,
    intermediate_size: positiveInt(o, 'intermediate_size', file),
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    max_position_embeddings: positiveInt(o, 'max_position_embeddings', file, rules.maxPositions),
    rms_norm_eps: positiveNumber(o, 'rms_norm_eps', file, 1e-6),
    query_pre_attn_scalar: positiveNumber(o, 'query_pre_attn_scalar', file, 256),
    layer_types: types,
    sliding_window: positiveInt(o, 'sliding_window', file, 4096),
    ...rules.ropes(o, file),
    attnSoftcap: cap('attn_logit_softcapping', rules.attnSoftcap),
    final_logit_softcapping: cap('final_logit_softcapping', rules.finalSoftcap),
    qkNorm: type === 'gemma3_text',
    tie_word_embeddings: bool(o, 'tie_word_embeddings', file, true),
    bos_token_id: tokenIds({ bos_token_id: 2, ...o }, 'bos_token_id'),
    eos_token_id: tokenIds({ eos_token_id: 1, ...o }, 'eos_token_id'),
    raw: o,
  };
}

export function parseGemma3Config(o: Obj, file = 'config.json'): GemmaConfig {
  refuseGemma3Multimodal(o, file);
  // sliding_window_pattern is the pre-layer_types spelling: every pattern-th layer is global.
  const every = positiveInt(o, 'sliding_window_pattern', file, 6);
  const c = parseGemmaShared('gemma3_text', o, file, {
    pattern: (i) => ((i + 1) % every !== 0 ? 'sliding_attention' : 'full_attention'),
    ropes: gemma3Ropes,
    attnSoftcap: null,
    finalSoftcap: null,
    maxPositions: 131_072,
  });
  // Stored by the file but never applied by Gemma3Attention.
  return { ...c, attnSoftcap: null };
}

const one = (ids: number[]) => (ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : ids);

/** config.json as save_pretrained would write it: the original file with the fields the engine uses restated. */
export function serializeGemmaConfig(c: GemmaConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...c.raw,
    architectures: [GEMMA_ARCHITECTURES[c.model_type]],
    model_type: c.model_type,
    vocab_size: c.vocab_size,
    hidden_size: c.hidden_size,
    intermediate_size: c.intermediate_size,
    num_hidden_layers: c.num_hidden_layers,
    num_attention_heads: c.num_attention_heads,
    num_key_value_heads: c.num_key_value_heads,
    head_dim: c.head_dim,
    max_position_embeddings: c.max_position_embeddings,
    rms_norm_eps: c.rms_norm_eps,
    query_pre_attn_scalar: c.query_pre_attn_scalar,
    layer_types: c.layer_types,
    sliding_window: c.sliding_window,
    hidden_activation: 'gelu_pytorch_tanh',
    final_logit_softcapping: c.final_logit_softcapping,
    tie_word_embeddings: c.tie_word_embeddings,
    torch_dtype: 'float32',
  };
  if (c.model_type === 'gemma2') out.attn_logit_softcapping = c.attnSoftcap;
  if (c.raw.rope_parameters === undefined) {
    Object.assign(out, serializeRope(c.rope));
    if (c.model_type === 'gemma3_text') out.rope_local_base_freq = c.ropeLocal.theta;
  }
  if (c.raw.dtype !== undefined) out.dtype = 'float32';
  const bos = one(c.bos_token_id);
  const eos = one(c.eos_token_id);
  if (bos !== undefined) out.bos_token_id = bos;
  if (eos !== undefined) out.eos_token_id = eos;
  return out;
}

/** A config built in code (tests, benches), with the same defaults as a file that omits the optional fields. */
export function gemma3Config(fields: Record<string, unknown>): GemmaConfig {
  return parseGemma3Config({ model_type: 'gemma3_text', ...fields }, 'config');
}
