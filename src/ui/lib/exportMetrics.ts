// Metrics as CSV and JSON under TRL's names: one row per arm per step, columns arm, step, then metrics.
import { presentMetrics, type PointsByArm } from './metricSeries';

export type MetricRow = Record<string, string | number | null>;

export function metricRows(byArm: PointsByArm, arms: string[]): { columns: string[]; rows: MetricRow[] } {
  const names = presentMetrics(byArm);
  const rows: MetricRow[] = [];
  for (const arm of arms) {
    for (const p of [...(byArm[arm] ?? [])].sort((a, b) => a.step - b.step)) {
      const row: MetricRow = { arm, step: p.step };
      for (const n of names) row[n] = (p.metrics as Record<string, number | undefined>)[n] ?? null;
      rows.push(row);
    }
  }
  return { columns: ['arm', 'step', ...names], rows };
}

/** RFC 4180 quoting: only when a field holds a comma, quote or newline. */
export function csvField(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function metricsCsv(byArm: PointsByArm, arms: string[]): string {
  const { columns, rows } = metricRows(byArm, arms);
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c] ?? null)).join(','));
  return lines.join('\n') + '\n';
}

export function metricsJson(byArm: PointsByArm, arms: string[]): string {
  return JSON.stringify(metricRows(byArm, arms).rows, null, 1);
}
