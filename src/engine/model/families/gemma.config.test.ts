// Gemma config.json reading: transformers 5.18's class defaults, both rotary spellings, and refusals that name the file,
// the field and the value (the multimodal Gemma 3 checkpoint names gemma3_text as what is supported).
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../errors';
import { familyFor, parseModelConfig } from '../registry';
import type { GemmaConfig } from './gemma3Config';

const g270m = {
  architectures: ['Gemma3ForCausalLM'], model_type: 'gemma3_text', vocab_size: 262144, hidden_size: 640, intermediate_size: 2048,
  num_hidden_layers: 18, num_attention_heads: 4, num_key_value_heads: 1, head_dim: 256, query_pre_attn_scalar: 256, sliding_window: 512,
  rope_theta: 1000000.0, rope_local_base_freq: 10000.0, rope_scaling: null, attn_logit_softcapping: null, final_logit_softcapping: null,
  hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 32768, rms_norm_eps: 1e-6, tie_word_embeddings: true, _sliding_window_pattern: 6,
};
const small = { vocab_size: 50, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 4, num_attention_heads: 8 };

const caught = (f: () => unknown): StudioError => {
  try {
    f();
  } catch (e) {
    if (e instanceof StudioError) return e;
    throw e;
  }
  throw new Error('expected a StudioError');
};

describe('Gemma configs as transformers reads them', () => {
  it('gemma-3-270m: 268,098,176 parameters, five local layers to one global, local θ 1e4 and global θ 1e6', () => {
    const c = parseModelConfig(g270m) as GemmaConfig;
    expect(familyFor(c).paramCount(c)).toBe(268_098_176);
    expect(c.layer_types.map((t) => (t === 'full_attention' ? 'G' : 'l')).join('')).toBe('lllllGlllllGlllllG');
    expect([c.rope.theta, c.ropeLocal.theta, c.attnSoftcap, c.final_logit_softcapping]).toEqual([1e6, 1e4, null, null]);
  });

  it('Gemma 3 stores attn_logit_softcapping but never applies it; rope_parameters keyed by layer type; linear scaling on global layers only', () => {
    const c = parseModelConfig({
      ...small, model_type: 'gemma3_text', attn_logit_softcapping: 50,
      rope_parameters: { full_attention: { rope_type: 'linear', factor: 8, rope_theta: 1e6 }, sliding_attention: { rope_type: 'default', rope_theta: 1e4 } },
    }) as GemmaConfig;
    expect(c.attnSoftcap).toBeNull();
    expect(c.rope).toEqual({ theta: 1e6, scaling: { type: 'linear', factor: 8 } });
    expect(c.ropeLocal).toEqual({ theta: 1e4, scaling: { type: 'default' } });
  });

  it('Gemma 2 without soft-cap keys gets 50 and 30, an explicit null turns one off; even layers slide', () => {
    const d = parseModelConfig({ ...small, model_type: 'gemma2' }) as GemmaConfig;
    expect([d.attnSoftcap, d.final_logit_softcapping, d.head_dim, d.num_key_value_heads, d.sliding_window]).toEqual([50, 30, 256, 4, 4096]);
    expect(d.layer_types).toEqual(['sliding_attention', 'full_attention', 'sliding_attention', 'full_attention']);
    const off = parseModelConfig({ ...small, model_type: 'gemma2', final_logit_softcapping: null }) as GemmaConfig;
    expect([off.attnSoftcap, off.final_logit_softcapping]).toEqual([50, null]);
  });
});

describe('Gemma refusals name the file, the field and the value', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['multimodal model_type', { model_type: 'gemma3', architectures: ['Gemma3ForConditionalGeneration'], text_config: {} }, 'model_type', /config\.json: field "model_type" = "gemma3" is Gemma 3's multimodal .* not supported; the text-only gemma3_text checkpoints \(Gemma3ForCausalLM/],
    ['multimodal architecture', { ...g270m, architectures: ['Gemma3ForConditionalGeneration'] }, 'architectures', /field "architectures" = "Gemma3ForConditionalGeneration" .* gemma3_text/],
    ['another activation', { ...g270m, hidden_activation: 'gelu' }, 'hidden_activation', /field "hidden_activation" = "gelu" is not supported \(the gated MLP is implemented with gelu_pytorch_tanh\)/],
    ['bidirectional attention', { ...g270m, use_bidirectional_attention: true }, 'use_bidirectional_attention', /"use_bidirectional_attention" = true is not supported/],
    ['layer_types of the wrong length', { ...g270m, layer_types: ['full_attention'] }, 'layer_types', /"layer_types" must list .* for each of the 18 layers/],
    ['a yarn-scaled global rope', { ...g270m, rope_scaling: { rope_type: 'yarn', factor: 8 } }, 'rope_scaling.rope_type', /rope_type "yarn" is not supported/],
  ];
  it.each(cases)('%s', (_, cfg, field, msg) => {
    const e = caught(() => parseModelConfig(cfg, 'config.json'));
    expect(e.message).toMatch(msg);
    expect(e.place).toEqual({ file: 'config.json', field });
  });
});
