// The live charts, defined once for uPlot and the SVG export: which metrics, per arm, solid or dashed.
import type { MetricName } from '../../engine/train/metricNames';
import { alignedColumn, unionSteps, type PointsByArm } from './metricSeries';
import { emaSmooth } from './smoothing';

export interface ChartDef {
  id: string;
  title: string;
  /** One line under the title saying how to read the chart (what the dash and the band mean). */
  subtitle?: string;
  lines: { metric: MetricName; suffix: string; dashed: boolean }[];
  zeroBand?: boolean;
  /** Offers the log and per-arm relative views (one arm's large loss, e.g. IPO's, flattens the others on a shared axis). */
  views?: boolean;
}

/** How a chart's values are drawn: as logged, on a log axis, or each series divided by its first value. */
export type ChartView = 'linear' | 'log' | 'relative';

export const VIEW_LABELS: Record<ChartView, string> = { linear: 'shared axis', log: 'log axis', relative: 'each arm ÷ its first value' };

/** The values a view draws: log drops values ≤ 0 (no logarithm), relative divides by the first positive value. */
export function viewValues(ys: (number | null)[], view: ChartView): (number | null)[] {
  if (view === 'log') return ys.map((y) => (y !== null && y > 0 ? y : null));
  if (view === 'relative') {
    const first = ys.find((y) => y !== null);
    if (first === undefined || first === null || !(first > 0)) return ys.map(() => null);
    return ys.map((y) => (y === null ? null : y / first));
  }
  return ys;
}

export const CHARTS: ChartDef[] = [
  {
    id: 'delta',
    title: 'Log-likelihood change from the reference (nats)',
    subtitle: 'Solid line: the chosen answer. Dashed: the rejected one. Shaded band: below the reference: the answer became less likely than before training.',
    lines: [
      { metric: 'delta/chosen', suffix: 'chosen', dashed: false },
      { metric: 'delta/rejected', suffix: 'rejected', dashed: true },
    ],
    zeroBand: true,
  },
  { id: 'margins', title: 'Reward margin (rewards/margins)', lines: [{ metric: 'rewards/margins', suffix: '', dashed: false }] },
  { id: 'accuracies', title: 'Reward accuracy (rewards/accuracies)', lines: [{ metric: 'rewards/accuracies', suffix: '', dashed: false }] },
  { id: 'loss', title: 'Loss', lines: [{ metric: 'loss', suffix: '', dashed: false }], views: true },
  {
    id: 'displaced',
    title: 'Share of batch pairs with chosen below the reference (displaced/fraction; dashed: dpop/penalty_active)',
    lines: [
      { metric: 'displaced/fraction', suffix: '', dashed: false },
      { metric: 'dpop/penalty_active', suffix: 'penalty on', dashed: true },
    ],
  },
  { id: 'penalty', title: 'DPOP penalty, mean max(0, ref − policy) in nats (dpop/penalty)', lines: [{ metric: 'dpop/penalty', suffix: '', dashed: false }] },
];

export interface ArmRef {
  name: string;
  color: string;
  /** An imported run's arm (Import run): every line dashed. */
  dashed?: boolean;
}

export interface ChartData {
  xs: number[];
  series: { label: string; color: string; dashed: boolean; ys: (number | null)[] }[];
}

/** smoothing: EMA weight for display (0 = raw); exports of the numbers always use the raw values. */
export function chartData(def: ChartDef, points: PointsByArm, arms: ArmRef[], smoothing = 0, view: ChartView = 'linear'): ChartData {
  const xs = unionSteps(points, arms.map((a) => a.name));
  const series = arms.flatMap((a) =>
    def.lines.map((l) => ({
      label: l.suffix ? `${a.name} ${l.suffix}` : a.name,
      color: a.color,
      dashed: l.dashed || !!a.dashed,
      ys: viewValues(emaSmooth(alignedColumn(points[a.name], xs, l.metric), smoothing), view),
    })),
  );
  return { xs, series };
}
