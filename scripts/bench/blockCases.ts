// The cases of the bench's `block` section (block.ts): model:arm:pairs rows, each run through the explicit block
// backward and through tfjs's tape, plus `torch` (the PyTorch row) and `plan` (training.memory auto vs manual).
import { BENCH_CONFIGS } from '../../src/bench/dpoSteps';
import { SMOLLM2_135M } from '../../src/bench/memoryBench';

export interface BlockModel {
  name: string;
  family: 'gpt2' | 'llama';
  /** config.json fields (Llama) or the BenchConfig (GPT-2). */
  fields: Record<string, unknown>;
  /** Longest row in tokens. */
  T: number;
}

const gpt2 = (name: string, i: number): BlockModel => {
  const c = BENCH_CONFIGS[i];
  return { name, family: 'gpt2', fields: { ...c }, T: c.T };
};

export const BLOCK_MODELS: BlockModel[] = [
  // public/models/default at the default preset's batch (8 pairs); the 875k-parameter GPT-2 (BENCH_CONFIGS' 1M).
  gpt2('default', 0),
  gpt2('gpt2-875k', 1),
  { name: 'tiny-llama', family: 'llama', fields: { vocab_size: 512, hidden_size: 64, intermediate_size: 172, num_hidden_layers: 4, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 512 }, T: 128 },
  { name: SMOLLM2_135M.name, family: 'llama', fields: SMOLLM2_135M.fields, T: SMOLLM2_135M.T },
];

export interface BlockCase {
  model: BlockModel;
  arm: 'full' | 'lora';
  pairs: number;
}

/** The rows `npm run bench` runs unless told otherwise: seconds in all. */
export const DEFAULT_BLOCK_CASES = ['default:full:8', 'gpt2-875k:full:8', 'gpt2-875k:lora:8', 'tiny-llama:full:4', 'tiny-llama:lora:4'];
/** The 135M rows (minutes each), the PyTorch row beside smollm2-135m:lora:1 and the memory-plan row: --block. */
export const BIG_BLOCK_CASES = ['smollm2-135m:lora:1', 'smollm2-135m:lora:4', 'smollm2-135m:full:1', 'smollm2-135m:full:4', 'torch', 'plan'];
export const ALL_BLOCK_CASES = [...DEFAULT_BLOCK_CASES, ...BIG_BLOCK_CASES];
export const SPECIAL_CASES = ['torch', 'plan'];

/** model:arm:pairs → the case; a clear error naming what is wrong otherwise. */
export function parseBlockCase(s: string): BlockCase {
  const [name, arm, pairs, extra] = s.split(':');
  const model = BLOCK_MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`block case ${s}: unknown model ${name} (${BLOCK_MODELS.map((m) => m.name).join(', ')})`);
  if (arm !== 'full' && arm !== 'lora') throw new Error(`block case ${s}: arm ${arm} is not full or lora`);
  const n = Number(pairs);
  if (!Number.isInteger(n) || n < 1 || extra !== undefined) throw new Error(`block case ${s}: pairs ${pairs} is not a count (model:arm:pairs)`);
  return { model, arm, pairs: n };
}

/** Checks a --block-cases list: model:arm:pairs rows, torch and plan. */
export function checkBlockCases(cases: string[]): string[] {
  for (const c of cases) if (!SPECIAL_CASES.includes(c)) parseBlockCase(c);
  return cases;
}
