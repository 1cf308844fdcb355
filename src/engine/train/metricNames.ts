// Metric names in export order: TRL DPOTrainer's first, then the studio's own. tf-free, so the page can import it.
import { LOSS_TYPES, type LossType } from '../losses/lossTypes';

export const METRIC_NAMES = [
  'loss',
  'logps/chosen',
  'logps/rejected',
  'rewards/chosen',
  'rewards/rejected',
  'rewards/margins',
  'rewards/accuracies',
  // TRL 1.13's token metrics (dpo_trainer.py _compute_loss): completion-token means, num_tokens cumulative.
  'entropy',
  'num_tokens',
  'mean_token_accuracy',
  'logits/chosen',
  'logits/rejected',
  'delta/chosen',
  'delta/rejected',
  'displaced/fraction',
  'dpop/penalty_active',
  'dpop/penalty',
  'grad_norm',
  'lr',
  'step_time_ms',
  'tokens_per_s',
] as const;

/** Each loss term's mean, logged next to the total (`loss/sigmoid`, `loss/sft`, …). */
export type TermMetricName = `loss/${LossType}`;
export const TERM_METRIC_NAMES: readonly TermMetricName[] = LOSS_TYPES.map((t) => `loss/${t}` as const);

/** Export order: TRL's and the studio's metrics, then the terms. */
export const METRIC_ORDER: readonly MetricName[] = [...METRIC_NAMES, ...TERM_METRIC_NAMES];

export type MetricName = (typeof METRIC_NAMES)[number] | TermMetricName;
export type Metrics = Partial<Record<MetricName, number>>;

/**
 * What TRL 1.13's DPOTrainer._compute_loss appends on every train and eval batch (eval rows prefix them eval_); the
 * studio logs each on both. Left out: aux_loss, logged only for mixture-of-experts models with a router loss.
 */
export const TRL_BATCH_METRICS = [
  'entropy',
  'num_tokens',
  'logits/chosen',
  'logits/rejected',
  'mean_token_accuracy',
  'rewards/chosen',
  'rewards/rejected',
  'rewards/accuracies',
  'rewards/margins',
  'logps/chosen',
  'logps/rejected',
] as const satisfies readonly MetricName[];

/** transformers' Trainer adds loss, grad_norm and learning_rate to train rows (the studio's lr), eval_loss to eval rows. */
export const TRAINER_TRAIN_METRICS = ['loss', 'grad_norm', 'lr'] as const satisfies readonly MetricName[];

/** The studio's name → TRL's, where they differ. */
export const TRL_NAME: Partial<Record<MetricName, string>> = { lr: 'learning_rate' };
