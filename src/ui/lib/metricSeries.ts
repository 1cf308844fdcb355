// Per-arm metric points → aligned columns (uPlot data, CSV rows). Types only from the engine: no tfjs on the page.
import { METRIC_ORDER as ALL_METRICS, type MetricName } from '../../engine/train/metricNames';
import type { ArmMetricsPoint } from '../../worker/protocol';

/** TRL's column order first, then the studio's own. */
export const METRIC_ORDER: readonly MetricName[] = ALL_METRICS;

export type PointsByArm = Record<string, ArmMetricsPoint[]>;

/** Sorted union of the steps any arm logged. */
export function unionSteps(byArm: PointsByArm, arms: string[]): number[] {
  const s = new Set<number>();
  for (const a of arms) for (const p of byArm[a] ?? []) s.add(p.step);
  return [...s].sort((x, y) => x - y);
}

/** One column per arm for `metric`, aligned to `steps`, null where the arm has no value. */
export function alignedColumn(points: ArmMetricsPoint[] | undefined, steps: number[], metric: MetricName): (number | null)[] {
  const at = new Map<number, number>();
  for (const p of points ?? []) {
    const v = p.metrics[metric];
    if (v !== undefined && Number.isFinite(v)) at.set(p.step, v);
  }
  return steps.map((s) => at.get(s) ?? null);
}

/** Metric names present in any point, in METRIC_ORDER then first-seen order. */
export function presentMetrics(byArm: PointsByArm): string[] {
  const seen = new Set<string>();
  for (const pts of Object.values(byArm)) for (const p of pts) for (const k of Object.keys(p.metrics)) seen.add(k);
  const known = METRIC_ORDER.filter((m) => seen.has(m));
  return [...known, ...[...seen].filter((m) => !(METRIC_ORDER as readonly string[]).includes(m))];
}
