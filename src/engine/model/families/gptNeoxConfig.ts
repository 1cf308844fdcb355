// config.json of GPTNeoXForCausalLM (Pythia): every field the forward pass reads, validated, with transformers' defaults.
import { StudioError } from '../../errors';
import { bool, positiveInt, positiveNumber, refuseIfSet, tokenIds } from '../configFields';
import { parseRope, serializeRope, type RopeSpec } from './rope';

export interface NeoXConfig {
  model_type: 'gpt_neox';
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  max_position_embeddings: number;
  layer_norm_eps: number;
  /** Share of each head's dims that rotate (rotary_pct; partial_rotary_factor in transformers 5). */
  rotary_pct: number;
  rope: RopeSpec;
  use_parallel_residual: boolean;
  hidden_act: 'gelu' | 'gelu_new' | 'relu';
  attention_bias: boolean;
  tie_word_embeddings: boolean;
  bos_token_id: number[];
  eos_token_id: number[];
  raw: Record<string, unknown>;
}

const ACTS: Record<string, NeoXConfig['hidden_act']> = { gelu: 'gelu', gelu_new: 'gelu_new', gelu_fast: 'gelu_new', gelu_pytorch_tanh: 'gelu_new', relu: 'relu' };

export function parseNeoXConfig(o: Record<string, unknown>, file = 'config.json'): NeoXConfig {
  refuseIfSet(o, 'rope_scaling', file, 'rotary scaling for GPT-NeoX');
  const hidden = positiveInt(o, 'hidden_size', file);
  const heads = positiveInt(o, 'num_attention_heads', file);
  if (hidden % heads !== 0) {
    throw new StudioError(`${file}: hidden_size (${hidden}) must be divisible by num_attention_heads (${heads})`, { file, field: 'num_attention_heads' });
  }
  const rp = (o.rope_parameters ?? {}) as Record<string, unknown>;
  const pctKey = o.rotary_pct !== undefined ? 'rotary_pct' : o.partial_rotary_factor !== undefined ? 'partial_rotary_factor' : undefined;
  // transformers 5 keeps it inside rope_parameters; 4.x writes rotary_pct at the top level.
  const pct = typeof rp.partial_rotary_factor === 'number' ? rp.partial_rotary_factor : pctKey ? positiveNumber(o, pctKey, file) : 0.25;
  const rotDims = Math.floor((hidden / heads) * pct);
  if (pct > 1 || rotDims < 2 || rotDims % 2 !== 0) {
    throw new StudioError(`${file}: field "${pctKey ?? 'rotary_pct'}" = ${pct} gives ${rotDims} rotary dims per head; need an even number ≥ 2 and a share ≤ 1`, { file, field: pctKey ?? 'rotary_pct' });
  }
  const act = o.hidden_act ?? 'gelu';
  if (typeof act !== 'string' || !(act in ACTS)) {
    throw new StudioError(`${file}: field "hidden_act" = ${JSON.stringify(act)} is not supported (${Object.keys(ACTS).join(', ')})`, { file, field: 'hidden_act' });
  }
  return {
    model_type: 'gpt_neox',
    vocab_size: positiveInt(o, 'vocab_size', file),
    hidden_size: hidden,
    intermediate_size: positiveInt(o, 'intermediate_size', file),
    num_hidden_layers: positiveInt(o, 'num_hidden_layers', file),
    num_attention_heads: heads,
    max_position_embeddings: positiveInt(o, 'max_position_embeddings', file, 2048),
    layer_norm_eps: positiveNumber(o, 'layer_norm_eps', file, 1e-5),
    rotary_pct: pct,
    rope: parseRope(o, file, ['rotary_emb_base', 'rope_theta'], 10000),
    use_parallel_residual: bool(o, 'use_parallel_residual', file, true),
    hidden_act: ACTS[act],
    attention_bias: bool(o, 'attention_bias', file, true),
    tie_word_embeddings: bool(o, 'tie_word_embeddings', file, false),
    bos_token_id: tokenIds(o, 'bos_token_id'),
    eos_token_id: tokenIds(o, 'eos_token_id'),
    raw: o,
  };
}

export function serializeNeoXConfig(c: NeoXConfig): Record<string, unknown> {
  const rope = c.raw.rope_parameters !== undefined ? {} : { rotary_emb_base: serializeRope(c.rope).rope_theta, rotary_pct: c.rotary_pct };
  const one = (ids: number[]) => (ids.length === 1 ? ids[0] : ids.length ? ids : undefined);
  return {
    ...c.raw,
    architectures: ['GPTNeoXForCausalLM'],
    model_type: 'gpt_neox',
    vocab_size: c.vocab_size,
    hidden_size: c.hidden_size,
    intermediate_size: c.intermediate_size,
    num_hidden_layers: c.num_hidden_layers,
    num_attention_heads: c.num_attention_heads,
    max_position_embeddings: c.max_position_embeddings,
    layer_norm_eps: c.layer_norm_eps,
    use_parallel_residual: c.use_parallel_residual,
    attention_bias: c.attention_bias,
    tie_word_embeddings: c.tie_word_embeddings,
    torch_dtype: 'float32',
    ...rope,
    ...(one(c.bos_token_id) !== undefined ? { bos_token_id: one(c.bos_token_id) } : {}),
    ...(one(c.eos_token_id) !== undefined ? { eos_token_id: one(c.eos_token_id) } : {}),
  };
}

export function neoxConfig(fields: Record<string, unknown>): NeoXConfig {
  return parseNeoXConfig({ model_type: 'gpt_neox', ...fields }, 'config');
}
