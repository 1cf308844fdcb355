// Batch metrics under TRL DPOTrainer's names (the losses module's trlMetrics) plus the step's timing and optimiser numbers.
import { trlMetrics, type PairLogps } from '../losses';

export { METRIC_NAMES, type MetricName, type Metrics } from './metricNames';
import type { Metrics } from './metricNames';

/** The log-prob and reward metrics (β from the arm, also for reference-free losses, so arms are comparable). */
export function preferenceMetrics(x: PairLogps, beta: number): Metrics {
  return { ...trlMetrics(x, beta) };
}
