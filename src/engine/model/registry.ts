// The model-family registry: model_type → family, and config.json → a validated config of that family.
import { StudioError } from '../errors';
import type { ModelConfig } from './modelConfig';
import type { ModelDims, ModelFamily } from './family';
import { gptNeoxFamily } from './families/gptNeox';
import { llamaModelFamily } from './families/llama';
import { mistralFamily } from './families/mistral';
import { qwen2Family } from './families/qwen2';
import { qwen3Family } from './families/qwen3';
import { gpt2Family } from './families/gpt2';
import { gemma3Family } from './families/gemma3';
import { gemma2Family } from './families/gemma2';
import { refuseGemma3Multimodal } from './families/gemma3Config';

const FAMILIES: ModelFamily[] = [gpt2Family, llamaModelFamily, mistralFamily, qwen2Family, qwen3Family, gptNeoxFamily, gemma3Family, gemma2Family] as ModelFamily[];
const BY_TYPE = new Map(FAMILIES.map((f) => [f.modelType, f]));

/** "gpt2 (GPT2LMHeadModel), llama (LlamaForCausalLM), …": what the UI and refusals list. */
export const SUPPORTED_FAMILIES = FAMILIES.map((f) => `${f.modelType} (${f.architectures[0]})`);
export const SUPPORTED_MODEL_TYPES = FAMILIES.map((f) => f.modelType);

export function familyFor(c: ModelConfig): ModelFamily {
  const f = BY_TYPE.get(c.model_type);
  if (!f) throw new StudioError(`no model family for model_type "${c.model_type}"`, { field: 'model_type' }, 'internal');
  return f;
}

export function modelDims(c: ModelConfig): ModelDims {
  return familyFor(c).dims(c);
}

/** Reads a config.json object, refusing what the engine cannot run with a message that lists what it can. */
export function parseModelConfig(raw: unknown, file = 'config.json'): ModelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new StudioError(`${file}: expected a JSON object`, { file });
  }
  const o = raw as Record<string, unknown>;
  const archs = Array.isArray(o.architectures) ? (o.architectures as unknown[]).map(String) : [];
  const type = typeof o.model_type === 'string' ? o.model_type : undefined;
  refuseGemma3Multimodal(o, file);
  const family = type === undefined ? undefined : BY_TYPE.get(type);
  if (!family) {
    const what = type ? `model_type "${type}"` : archs.length ? `architectures ${JSON.stringify(archs)}` : 'no model_type';
    throw new StudioError(`${file}: unsupported model (${what}); supported: ${SUPPORTED_FAMILIES.join(', ')}`, { file, field: 'model_type' });
  }
  const bad = archs.find((a) => !a.endsWith('ForCausalLM') && !a.endsWith('LMHeadModel') && a !== family.architectures[0]);
  if (bad) {
    throw new StudioError(`${file}: architectures ${JSON.stringify(archs)} is not a causal LM head (expected ${family.architectures[0]})`, { file, field: 'architectures' });
  }
  return family.parseConfig(o, file);
}
