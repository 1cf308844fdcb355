// Prepare phase: the validated run config mapped onto the trainer's options (arms, schedule, checkpoints).
import type { ArmConfig, RunConfig } from '../config';
import { DEFAULT_TARGETS, type LoraSpec } from '../model/lora';
import { armLoss, armLossSpec } from '../losses';
import { familyFor } from '../model/registry';
import type { HostFolder } from '../model/hfFolder';
import { defaultEvalIndices, scoreBatchSize } from '../train/evaluate';
import { hasDpopPenalty } from '../lab/armKind';
import type { PreferenceRunOptions, RunEvent } from '../train/runTypes';
import type { TokenizedPair } from '../train/tokenizePairs';

/** An arm's LoRA settings with the family's default target modules filled in; undefined for a full arm. */
export function loraSpecFor(a: ArmConfig, modelType: string): LoraSpec | undefined {
  const ad = a.adapter;
  if (!ad || ad.type !== 'lora') return undefined;
  return { r: ad.r, alpha: ad.alpha, dropout: ad.dropout, rslora: ad.rslora, targetModules: ad.targetModules ?? DEFAULT_TARGETS[modelType] ?? [] };
}

/** Evaluation covers every training pair up to this many (a seeded sample beyond). */
const EVAL_PAIRS = 128;

export function runOptionsFor(config: RunConfig, host: HostFolder, items: TokenizedPair[], maxLength: number, onEvent: (e: RunEvent) => void): PreferenceRunOptions {
  const t = config.training;
  const steps = t.epochs ? Math.ceil((t.epochs * items.length) / (t.batchSize * t.gradientAccumulationSteps)) : t.steps;
  return {
    start: host.weights,
    config: host.config,
    family: familyFor(host.config),
    items,
    evalIndices: defaultEvalIndices(items.length, EVAL_PAIRS, t.seed),
    arms: config.arms.map((a) => ({
      name: a.name,
      loss: armLoss(armLossSpec(a)),
      dpop: hasDpopPenalty(a),
      params: { beta: a.beta, lambda: a.dpop_lambda, epsilon: a.label_smoothing, gamma: a.simpo_gamma },
      lora: loraSpecFor(a, host.config.model_type),
    })),
    training: {
      steps,
      batchSize: t.batchSize,
      lr: t.lr,
      warmupSteps: t.warmupSteps,
      clipNorm: t.clipNorm,
      optimizer: t.optimizer,
      seed: t.seed,
      shuffle: t.shuffle,
      logEvery: t.logEvery,
      evalEvery: t.evalEvery,
      // In-memory restore points for device faults: every 10 steps, more often in short runs (at least 4 per run).
      checkpointEvery: Math.min(10, Math.max(1, Math.floor(steps / 4))),
      maxLength,
      padId: host.tokenizer.padId,
      scoreBatchSize: scoreBatchSize(t.batchSize),
      tokenPair: 0,
      gradientCheckpointing: t.gradientCheckpointing,
      gradientAccumulationSteps: t.gradientAccumulationSteps,
    },
    onEvent,
  };
}
