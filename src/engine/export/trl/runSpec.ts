// studio_run.json of the TRL project: what train.py reads (training settings, mapped arms, model and data).
import type { TrlArm } from './armMapping';
import type { TruncationMode } from '../../train/batch';
import { PINNED } from './templates/launch';
import { scoreBatchSize } from '../../train/evaluate';

export const RUN_SPEC_FORMAT = 'preference-studio-trl/1';

/** The training settings the export carries (the studio's RunConfig.training, possibly with lead-added fields). */
export interface TrainingLike {
  steps: number;
  batchSize: number;
  gradientAccumulationSteps?: number;
  lr: number;
  optimizer: 'adam' | 'sgd';
  warmupSteps: number;
  clipNorm: number;
  maxLength: number;
  seed: number;
  shuffle: boolean;
  evalEvery: number;
  logEvery: number;
  gradientCheckpointing?: boolean;
}

export interface ModelRef {
  /** A Hugging Face id, a path, or "model" for the copy bundled in the project. */
  default: string;
  /** The commit a Hub id was loaded at; train.py passes it to from_pretrained when --model is left at its default. */
  revision?: string;
  bundled: boolean;
  /** What the studio had loaded, in words. */
  source: string;
}

export interface RunSpec {
  format: typeof RUN_SPEC_FORMAT;
  trl_version: string;
  model: ModelRef;
  /**
   * order: the studio's batches, step after step, as indices into data/train.jsonl (data/order.json), when exported.
   * truncation: the studio's data.truncation; TRL runs keep_start whatever it is (it has no keep_prompt_tail).
   */
  /** eval_batch_size: the studio's scoring batch; TRL averages eval metrics per batch, so the batches must match. */
  /** hub: where the pairs came from when read from the Hub, "org/name@commit:config/split"; absent otherwise. */
  data: { train: string; pairs: number; eval_pairs: number; eval_batch_size: number; conversational: boolean; order: string | null; truncation: TruncationMode; hub?: string };
  training: {
    steps: number;
    batch_size: number;
    gradient_accumulation_steps: number;
    lr: number;
    optimizer: string;
    warmup_steps: number;
    clip_norm: number;
    max_length: number;
    seed: number;
    shuffle: boolean;
    eval_every: number;
    log_every: number;
    gradient_checkpointing: boolean;
  };
  arms: TrlArm[];
  /** The studio config it came from (npm run experiment -- --config reads it). */
  studio_config: unknown;
}

export const EVAL_PAIRS = 128;

export function runSpec(
  training: TrainingLike,
  arms: TrlArm[],
  model: ModelRef,
  pairs: number,
  conversational: boolean,
  studioConfig: unknown,
  order: boolean,
  truncation: TruncationMode = 'keep_start',
): RunSpec {
  return {
    format: RUN_SPEC_FORMAT,
    trl_version: PINNED.trl,
    model,
    data: { train: 'data/train.jsonl', pairs, eval_pairs: Math.min(pairs, EVAL_PAIRS), eval_batch_size: scoreBatchSize(training.batchSize), conversational, order: order ? 'data/order.json' : null, truncation },
    training: {
      steps: training.steps,
      batch_size: training.batchSize,
      gradient_accumulation_steps: training.gradientAccumulationSteps ?? 1,
      lr: training.lr,
      optimizer: training.optimizer,
      warmup_steps: training.warmupSteps,
      clip_norm: training.clipNorm,
      max_length: training.maxLength,
      seed: training.seed,
      shuffle: training.shuffle,
      eval_every: training.evalEvery,
      log_every: training.logEvery,
      gradient_checkpointing: training.gradientCheckpointing ?? false,
    },
    arms,
    studio_config: studioConfig,
  };
}
