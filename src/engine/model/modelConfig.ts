// A model's config.json, whichever family: each family keeps its own config type beside its model file.
import type { GPT2Config } from './families/gpt2Config';
import type { LlamaConfig } from './families/llamaConfig';
import type { NeoXConfig } from './families/gptNeoxConfig';
import type { GemmaConfig } from './families/gemma3Config';

export type ModelConfig = GPT2Config | LlamaConfig | NeoXConfig | GemmaConfig;
