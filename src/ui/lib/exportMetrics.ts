// Metrics as CSV and JSON under TRL's names: one row per arm per step, columns arm, step, the Hub inputs' provenance
// (hub_model, hub_data, only when loaded from the Hub), then metrics.
import { hubColumns, type HubProvenance } from '../../engine/export/hubProvenance';
import { presentMetrics, type PointsByArm } from './metricSeries';

export type MetricRow = Record<string, string | number | null>;

/** This run's Hub inputs and its own arms: imported runs drawn beside it came from elsewhere, so their rows carry no provenance. */
export interface PinnedArms {
  provenance: HubProvenance | null;
  arms: readonly string[];
}

export function metricRows(byArm: PointsByArm, arms: string[], hub?: PinnedArms): { columns: string[]; rows: MetricRow[] } {
  const names = presentMetrics(byArm);
  const pinned = hubColumns(hub?.provenance);
  const rows: MetricRow[] = [];
  for (const arm of arms) {
    const own = hub?.arms.includes(arm) ? pinned : Object.fromEntries(Object.keys(pinned).map((k) => [k, null]));
    for (const p of [...(byArm[arm] ?? [])].sort((a, b) => a.step - b.step)) {
      const row: MetricRow = { arm, step: p.step, ...own };
      for (const n of names) row[n] = (p.metrics as Record<string, number | undefined>)[n] ?? null;
      rows.push(row);
    }
  }
  return { columns: ['arm', 'step', ...Object.keys(pinned), ...names], rows };
}

/** RFC 4180 quoting: only when a field holds a comma, quote or newline. */
export function csvField(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function metricsCsv(byArm: PointsByArm, arms: string[], hub?: PinnedArms): string {
  const { columns, rows } = metricRows(byArm, arms, hub);
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c] ?? null)).join(','));
  return lines.join('\n') + '\n';
}

export function metricsJson(byArm: PointsByArm, arms: string[], hub?: PinnedArms): string {
  return JSON.stringify(metricRows(byArm, arms, hub).rows, null, 1);
}
