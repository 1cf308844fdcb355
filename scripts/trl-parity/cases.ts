// The direct parity cases: each of TRL's loss types, a weighted combination, DPOP, warm-up with clipping, and three
// data cases where TRL's tokenisation and truncation decide the tokens (a prompt ending in a space, a cut, a template).
import type { RunConfigInput } from '../../src/engine/config';
import { TRL_LOSS_TYPES } from '../../src/engine/losses/lossTypes';
import { CONVERSATIONAL, mathRows, SPACE_END, TRUNCATING, TRUNCATING_MAX_LENGTH } from './fixtures';


type Arm = NonNullable<RunConfigInput['arms']>[number];

export interface ParityCase {
  name: string;
  /** tiny: width 16, the built-in model's tokenizer; gpt2: GPT-2's real tokenizer; qwen: Qwen2.5's tokenizer and chat template. */
  model: 'tiny' | 'gpt2' | 'qwen';
  rows: Record<string, unknown>[];
  arms: Arm[];
  training: { lr: number; warmupSteps: number; clipNorm: number; maxLength: number };
}

export const STEPS = 3;
const plain = { lr: 0.02, warmupSteps: 0, clipNorm: 0, maxLength: 64 };
const MATH = mathRows(8);
const single = (type: string, extra: Partial<Arm> = {}): Arm => ({ name: type, losses: [{ type }], beta: 0.1, ...extra }) as Arm;

// sppo_hard's squared loss diverges at lr 0.02 (log-probs −3e10 by step 3), so it runs in a case of its own at a lower lr.
const lossArms: Arm[] = [
  ...TRL_LOSS_TYPES.filter((t) => t !== 'sppo_hard').map((t) => single(t, t === 'robust' ? { label_smoothing: 0.1 } : {})),
  { name: 'mix', losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }], beta: 0.1 } as Arm,
];

/** The loss arms in studio runs of at most 4 arms (the config's limit), all on the plain pairs. */
const lossCases: ParityCase[] = [];
for (let i = 0; i < lossArms.length; i += 4) lossCases.push({ name: `losses-${i / 4 + 1}`, model: 'tiny', rows: MATH, arms: lossArms.slice(i, i + 4), training: plain });

const dpop = (name: string, kink: number): Arm => ({ name, losses: [{ type: 'dpop' }], beta: 0.1, dpop_lambda: 50, dpop_kink_gradient: kink }) as Arm;
const pair = [single('sigmoid'), dpop('dpop', 0)];

export const CASES: ParityCase[] = [
  ...lossCases,
  { name: 'sppo_hard', model: 'tiny', rows: MATH, arms: [single('sppo_hard'), single('sigmoid')], training: { ...plain, lr: 1e-3 } },
  { name: 'dpop', model: 'tiny', rows: MATH, arms: [dpop('dpop-relu', 0), dpop('dpop-clamp', 1)], training: plain },
  { name: 'warmup-clip', model: 'tiny', rows: MATH, arms: [single('sigmoid'), single('ipo')], training: { ...plain, warmupSteps: 2, clipNorm: 0.5 } },
  { name: 'prompt-ends-in-space', model: 'gpt2', rows: SPACE_END, arms: pair, training: plain },
  { name: 'truncating', model: 'gpt2', rows: TRUNCATING, arms: pair, training: { ...plain, maxLength: TRUNCATING_MAX_LENGTH } },
  { name: 'chat-template', model: 'qwen', rows: CONVERSATIONAL, arms: pair, training: plain },
];

/** The studio config of a case: every pair in one step, in file order, SGD. */
export function studioConfig(c: ParityCase): RunConfigInput {
  return {
    version: 1,
    arms: c.arms,
    training: { steps: STEPS, batchSize: c.rows.length, optimizer: 'sgd', shuffle: false, seed: 1, ...c.training },
  };
}
