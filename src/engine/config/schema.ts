// The run config: the one JSON the UI imports/exports, the URL hash carries and the CLI reads.
import { z } from 'zod';
import { defaultArmNames } from '../losses/armNames';
import { LOSS_KINDS } from '../losses/lossTypeInfo';
import type { LossKind } from '../losses/types';
import { F_DIVERGENCES, LOSS_TYPES, type LossType } from '../losses/lossTypes';
import { HYPER_INFO, type HyperKey } from '../losses/lossTypeInfo';
import { resolveArmLoss } from '../losses/armLosses';
import { armLossInput, armLossIssues } from './armLossInput';
import { TRUNCATION_MODES, type TruncationMode } from '../train/batch';

// No JIT: zod would probe eval with Function(''), which the app's CSP (no 'unsafe-eval') refuses and reports.
z.config({ jitless: true });

const text = z.string().trim().min(1);
const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const columnsSchema = z.strictObject({
  prompt: text.optional(),
  chosen: text,
  rejected: text,
  system: text.optional(),
});

/** PEFT's LoraConfig in the studio's names; targetModules left out take the family's usual projections. */
export const loraSchema = z.strictObject({
  type: z.literal('lora'),
  r: int(1, 1024).default(16),
  alpha: z.number().gt(0).max(4096).default(32),
  dropout: z.number().min(0).lt(1).default(0),
  targetModules: z.array(text).min(1).optional(),
  rslora: z.boolean().default(false),
});

export const adapterSchema = z.union([z.strictObject({ type: z.literal('none') }), loraSchema]);

const num = (key: HyperKey) => {
  const { min, max } = HYPER_INFO[key];
  const error = `${key} must be in [${min}, ${max}]`;
  return z.number().min(min, { error }).max(max, { error }).optional();
};
const lossTypeEnum = z.enum(LOSS_TYPES as unknown as [LossType, ...LossType[]], {
  error: (iss) => `unknown loss type ${JSON.stringify(iss.input)}; allowed: ${LOSS_TYPES.join(', ')}`,
});
const termSchema = z.strictObject({ type: lossTypeEnum, weight: z.number().min(0).max(1000).optional() });

/**
 * An arm as a TRL user writes a DPOConfig: `losses: [{ type, weight }]` (or TRL's own `loss_type` + `loss_weights`)
 * with TRL's hyperparameter names. The old single `loss` (with lambda/epsilon/alpha/gamma) still loads, mapped onto
 * the new form (armLosses.ts). After parsing every arm has `losses` and every hyperparameter.
 */
export const armSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(40),
    losses: z.array(termSchema).min(1).max(8).optional(),
    loss_type: z.union([lossTypeEnum, z.array(lossTypeEnum).min(1).max(8)]).optional(),
    loss_weights: z.array(z.number().min(0).max(1000)).optional(),
    beta: num('beta'),
    label_smoothing: num('label_smoothing'),
    ld_alpha: z.number().min(0).max(1).nullable().optional(),
    use_weighting: z.boolean().optional(),
    f_divergence_type: z.enum(F_DIVERGENCES).optional(),
    f_alpha_divergence_coef: num('f_alpha_divergence_coef'),
    discopop_tau: num('discopop_tau'),
    dpop_lambda: num('dpop_lambda'),
    dpop_kink_gradient: num('dpop_kink_gradient'),
    simpo_gamma: num('simpo_gamma'),
    // The old form: one loss by the studio's former names.
    loss: z.enum(LOSS_KINDS as [LossKind, ...LossKind[]]).optional(),
    lambda: z.number().min(0).max(1000).optional(),
    epsilon: z.number().min(0).lt(0.5).optional(),
    alpha: z.number().min(0).max(100).optional(),
    gamma: z.number().min(0).max(20).optional(),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #1f77b4').optional(),
    /** Full fine-tuning (none, the default) or LoRA adapters on the shared frozen base. */
    adapter: adapterSchema.optional(),
  })
  .superRefine((arm, ctx) => {
    for (const issue of armLossIssues(arm)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .transform((arm) => ({
    name: arm.name,
    ...resolveArmLoss(armLossInput(arm)),
    ...(arm.color !== undefined ? { color: arm.color } : {}),
    ...(arm.adapter !== undefined ? { adapter: arm.adapter } : {}),
  }));

/** The smallest batch, max length and arm count a config may give (the memory advice never goes below them). */
export const CONFIG_FLOOR = { batchSize: 1, maxLength: 8, arms: 2 } as const;

const DEFAULT_ARM_NAMES = defaultArmNames(['dpo', 'dpop']);
const DEFAULT_ARMS = [
  { name: DEFAULT_ARM_NAMES[0], loss: 'dpo', color: '#1f77b4' },
  { name: DEFAULT_ARM_NAMES[1], loss: 'dpop', color: '#d62728' },
] as const;

/**
 * The one place the warm-up, clipping and memory-plan defaults live; presets, the UI (which opens on a preset), config files and CLI
 * flags all fall through to these. Warm-up 0 is transformers' default; clipping is off, where transformers'
 * max_grad_norm is 1, because the presets' published results were measured without it (the TRL export writes the
 * value explicitly, so a hand-off trains with the studio's).
 */
export const TRAINING_DEFAULTS = { warmupSteps: 0, clipNorm: 0, memory: 'auto' } as const;

export const trainingSchema = z.strictObject({
  steps: int(1, 100_000).default(200),
  batchSize: int(CONFIG_FLOOR.batchSize, 256).default(4),
  lr: z.number().gt(0).max(1).default(5e-6),
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  warmupSteps: int(0, 100_000).default(TRAINING_DEFAULTS.warmupSteps),
  /** Global gradient-norm clip; 0 turns clipping off. */
  clipNorm: z.number().min(0).max(1000).default(TRAINING_DEFAULTS.clipNorm),
  maxLength: int(CONFIG_FLOOR.maxLength, 8192).default(256),
  seed: int(0, 0xffffffff).default(42),
  shuffle: z.boolean().default(true),
  evalEvery: int(1, 100_000).default(20),
  logEvery: int(1, 100_000).default(1),
  epochs: int(1, 1000).optional(),
  /** Recompute each layer's activations in the backward pass (transformers' gradient_checkpointing). */
  gradientCheckpointing: z.boolean().default(false),
  /** Forward passes of batchSize pairs summed into one update (transformers' gradient_accumulation_steps). */
  gradientAccumulationSteps: int(1, 1024).default(1),
  /** auto: when the run does not fit the memory budget, turn on checkpointing and split the batch into passes (memoryPlan.ts); manual: refuse instead. */
  memory: z.enum(['auto', 'manual']).default(TRAINING_DEFAULTS.memory),
});

const fraction = z.number().gt(0, 'must be above 0').max(1, 'must be at most 1');
const pairFilterSchema = z
  .strictObject({ chesTop: fraction.optional(), chesBottom: fraction.optional(), editMin: int(0, 1_000_000).optional(), editMax: int(0, 1_000_000).optional() })
  .refine((f) => f.editMin === undefined || f.editMax === undefined || f.editMin <= f.editMax, { message: 'editMin must not exceed editMax', path: ['editMax'] });

export const configSchema = z
  .strictObject({
    version: z.literal(1),
    preset: z.string().trim().min(1).optional(),
    data: z
      .strictObject({
        builtin: text.optional(),
        file: text.optional(),
        columns: columnsSchema.optional(),
        /** Train on the first N pairs only (and as many held-out pairs): quick trials and tests on slow backends. */
        maxPairs: int(1, 10_000_000).optional(),
        /** Keep pairs by predicted likelihood displacement (normalised CHES fraction, edit-distance band); see lab/filters.ts. */
        filter: pairFilterSchema.optional(),
        /**
         * How a pair longer than training.maxLength is cut: keep_start is TRL's (the completion's tail goes first; a
         * pair whose prompt alone fills maxLength is dropped); keep_prompt_tail keeps the prompt's end instead.
         */
        truncation: z.enum(TRUNCATION_MODES as [TruncationMode, ...TruncationMode[]]).default('keep_start'),
      })
      .refine((d) => !(d.builtin && d.file), { message: 'give either data.builtin or data.file, not both', path: ['file'] })
      .prefault({}),
    model: z
      .strictObject({ builtin: text.optional(), dir: text.optional() })
      .refine((m) => !(m.builtin && m.dir), { message: 'give either model.builtin or model.dir, not both', path: ['dir'] })
      .prefault({}),
    /** The hub hf: ids come from, for mirrors (the CLI's --hub-endpoint, the UI's endpoint setting); default huggingface.co. */
    hub: z.strictObject({ endpoint: z.string().trim().regex(/^https?:\/\/[^/\s]+\S*$/, 'expected an http(s) URL such as https://huggingface.co').optional() }).optional(),
    arms: z.array(armSchema).min(CONFIG_FLOOR.arms).max(4).prefault(DEFAULT_ARMS.map((a) => ({ ...a }))),
    training: trainingSchema.prefault({}),
    backend: z.enum(['auto', 'webgpu', 'wasm', 'cpu']).default('auto'),
    /** wasm threads: 'auto' = the cores minus one (at least 1); more than 1 needs a cross-origin-isolated page. */
    threads: z.union([z.literal('auto'), int(1, 64)]).default('auto'),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.arms.forEach((a, i) => {
      if (seen.has(a.name)) ctx.addIssue({ code: 'custom', path: ['arms', i, 'name'], message: `duplicate arm name "${a.name}"` });
      seen.set(a.name, i);
    });
    if (c.training.warmupSteps > c.training.steps)
      ctx.addIssue({ code: 'custom', path: ['training', 'warmupSteps'], message: 'warmupSteps must not exceed steps' });
  });

/** What the file says (everything but version optional). */
export type RunConfigInput = z.input<typeof configSchema>;
/** After validation: every default filled in, every arm with its loss's hyperparameters. */
export type RunConfig = z.output<typeof configSchema>;
export type ArmConfig = RunConfig['arms'][number];
export type ColumnMappingConfig = z.output<typeof columnsSchema>;
