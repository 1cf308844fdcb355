// Imported runs as extra chart arms: dashed, named after the file, hideable. Pure, so the overlay's numbers are tested.
import type { ImportedRun } from '../../engine/export/trl/importRun';
import type { MetricName } from '../../engine/train/metricNames';
import type { ArmRef } from './chartDefs';
import type { PointsByArm } from './metricSeries';

export interface Overlay {
  id: number;
  run: ImportedRun;
  /** Overlay arm labels the user hid. */
  hidden: string[];
}

const PALETTE = ['#17becf', '#bcbd22', '#8c564b', '#e377c2', '#7f7f7f', '#ff7f0e'];

/** "file" for a one-arm trainer_state.json, "file: arm" for each arm of a metrics.jsonl. */
export function overlayLabel(run: ImportedRun, arm: string): string {
  return run.kind === 'trainer_state' ? run.file : `${run.file}: ${arm}`;
}

/** Every overlay arm with its colour (a studio arm's of the same name, else the palette); hidden ones included. */
export function overlayArms(overlays: readonly Overlay[], studioArms: readonly ArmRef[]): (ArmRef & { overlay: true; hidden: boolean; source: string })[] {
  let k = 0;
  return overlays.flatMap((o) =>
    o.run.arms.map((arm) => {
      const name = overlayLabel(o.run, arm);
      const color = studioArms.find((a) => a.name === arm)?.color ?? PALETTE[k++ % PALETTE.length];
      return { name, color, dashed: true, overlay: true as const, hidden: o.hidden.includes(name), source: arm };
    }),
  );
}

/** The train rows of every overlay as chart points, keyed by overlay label (eval rows stay in the file's eval_ names). */
export function overlayPoints(overlays: readonly Overlay[]): PointsByArm {
  const out: PointsByArm = {};
  for (const o of overlays)
    for (const r of o.run.rows) {
      if (r.split !== 'train') continue;
      const label = overlayLabel(o.run, r.arm);
      (out[label] ??= []).push({ arm: label, step: r.step, metrics: r.metrics as Partial<Record<MetricName, number>> });
    }
  return out;
}

/** The live run's points with every overlay's (hidden arms are left out by the arm list, not here). */
export function chartPoints(s: { points: PointsByArm; overlays: readonly Overlay[] }): PointsByArm {
  return s.overlays.length ? { ...s.points, ...overlayPoints(s.overlays) } : s.points;
}
