// Family configs and folders: what each refuses (file, field, value named), defaults, rope tables, and save → load round trips.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../errors';
import type { ModelConfig } from '../modelConfig';
import { familyFor, modelDims, parseModelConfig } from '../registry';
import type { HostWeights } from '../params';
import { writeSafetensors } from '../safetensors';
import { loadHostWeights, saveHostFolder } from '../hfFolder';
import { FAMILY_CASE_NAMES, familyCase } from '../testdata/familyCases';
import { tinyTokenizerJson } from '../testdata/fixtures';
import { inverseFrequencies, parseRope } from './rope';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const caught = (f: () => unknown): StudioError => {
  try {
    f();
  } catch (e) {
    if (e instanceof StudioError) return e;
    throw e;
  }
  throw new Error('expected a StudioError');
};

const smol = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', vocab_size: 49152, hidden_size: 576, intermediate_size: 1536,
  num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, max_position_embeddings: 8192, rms_norm_eps: 1e-5,
  rope_theta: 100000, rope_scaling: null, tie_word_embeddings: true, hidden_act: 'silu', bos_token_id: 0, eos_token_id: 0,
};
const pythia = {
  architectures: ['GPTNeoXForCausalLM'], model_type: 'gpt_neox', vocab_size: 50304, hidden_size: 512, intermediate_size: 2048,
  num_hidden_layers: 6, num_attention_heads: 8, rotary_pct: 0.25, rotary_emb_base: 10000, max_position_embeddings: 2048,
  layer_norm_eps: 1e-5, use_parallel_residual: true, hidden_act: 'gelu', tie_word_embeddings: false,
};

describe('config.json refusals name the file, the field and the value', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['unknown family', { ...smol, model_type: 'mamba' }, 'model_type', /unsupported model \(model_type "mamba"\); supported: gpt2 \(GPT2LMHeadModel\), llama \(LlamaForCausalLM\), mistral \(MistralForCausalLM\), qwen2 \(Qwen2ForCausalLM\), qwen3 \(Qwen3ForCausalLM\), gpt_neox \(GPTNeoXForCausalLM\)/],
    ['missing field', { ...smol, intermediate_size: undefined }, 'intermediate_size', /config\.json: field "intermediate_size" must be a positive integer, got undefined/],
    ['unsupported rope scaling', { ...smol, rope_scaling: { rope_type: 'yarn', factor: 4 } }, 'rope_scaling.rope_type', /rope_scaling\.rope_type "yarn" is not supported \(supported: default, linear, llama3\)/],
    ['unsupported rope scaling (transformers 5 rope_parameters)', { ...smol, rope_parameters: { rope_type: 'dynamic', factor: 2, rope_theta: 1e4 } }, 'rope_parameters.rope_type', /rope_parameters\.rope_type "dynamic"/],
    ['llama3 scaling without its fields', { ...smol, rope_scaling: { rope_type: 'llama3', factor: 8 } }, 'rope_scaling.low_freq_factor', /"rope_scaling\.low_freq_factor" must be a positive number, got undefined/],
    ['kv heads that do not divide heads', { ...smol, num_key_value_heads: 4 }, 'num_key_value_heads', /num_attention_heads \(9\) must be a multiple of num_key_value_heads \(4\)/],
    ['mixture of experts', { ...smol, model_type: 'qwen2', num_experts: 8 }, 'num_experts', /field "num_experts" = 8 is not supported \(mixture-of-experts layers\)/],
    ['qwen sliding window', { ...smol, model_type: 'qwen2', use_sliding_window: true, sliding_window: 128 }, 'use_sliding_window', /"use_sliding_window" = true is not supported/],
    ['another activation', { ...smol, hidden_act: 'gelu' }, 'hidden_act', /"hidden_act" = "gelu" is not supported/],
    ['odd head_dim', { ...smol, head_dim: 7 }, 'head_dim', /head_dim \(7\) must be even/],
    ['a non-causal-LM head', { ...smol, architectures: ['LlamaForSequenceClassification'] }, 'architectures', /is not a causal LM head \(expected LlamaForCausalLM\)/],
    ['NeoX rotary_pct giving odd dims', { ...pythia, rotary_pct: 0.3 }, 'rotary_pct', /rotary_pct" = 0\.3 gives 19 rotary dims per head/],
    ['NeoX rope scaling', { ...pythia, rope_scaling: { type: 'linear', factor: 2 } }, 'rope_scaling', /field "rope_scaling" = .* is not supported/],
    ['NeoX activation', { ...pythia, hidden_act: 'silu' }, 'hidden_act', /"hidden_act" = "silu" is not supported/],
  ];
  it.each(cases)('%s', (_, cfg, field, msg) => {
    const e = caught(() => parseModelConfig(cfg, 'config.json'));
    expect(e.message).toMatch(msg);
    expect(e.place).toEqual({ file: 'config.json', field });
    expect(e.kind).toBe('input');
  });
});

describe('defaults and dims as transformers reads the same files', () => {
  it('SmolLM2-135M: GQA 9/3, head_dim 64, tied, 134.5M parameters', () => {
    const c = parseModelConfig(smol);
    expect(modelDims(c)).toEqual({ vocab: 49152, hidden: 576, layers: 30, heads: 9, kvHeads: 3, headDim: 64, inner: 1536, maxPositions: 8192, tied: true });
    // 49152·576 + 30·(2·576 + 576·576·2 + 2·576·192 + 3·576·1536) + 576: the published 134,515,008.
    expect(familyFor(c).paramCount(c)).toBe(134_515_008);
  });

  it('Pythia-70m: untied embed_out, 70.4M parameters (transformers counts 70,426,624)', () => {
    const c = parseModelConfig(pythia);
    expect(modelDims(c)).toMatchObject({ heads: 8, kvHeads: 8, headDim: 64, tied: false });
    expect(familyFor(c).paramCount(c)).toBe(70_426_624);
  });

  it('class defaults when a field is absent: Mistral window 4096 and 8 kv heads, Qwen3 head_dim 128', () => {
    const m = parseModelConfig({ model_type: 'mistral', vocab_size: 10, hidden_size: 64, intermediate_size: 8, num_hidden_layers: 1, num_attention_heads: 8 });
    expect(m).toMatchObject({ sliding_window: 4096, num_key_value_heads: 8, head_dim: 8 });
    const none = parseModelConfig({ model_type: 'mistral', vocab_size: 10, hidden_size: 64, intermediate_size: 8, num_hidden_layers: 1, num_attention_heads: 8, sliding_window: null });
    expect(none).toMatchObject({ sliding_window: null });
    const q = parseModelConfig({ model_type: 'qwen3', vocab_size: 10, hidden_size: 64, intermediate_size: 8, num_hidden_layers: 1, num_attention_heads: 32 });
    expect(q).toMatchObject({ head_dim: 128, num_key_value_heads: 32, qkNorm: true, qkvBias: false });
    const q2 = parseModelConfig({ model_type: 'qwen2', vocab_size: 10, hidden_size: 64, intermediate_size: 8, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2 });
    expect(q2).toMatchObject({ qkvBias: true, oBias: false });
  });
});

describe('rotary frequencies', () => {
  it('default: theta^(-2i/d)', () => {
    const inv = inverseFrequencies(parseRope({ rope_theta: 10000 }, 'c'), 8);
    expect(Array.from(inv)).toEqual([1, 0.1, 0.01, 0.001].map((x, i) => expect.closeTo(i === 0 ? 1 : Math.pow(10000, -i / 4), 15)));
  });

  it('llama3: long wavelengths divided by factor, short kept, the band blended (closed form)', () => {
    // theta 500, d 12, original 16, low 1, high 4: wavelengths 2π·500^(i/6) = 6.28, 17.7, 49.9, …; low wavelen 16, high 4.
    const r = parseRope({ rope_theta: 500, rope_scaling: { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 16 } }, 'c');
    const base = inverseFrequencies(parseRope({ rope_theta: 500 }, 'c'), 12);
    const got = inverseFrequencies(r, 12);
    const wl = (2 * Math.PI) / base[0]; // 6.283 lies in [4, 16]: blended
    const s = (16 / wl - 1) / 3;
    expect(got[0]).toBeCloseTo((1 - s) * (base[0] / 8) + s * base[0], 12);
    for (let i = 1; i < 6; i++) expect(got[i]).toBeCloseTo(base[i] / 8, 12); // all longer than 16
    expect(base[0] / got[0]).toBeCloseTo(1.7359, 3);
  });

  it('linear: every frequency divided by factor', () => {
    const got = inverseFrequencies(parseRope({ rope_parameters: { rope_type: 'linear', factor: 4, rope_theta: 100 } }, 'c'), 4);
    expect(got[0]).toBeCloseTo(0.25, 12);
    expect(got[1]).toBeCloseTo(0.1 / 4, 12);
  });
});

describe.each(FAMILY_CASE_NAMES)('%s: save → load round trip', (name) => {
  it('tensor names as transformers writes them, config fields and weights unchanged', () => {
    const c = familyCase(name);
    const files = saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson() });
    const cfg = JSON.parse(new TextDecoder().decode(files['config.json']));
    expect(cfg.architectures[0]).toMatch(/ForCausalLM$/);
    const back = loadHostWeights(files);
    expect(back.report.extra).toEqual([]);
    expect(modelDims(back.config)).toEqual(modelDims(c.config));
    const { raw: _a, ...want } = c.config as unknown as Record<string, unknown>;
    const { raw: _b, ...got } = back.config as unknown as Record<string, unknown>;
    expect(got).toEqual(want);
    for (const [k, w] of Object.entries(c.weights)) expect(back.weights[k].data).toEqual(w.data);
    const names = Object.keys(back.weights);
    if (c.config.model_type === 'gpt_neox') expect(names.every((n) => n.startsWith('gpt_neox.') || n === 'embed_out.weight')).toBe(true);
    else expect(names.every((n) => n.startsWith('model.') || n === 'lm_head.weight')).toBe(true);
  });
});

describe('weights that do not match the config', () => {
  it('a k_proj with the heads count instead of the kv heads count is named with both shapes', () => {
    const c = familyCase('llama-gqa4-hd6-llama3-untied-bias');
    const w = { ...c.weights, 'model.layers.1.self_attn.k_proj.weight': { shape: [48, 40], data: new Float32Array(48 * 40) } };
    const e = caught(() => loadHostWeights(saveHostFolderUnchecked(w, c.config)));
    expect(e.message).toMatch(/tensor "model\.layers\.1\.self_attn\.k_proj\.weight" has shape \[48, 40\], expected \[12, 40\] from config\.json/);
    expect(e.place.field).toBe('model.layers.1.self_attn.k_proj.weight');
  });

  it('an untied config without lm_head.weight names the missing tensor', () => {
    const c = familyCase('qwen2-qkv-bias-untied');
    const { ['lm_head.weight']: _, ...w } = c.weights;
    const e = caught(() => loadHostWeights(saveHostFolderUnchecked(w, c.config)));
    expect(e.message).toMatch(/missing tensor "lm_head\.weight" \(expected shape \[50, 32\]\)/);
  });

  it('a tokenizer with more ids than the embedding has rows is refused with both numbers', () => {
    const c = familyCase('neox-parallel-rot25');
    const files = saveHostFolder(c.weights, c.config, { json: tinyTokenizerJson(40) });
    const e = caught(() => loadHostWeights(files));
    expect(e.message).toMatch(/tokenizer has 70 tokens but config\.json vocab_size is 50/);
    expect(e.place).toEqual({ file: 'tokenizer.json', field: 'vocab_size' });
  });
});

/** A folder with whatever tensors are given (the normal writer refuses a mismatch before a user could make one). */
function saveHostFolderUnchecked(w: HostWeights, c: ModelConfig): Record<string, Uint8Array> {
  return {
    'config.json': new TextEncoder().encode(JSON.stringify(familyFor(c).serializeConfig(c))),
    'model.safetensors': writeSafetensors(w, { format: 'pt' }),
    'tokenizer.json': new TextEncoder().encode(JSON.stringify(tinyTokenizerJson())),
  };
}
