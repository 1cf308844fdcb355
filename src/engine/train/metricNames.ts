// Metric names in export order: TRL DPOTrainer's first, then the studio's own. tf-free, so the page can import it.

export const METRIC_NAMES = [
  'loss',
  'logps/chosen',
  'logps/rejected',
  'rewards/chosen',
  'rewards/rejected',
  'rewards/margins',
  'rewards/accuracies',
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

export type MetricName = (typeof METRIC_NAMES)[number];
export type Metrics = Partial<Record<MetricName, number>>;
