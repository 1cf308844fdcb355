// The supported families by name, free of tfjs so the page can list them (registry.test.ts keeps it equal to the registry).
export const FAMILY_NAMES: [modelType: string, architecture: string][] = [
  ['gpt2', 'GPT2LMHeadModel'],
  ['llama', 'LlamaForCausalLM'],
  ['mistral', 'MistralForCausalLM'],
  ['qwen2', 'Qwen2ForCausalLM'],
  ['qwen3', 'Qwen3ForCausalLM'],
  ['gpt_neox', 'GPTNeoXForCausalLM'],
  ['gemma3_text', 'Gemma3ForCausalLM'],
  ['gemma2', 'Gemma2ForCausalLM'],
];

export const SUPPORTED_FAMILIES_TEXT = FAMILY_NAMES.map(([t, a]) => `${t} (${a})`).join(', ');
