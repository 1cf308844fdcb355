// What a preference run takes and tells: its options, the per-step result, the events it emits and its checkpoint.
import type { ModelConfig } from '../model/modelConfig';
import type { ModelFamily } from '../model/family';
import type { HostWeights } from '../model/params';
import type { ArmSpec, ArmState } from './arm';
import type { ArmCheckpoint } from './armSnapshot';
import type { EvalResult } from './evaluate';
import type { Metrics } from './metrics';
import type { OptimizerConfig } from './optimizer';
import type { PeakMemory } from './peakMemory';
import type { ReferenceCache } from './referenceCache';
import type { TokenizedPair } from './tokenizePairs';
import type { LoggedPoint } from './verdict';

export interface TrainingOptions {
  steps: number;
  /** Pairs per forward pass (2× rows); a step takes batchSize × gradientAccumulationSteps pairs. */
  batchSize: number;
  /** Forward/backward passes summed into one optimizer step (transformers' gradient_accumulation_steps; default 1). */
  gradientAccumulationSteps?: number;
  lr: number;
  warmupSteps?: number;
  /** Global gradient-norm clip; 0 = none. */
  clipNorm?: number;
  optimizer?: 'adam' | 'sgd' | OptimizerConfig;
  seed: number;
  shuffle?: boolean;
  /** Metrics are logged on step 1, every logEvery steps and on the last step. */
  logEvery?: number;
  /** Evaluate every evalEvery steps (0 = never; run.evaluate() is always available). */
  evalEvery?: number;
  /** Keep an in-memory checkpoint every checkpointEvery steps (0 = never). */
  checkpointEvery?: number;
  maxLength: number;
  padId?: number;
  /** Batch size of the reference and evaluation passes (no gradients, so it can be larger). */
  scoreBatchSize?: number;
  /** Pair whose per-token changes each evaluation returns. */
  tokenPair?: number;
  /**
   * The step (1-based) whose memory peak is measured, once, by sampling the engine's bookkeeping (default 2: the first
   * steady-state step, after step 1 has created the optimizer state; 0 = never).
   */
  measurePeakAtStep?: number;
  /** Gradient checkpointing per layer: activations of one layer at a time, one extra forward of compute. */
  gradientCheckpointing?: boolean;
}

export interface PreferenceRunOptions {
  start: HostWeights;
  config: ModelConfig;
  family: ModelFamily;
  items: TokenizedPair[];
  evalIndices?: number[];
  arms: ArmSpec[];
  training: TrainingOptions;
  onEvent?: (e: RunEvent) => void;
  /** A reference cache computed earlier (a restored run); otherwise computed by init(). */
  reference?: ReferenceCache;
  /** Observes every forward pass's row count (reference, training and evaluation). */
  onForward?: (rows: number, phase: 'reference' | 'train' | 'eval') => void;
  /** Pairs of the reference cache scored so far, after each scoring batch (so a long prepare shows it moving). */
  onReferenceProgress?: (done: number, total: number) => void;
}

export interface ArmStepReport {
  arm: string;
  state: ArmState;
  /** Set when this step was logged and the arm trained on it. */
  metrics?: Metrics;
}

export interface StepResult {
  /** 1-based step that was just attempted (= steps completed by the run). */
  step: number;
  /** True when `interrupt` stopped the step between arm passes: some arms have not stepped yet, step() goes on. */
  partial?: boolean;
  epoch: number;
  batch: number[];
  arms: ArmStepReport[];
  evals?: EvalResult[];
  done: boolean;
}

export type RunEvent =
  | { type: 'reference'; pairs: number; ms: number }
  | { type: 'log'; arm: string; step: number; metrics: Metrics }
  | { type: 'diverged'; arm: string; step: number; reason: string }
  | { type: 'eval'; result: EvalResult }
  | { type: 'checkpoint'; step: number }
  | { type: 'memory'; peak: RunPeakMemory }
  | { type: 'done'; step: number };

export interface RunCheckpoint {
  step: number;
  arms: ArmCheckpoint[];
  reference: ReferenceCache;
  history: Record<string, LoggedPoint[]>;
  /** Evaluations up to this step (a resumed run's lab charts continue from them). */
  evals?: EvalResult[];
}

/** The measured step's peak: the largest of its arms' peaks (each arm steps in turn and frees what its step made). */
export interface RunPeakMemory extends PeakMemory {
  step: number;
  /** Each measured arm's own peak (absolute engine bytes, like peakBytes). */
  arms: Record<string, number>;
}
