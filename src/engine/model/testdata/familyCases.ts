// Random-weight tiny checkpoints of every non-GPT-2 family with awkward shapes, shared by the numpy-oracle test (Node,
// cpu and wasm) and the WebGPU page; each names the float64 oracle script that checks it.
import { makeRng, normals } from '../../rng';
import type { ModelConfig } from '../modelConfig';
import { familyFor, modelDims } from '../registry';
import { neoxConfig } from '../families/gptNeoxConfig';
import { llamaConfig } from '../families/llamaConfig';
import { gemma3Config } from '../families/gemma3Config';
import { gemma2Config } from '../families/gemma2Config';
import type { HostWeights } from '../params';
import { oracleInputs, type OracleCase } from './oracleCase';

export interface FamilyCase extends OracleCase {
  name: string;
  oracle: 'llama_oracle.py' | 'gpt_neox_oracle.py' | 'gemma_oracle.py';
}

/** Weights large enough that norms, rotary phases, attention and the MLP all matter (a 0.02 init hides bugs). */
export function familyRandomWeights(c: ModelConfig, seed: number): HostWeights {
  const rand = makeRng(seed);
  const out: HostWeights = {};
  // Gemma's norms scale by 1 + w, so its weights sit around 0 rather than 1.
  const normCentre = c.model_type.startsWith('gemma') ? 0 : 1;
  for (const [name, shape] of Object.entries(familyFor(c).shapes(c))) {
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (/norm/.test(name) && name.endsWith('.weight')) data = normals(rand, n, 0.3).map((x) => normCentre + x);
    else if (name.endsWith('.bias')) data = normals(rand, n, 0.1);
    else if (/embed|lm_head/.test(name)) data = normals(rand, n, 0.5);
    else data = normals(rand, n, 1 / Math.sqrt(shape[1] ?? shape[0]));
    out[name] = { shape, data };
  }
  return out;
}

const llama3Rope = { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8 };

const CONFIGS: [string, FamilyCase['oracle'], () => ModelConfig][] = [
  // GQA 4:1, head_dim 6 ≠ 40/8, untied head, llama3 scaling, attention and MLP biases (Llama 3.2 style plus the options).
  ['llama-gqa4-hd6-llama3-untied-bias', 'llama_oracle.py', () => llamaConfig('llama', {
    vocab_size: 50, hidden_size: 40, intermediate_size: 56, num_hidden_layers: 2, num_attention_heads: 8, num_key_value_heads: 2,
    head_dim: 6, max_position_embeddings: 16, rms_norm_eps: 1e-5, rope_theta: 500000, rope_scaling: llama3Rope,
    attention_bias: true, mlp_bias: true, tie_word_embeddings: false,
  })],
  // SmolLM2 shape in small: tied, GQA 3:1, rope_theta 100000, transformers 5's rope_parameters with linear scaling.
  ['llama-smollm2-tied-gqa3-linear', 'llama_oracle.py', () => llamaConfig('llama', {
    vocab_size: 50, hidden_size: 36, intermediate_size: 48, num_hidden_layers: 2, num_attention_heads: 6, num_key_value_heads: 2,
    max_position_embeddings: 16, tie_word_embeddings: true, rope_parameters: { rope_type: 'linear', factor: 2, rope_theta: 100000 },
  })],
  // A sliding window shorter than the longest sequence (12), so the band mask is exercised.
  ['mistral-window5', 'llama_oracle.py', () => llamaConfig('mistral', {
    vocab_size: 50, hidden_size: 32, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2,
    max_position_embeddings: 16, sliding_window: 5, rope_theta: 10000,
  })],
  ['qwen2-qkv-bias-untied', 'llama_oracle.py', () => llamaConfig('qwen2', {
    vocab_size: 50, hidden_size: 32, intermediate_size: 44, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2,
    max_position_embeddings: 16, rope_theta: 1000000, tie_word_embeddings: false, use_sliding_window: false,
  })],
  // Explicit head_dim 10 with 4 heads over hidden 24 (q is wider than the residual), tied, q/k norms.
  ['qwen3-qknorm-hd10-tied', 'llama_oracle.py', () => llamaConfig('qwen3', {
    vocab_size: 50, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 1,
    head_dim: 10, max_position_embeddings: 16, rope_theta: 1000000, tie_word_embeddings: true,
  })],
  // Pythia: rotary_pct 0.25 of head_dim 16 (4 rotating dims), parallel residual, exact GELU, untied embed_out.
  ['neox-parallel-rot25', 'gpt_neox_oracle.py', () => neoxConfig({
    vocab_size: 50, hidden_size: 32, intermediate_size: 64, num_hidden_layers: 2, num_attention_heads: 2, rotary_pct: 0.25,
    rotary_emb_base: 10000, max_position_embeddings: 16, use_parallel_residual: true, hidden_act: 'gelu',
  })],
  ['neox-sequential-rot50-tanh', 'gpt_neox_oracle.py', () => neoxConfig({
    vocab_size: 50, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 3, rotary_pct: 0.5,
    rotary_emb_base: 500, max_position_embeddings: 16, use_parallel_residual: false, hidden_act: 'gelu_new',
  })],
  // Gemma 3: one kv head, head_dim 10 ≠ 24/4, scores scaled by 16^-½, a local layer (window 4, theta 10000) and a global
  // one (theta 1e6, linear scaling), q/k norms, tied head; 4.x rotary fields.
  ['gemma3-local-global-kv1-hd10', 'gemma_oracle.py', () => gemma3Config({
    vocab_size: 50, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 1,
    head_dim: 10, max_position_embeddings: 16, query_pre_attn_scalar: 16, sliding_window: 4, layer_types: ['sliding_attention', 'full_attention'],
    rope_theta: 1000000, rope_local_base_freq: 10000, rope_scaling: { rope_type: 'linear', factor: 2 }, rms_norm_eps: 1e-6,
  })],
  // Gemma 3 with transformers 5's per-layer-type rope_parameters, the older sliding_window_pattern, an untied head.
  ['gemma3-pattern-ropeparams-untied', 'gemma_oracle.py', () => gemma3Config({
    vocab_size: 50, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 3, num_attention_heads: 2, num_key_value_heads: 2,
    head_dim: 8, max_position_embeddings: 16, query_pre_attn_scalar: 8, sliding_window: 3, sliding_window_pattern: 2, tie_word_embeddings: false,
    rope_parameters: { sliding_attention: { rope_type: 'default', rope_theta: 100 }, full_attention: { rope_type: 'default', rope_theta: 50000 } },
  })],
  // Gemma 2: attention and final-logit soft-caps small enough that tanh bends, alternating window 5, GQA 2:1, head_dim 12.
  ['gemma2-softcap-window5', 'gemma_oracle.py', () => gemma2Config({
    vocab_size: 50, hidden_size: 32, intermediate_size: 48, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2,
    head_dim: 12, max_position_embeddings: 16, query_pre_attn_scalar: 12, sliding_window: 5, attn_logit_softcapping: 3,
    final_logit_softcapping: 4, rope_theta: 10000,
  })],
];

export const FAMILY_CASE_NAMES = CONFIGS.map(([n]) => n);

export function familyCase(name: string): FamilyCase {
  const i = FAMILY_CASE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no family case ${name}`);
  const [, oracle, make] = CONFIGS[i];
  const config = make();
  return { name, oracle, config, weights: familyRandomWeights(config, 101 + i), ...oracleInputs(modelDims(config).vocab) };
}
