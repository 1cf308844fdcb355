// What a chart shows now, in words: the screen reader's text for a canvas, and presenter mode's Δ read-outs.
import type { ChartData, ChartDef } from './chartDefs';
import type { PointsByArm } from './metricSeries';
import { lastFiniteIndex, signed } from './nats';

export interface LatestValue {
  label: string;
  step: number;
  value: number;
}

/** Each series' last logged value and its step; null for a series with none yet. */
export function latestValues(data: ChartData): (LatestValue | null)[] {
  return data.series.map((s) => {
    const i = lastFiniteIndex(s.ys);
    return i < 0 ? null : { label: s.label, step: data.xs[i], value: s.ys[i] as number };
  });
}

/** "<title>, at step 80: DPO chosen -1.23, DPO rejected -4.56; …" (per-series steps when they differ). */
export function chartSummary(def: Pick<ChartDef, 'title'>, data: ChartData): string {
  const now = latestValues(data).filter((v): v is LatestValue => v !== null);
  if (!now.length) return `${def.title}: no steps yet.`;
  const steps = new Set(now.map((v) => v.step));
  if (steps.size === 1) return `${def.title}, at step ${now[0].step}: ${now.map((v) => `${v.label} ${signed(v.value)}`).join(', ')}.`;
  return `${def.title}: ${now.map((v) => `${v.label} ${signed(v.value)} at step ${v.step}`).join(', ')}.`;
}

export interface ArmDeltas {
  arm: string;
  step: number;
  chosen: number;
  rejected: number | null;
}

/** An arm's latest Δ chosen and Δ rejected (nats from the reference); null before its first logged step. */
export function armDeltas(points: PointsByArm, arm: string): ArmDeltas | null {
  const pts = points[arm] ?? [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const m = pts[i].metrics;
    const c = m['delta/chosen'];
    if (c !== undefined && Number.isFinite(c)) {
      const r = m['delta/rejected'];
      return { arm, step: pts[i].step, chosen: c, rejected: r !== undefined && Number.isFinite(r) ? r : null };
    }
  }
  return null;
}

/** "DPO: Δ chosen -1.23 nats, Δ rejected -4.56 nats at step 80." */
export function deltasSentence(d: ArmDeltas): string {
  const rej = d.rejected === null ? '' : `, Δ rejected ${signed(d.rejected)} nats`;
  return `${d.arm}: Δ chosen ${signed(d.chosen)} nats${rej} at step ${d.step}.`;
}
