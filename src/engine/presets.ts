// Named experiments: the studio opens on `default`; the CLI lists them with --list-presets.
import type { RunConfigInput } from './config';

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

// Tuned with scripts/default/probe.ts: lr 1e-3 or β 0.3 make DPO collapse by tens of nats; 3e-4 shows the effect cleanly.
const training = { steps: 80, batchSize: 8, lr: 3e-4, optimizer: 'adam', warmupSteps: 0, clipNorm: 0, maxLength: 64, seed: 42, evalEvery: 20, logEvery: 1 } as const;

export const PRESETS: Preset[] = [
  {
    name: 'default',
    title: 'DPO vs DPOP — one number changed',
    description: 'Low edit-distance pairs: DPO lowers the likelihood of the preferred answers while its margin grows; DPOP keeps it up.',
    config: {
      version: 1,
      preset: 'default',
      data: { builtin: 'math-low-edit' },
      model: { builtin: 'default' },
      arms: [
        { name: 'DPO', loss: 'dpo', beta: 0.1, color: '#1f77b4' },
        { name: 'DPOP', loss: 'dpop', beta: 0.1, lambda: 50, color: '#d62728' },
      ],
      training: { ...training },
      backend: 'auto',
    },
  },
  {
    name: 'high-edit',
    title: 'DPO vs DPOP — wholly different wrong answers',
    description: 'High edit-distance pairs, as in the paper\'s pairwise ARC: see whether the failure mode appears when answers differ a lot.',
    config: {
      version: 1,
      preset: 'high-edit',
      data: { builtin: 'math-high-edit' },
      model: { builtin: 'default' },
      arms: [
        { name: 'DPO', loss: 'dpo', beta: 0.1, color: '#1f77b4' },
        { name: 'DPOP', loss: 'dpop', beta: 0.1, lambda: 50, color: '#d62728' },
      ],
      training: { ...training },
      backend: 'auto',
    },
  },
  {
    name: 'all-losses',
    title: 'DPO, DPOP, IPO and RPO side by side',
    description: 'Four losses on the low edit-distance pairs, same data order and starting weights.',
    config: {
      version: 1,
      preset: 'all-losses',
      data: { builtin: 'math-low-edit' },
      model: { builtin: 'default' },
      arms: [
        { name: 'DPO', loss: 'dpo', beta: 0.1, color: '#1f77b4' },
        { name: 'DPOP', loss: 'dpop', beta: 0.1, lambda: 50, color: '#d62728' },
        { name: 'IPO', loss: 'ipo', beta: 0.1, color: '#2ca02c' },
        { name: 'RPO', loss: 'rpo', beta: 0.1, alpha: 1, color: '#9467bd' },
      ],
      training: { ...training },
      backend: 'auto',
    },
  },
];

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
