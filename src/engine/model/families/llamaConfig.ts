// config.json of the Llama family (llama, mistral, qwen2, qwen3): one shape, read with each type's defaults and
// refusals. Every field the forward pass reads is validated here.
import { StudioError } from '../../errors';
import { bool, positiveInt, positiveNumber, refuseIfSet, tokenIds } from '../configFields';
import { parseRope, serializeRope, type RopeSpec } from './rope';

export type LlamaType = 'llama' | 'mistral' | 'qwen2' | 'qwen3';

export interface LlamaConfig {
  model_type: LlamaType;
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim: number;
  max_position_embeddings: number;
  rms_norm_eps: number;
  rope: RopeSpec;
  /** Biases on q, k and v (llama/qwen3: attention_bias; qwen2: always). */
  qkvBias: boolean;
  /** Bias on o_proj (llama/qwen3: attention_bias; qwen2 and mistral: never). */
  oBias: boolean;
  mlpBias: boolean;
  /** Qwen3's RMSNorm on each head's q and k before the rotary embedding. */
  qkNorm: boolean;
  tie_word_embeddings: boolean;
  /** Mistral: a token attends to at most this many positions back, itself included (null: unlimited). */
  sliding_window: number | null;
  bos_token_id: number[];
  eos_token_id: number[];
  /** The file as read, written back on save with the fields above updated. */
  raw: Record<string, unknown>;
}

interface TypeRules {
  architecture: string;
  /** num_key_value_heads when the file omits it (null: num_attention_heads). */
  kvHeads: number | null;
  /** head_dim when the file omits it (null: hidden_size / num_attention_heads). */
  headDim: number | null;
  /** Mistral's sliding_window when the key is absent (an explicit null means none). */
  slidingWindow: number | null;
  maxPositions: number;
  rmsEps: number;
  tie: boolean;
  theta: number;
}

export const LLAMA_TYPES: Record<LlamaType, TypeRules> = {
  // Defaults are transformers' configuration_<type>.py defaults, used when a file omits the field.
  llama: { architecture: 'LlamaForCausalLM', kvHeads: null, headDim: null, slidingWindow: null, maxPositions: 2048, rmsEps: 1e-6, tie: false, theta: 10000 },
  mistral: { architecture: 'MistralForCausalLM', kvHeads: 8, headDim: null, slidingWindow: 4096, maxPositions: 4096 * 32, rmsEps: 1e-6, tie: false, theta: 10000 },
  qwen2: { architecture: 'Qwen2ForCausalLM', kvHeads: 32, headDim: null, slidingWindow: null, maxPositions: 32768, rmsEps: 1e-6, tie: false, theta: 10000 },
  qwen3: { architecture: 'Qwen3ForCausalLM', kvHeads: 32, headDim: 128, slidingWindow: null, maxPositions: 32768, rmsEps: 1e-6, tie: false, theta: 10000 },
};

/** Fields that name a variant this engine does not implement: refused rather than silently ignored. */
const UNSUPPORTED_FIELDS: [string, string][] = [
  ['num_experts', 'mixture-of-experts layers'],
  ['num_local_experts', 'mixture-of-experts layers'],
  ['moe_intermediate_size', 'mixture-of-experts layers'],
  ['use_sliding_window', 'sliding-window attention on some layers; set use_sliding_window false'],
  ['layer_types', 'per-layer attention types'],
];

export function parseLlamaConfig(type: LlamaType, o: Record<string, unknown>, file = 'config.json'): LlamaConfig {
  const rules = LLAMA_TYPES[type];
  for (const [k, why] of UNSUPPORTED_FIELDS) {
    // layer_types of all "full_attention" is what transformers 5 writes for an ordinary model.
    if (k === 'layer_types' && Array.isArray(o[k]) && (o[k] as unknown[]).every((x) => x === 'full_attention')) continue;
    refuseIfSet(o, k, file, why);
  }
  const act = o.hidden_act ?? 'silu';
  if (act !== 'silu') {
    throw new StudioError(`${file}: field "hidden_act" = ${JSON.stringify(act)} is not supported (the gated MLP is implemented with silu)`, { file, field: 'hidden_act' });
  }
  const hidden = positiveInt(o, 'hidden_size', file);
  const heads = positiveInt(o, 'num_attention_heads', file);
  const kvHeads = positiveInt(o, 'num_key_value_heads', file, rules.kvHeads ?? heads);
  if (heads % kvHeads !== 0) {
    throw new StudioError(`${file}: num_attention_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads})`, { file, field: 'num_key_value_heads' });
  }
  if (o.head_dim == null && rules.headDim === null && hidden % heads !== 0) {
    throw new StudioError(`${file}: hidden_size (${hidden}) is not divisible by num_attention_heads (${heads}) and no head_dim is given`, { file, field: 'head_dim' });
  }
  const headDim = positiveInt(o, 'head_dim', file, rules.headDim ?? hidden / heads);
  if (headDim % 2 !== 0) throw new StudioError(`${file}: head_dim (${headDim}) must be even for rotary embeddings`, { file, field: 'head_dim' });
  const attentionBias = bool(o, 'attention_bias', file, false);
  let slidingWindow: number | null = null;
  if (type === 'mistral') {
    const w = 'sliding_window' in o ? o.sliding_window : rules.slidingWindow;
    if (w !== null) slidingWindow = positiveInt({ sliding_window: w }, 'sliding_window', file);
  }
  return {
    model_type: type,
    vocab_size: positiveInt(o, 'vocab_size', file),
    hidden_size: hidden,
    intermediate_size: positiveInt(o, 'intermediate_size', file),
    num_hidden_layers: positiveInt(o, 'num_hidden_layers', file),
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    max_position_embeddings: positiveInt(o, 'max_position_embeddings', file, rules.maxPositions),
    rms_norm_eps: positiveNumber(o, 'rms_norm_eps', file, rules.rmsEps),
    rope: parseRope(o, file, ['rope_theta'], rules.theta),
    qkvBias: type === 'qwen2' ? true : type === 'mistral' ? false : attentionBias,
    oBias: type === 'llama' || type === 'qwen3' ? attentionBias : false,
    mlpBias: type === 'llama' ? bool(o, 'mlp_bias', file, false) : false,
    qkNorm: type === 'qwen3',
    tie_word_embeddings: bool(o, 'tie_word_embeddings', file, rules.tie),
    sliding_window: slidingWindow,
    bos_token_id: tokenIds(o, 'bos_token_id'),
    eos_token_id: tokenIds(o, 'eos_token_id'),
    raw: o,
  };
}

const one = (ids: number[]) => (ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : ids);

/** config.json as save_pretrained would write it: the original file with the fields the engine uses restated. */
export function serializeLlamaConfig(c: LlamaConfig): Record<string, unknown> {
  const rope = c.raw.rope_parameters !== undefined ? {} : serializeRope(c.rope);
  const out: Record<string, unknown> = {
    ...c.raw,
    architectures: [LLAMA_TYPES[c.model_type].architecture],
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
    hidden_act: 'silu',
    tie_word_embeddings: c.tie_word_embeddings,
    torch_dtype: 'float32',
    ...rope,
  };
  if (c.model_type === 'llama' || c.model_type === 'qwen3') out.attention_bias = c.oBias;
  if (c.model_type === 'llama') out.mlp_bias = c.mlpBias;
  if (c.model_type === 'mistral') out.sliding_window = c.sliding_window;
  if (c.raw.dtype !== undefined) out.dtype = 'float32';
  const bos = one(c.bos_token_id);
  const eos = one(c.eos_token_id);
  if (bos !== undefined) out.bos_token_id = bos;
  if (eos !== undefined) out.eos_token_id = eos;
  return out;
}

/** A config built in code (tests, benches), with the same defaults as a file that omits the optional fields. */
export function llamaConfig(type: LlamaType, fields: Record<string, unknown>): LlamaConfig {
  return parseLlamaConfig(type, { model_type: type, ...fields }, 'config');
}
