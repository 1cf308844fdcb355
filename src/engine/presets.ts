// Named experiments: the studio opens on `default`; the CLI lists them with --list-presets.
import type { RunConfigInput } from './config';
import { withDefaultArmNames } from './losses/armNames';

export interface Preset {
  name: string;
  title: string;
  description: string;
  config: RunConfigInput;
}

/** Built-in datasets shipped under public/data/ (train split; the held-out split is `<name>.test.jsonl`). */
export const BUILTIN_DATASETS = [
  { name: 'math-low-edit', title: 'Arithmetic, one number changed (low edit distance)' },
  { name: 'math-high-edit', title: 'Arithmetic, a wholly different wrong answer (high edit distance)' },
] as const;

export const BUILTIN_MODELS = [{ name: 'default', title: 'Tiny arithmetic GPT-2 (built in)' }] as const;

// Tuned with scripts/builtin-model/probe.ts: lr 1e-3 or β 0.3 make DPO collapse by tens of nats; 3e-4 shows the effect cleanly.
// Warm-up and clipping are left out on purpose: every door takes them from the schema's TRAINING_DEFAULTS.
const training = { steps: 80, batchSize: 8, lr: 3e-4, optimizer: 'adam', maxLength: 64, seed: 42, evalEvery: 20, logEvery: 1 } as const;

type PresetArm = Omit<NonNullable<RunConfigInput['arms']>[number], 'name'>;

const DPO_VS_DPOP: PresetArm[] = [
  { loss: 'dpo', beta: 0.1, color: '#1f77b4' },
  { loss: 'dpop', beta: 0.1, lambda: 50, color: '#d62728' },
];

/** Arms are named by defaultArmName (DPO, DPOP, IPO, …), as the CLI's --arms and the UI's "Add arm" name them. */
function preset(name: string, title: string, description: string, data: string, presetArms: PresetArm[]): Preset {
  const arms = withDefaultArmNames(presetArms);
  return {
    name,
    title,
    description,
    config: { version: 1, preset: name, data: { builtin: data }, model: { builtin: 'default' }, arms, training: { ...training }, backend: 'auto' },
  };
}

export const PRESETS: Preset[] = [
  preset(
    'default',
    'DPO vs DPOP — one number changed',
    'Low edit-distance pairs: DPO lowers the likelihood of the preferred answers while its margin grows; DPOP keeps it up.',
    'math-low-edit',
    DPO_VS_DPOP.map((a) => ({ ...a })),
  ),
  preset(
    'high-edit',
    'DPO vs DPOP — wholly different wrong answers',
    "High edit-distance pairs, as in the paper's pairwise ARC: see whether the failure mode appears when answers differ a lot.",
    'math-high-edit',
    DPO_VS_DPOP.map((a) => ({ ...a })),
  ),
  preset('all-losses', 'DPO, DPOP, IPO and RPO side by side', 'Four losses on the low edit-distance pairs, same data order and starting weights.', 'math-low-edit', [
    ...DPO_VS_DPOP.map((a) => ({ ...a })),
    { loss: 'ipo', beta: 0.1, color: '#2ca02c' },
    { loss: 'rpo', beta: 0.1, alpha: 1, color: '#9467bd' },
  ]),
  preset(
    'trl-zoo',
    'TRL loss types: sigmoid, DPOP, apo_zero, sigmoid + sft',
    "Four of TRL 1.9's loss types by their DPOConfig names on the low edit-distance pairs: what each does to the chosen answers' log-likelihood.",
    'math-low-edit',
    [
      { losses: [{ type: 'sigmoid', weight: 1 }], beta: 0.1, color: '#1f77b4' },
      { losses: [{ type: 'dpop', weight: 1 }], beta: 0.1, dpop_lambda: 50, color: '#d62728' },
      { losses: [{ type: 'apo_zero', weight: 1 }], beta: 0.1, color: '#2ca02c' },
      { losses: [{ type: 'sigmoid', weight: 1 }, { type: 'sft', weight: 1 }], beta: 0.1, color: '#9467bd' },
    ],
  ),
  preset(
    'mpo-style',
    'MPO-style combination: sigmoid 0.8 + bco_pair 0.2 + sft 1.0',
    "TRL's documented MPO combination (loss_type [sigmoid, bco_pair, sft], loss_weights [0.8, 0.2, 1.0]) beside plain sigmoid.",
    'math-low-edit',
    [
      { losses: [{ type: 'sigmoid', weight: 1 }], beta: 0.1, color: '#1f77b4' },
      { losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }], beta: 0.1, color: '#ff7f0e' },
    ],
  ),
];

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
