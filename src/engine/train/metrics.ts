// Batch metrics under TRL DPOTrainer's names (the losses module's trlMetrics) plus the step's timing and optimiser numbers.
import { trlMetrics, type PairLogps } from '../losses';

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
  'grad_norm',
  'lr',
  'step_time_ms',
  'tokens_per_s',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];
export type Metrics = Partial<Record<MetricName, number>>;

export type PairLogProbs = PairLogps;

/** The log-prob and reward metrics (β from the arm, also for reference-free losses, so arms are comparable). */
export function preferenceMetrics(x: PairLogProbs, beta: number): Metrics {
  return { ...trlMetrics(x, beta) };
}
