// Test fixtures: small random GPT-2 checkpoints with non-trivial LayerNorms and biases, and a tiny tokenizer.
import { makeRng, normals } from '../../rng';
import { gpt2Config, type GPT2Config } from '../families/gpt2Config';
import { gpt2Shapes } from '../families/gpt2';
import type { HostWeights } from '../params';

export function tinyConfig(over: Partial<GPT2Config> = {}): GPT2Config {
  return gpt2Config({ vocab_size: 50, n_positions: 12, n_embd: 32, n_layer: 2, n_head: 4, ...over });
}

/** Weights large enough that attention, LayerNorm and the activation all matter (GPT-2's 0.02 init hides bugs). */
export function randomWeights(c: GPT2Config, seed: number): HostWeights {
  const rand = makeRng(seed);
  const out: HostWeights = {};
  for (const [name, shape] of Object.entries(gpt2Shapes(c))) {
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (name.includes('ln_') && name.endsWith('.weight')) data = normals(rand, n, 0.3).map((x) => 1 + x);
    else if (name.endsWith('.bias')) data = normals(rand, n, 0.1);
    else if (name.startsWith('wte') || name.startsWith('wpe')) data = normals(rand, n, 0.5);
    else data = normals(rand, n, 1 / Math.sqrt(shape[0]));
    out[name] = { shape, data };
  }
  return out;
}

/** A 30-token byte-level BPE over "abc d" etc.: enough to exercise loading and the vocab-size check. */
export function tinyTokenizerJson(extraTokens = 0): Record<string, unknown> {
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const vocab: Record<string, number> = {};
  letters.forEach((ch, i) => (vocab[ch] = i));
  vocab['Ġ'] = 26;
  vocab['ab'] = 27;
  vocab['Ġa'] = 28;
  for (let i = 0; i < extraTokens; i++) vocab[`x${i}`] = 29 + i;
  const eosId = 29 + extraTokens;
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    added_tokens: [{ id: eosId, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges: ['a b', 'Ġ a'] },
  };
}
