// Extra scalar columns (scores, ratings, model names) carried with each pair, so the preview and the report can show them.
import type { ColumnMapping, ExtraColumn, ExtraValue } from './types';

/** Bounds per pair, so a wide CSV or a long id column cannot grow every pair without limit. */
const MAX_EXTRAS = 12;
const MAX_TEXT = 120;

/** Columns some shape reads besides its prompt/chosen/rejected mapping (LLaMA-Factory and TRL message columns). */
const READ_ELSEWHERE = ['conversations', 'messages', 'input', 'history', 'system', 'tools', 'chosen_messages', 'rejected_messages'];

export function usedColumns(cols: ColumnMapping): Set<string> {
  return new Set([...READ_ELSEWHERE, ...Object.values(cols).filter((c): c is string => typeof c === 'string')]);
}

/** Numbers, booleans and short texts of the columns the pair does not already hold; undefined when there are none. */
export function pickExtras(row: Record<string, unknown>, used: Set<string>): Record<string, ExtraValue> | undefined {
  let out: Record<string, ExtraValue> | undefined;
  let n = 0;
  for (const [k, v] of Object.entries(row)) {
    if (used.has(k)) continue;
    const ok = (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || (typeof v === 'string' && v.length <= MAX_TEXT);
    if (!ok) continue;
    (out ??= {})[k] = v as ExtraValue;
    if (++n >= MAX_EXTRAS) break;
  }
  return out;
}

/** Running per-column summary: how many pairs have it and, for numbers, min/mean/max. */
export class ExtraStats {
  private cols = new Map<string, { count: number; numeric: number; sum: number; min: number; max: number }>();

  add(extras: Record<string, ExtraValue> | undefined): void {
    if (!extras) return;
    for (const [k, v] of Object.entries(extras)) {
      let c = this.cols.get(k);
      if (!c) this.cols.set(k, (c = { count: 0, numeric: 0, sum: 0, min: Infinity, max: -Infinity }));
      c.count++;
      if (typeof v === 'number') {
        c.numeric++;
        c.sum += v;
        c.min = Math.min(c.min, v);
        c.max = Math.max(c.max, v);
      }
    }
  }

  summary(): ExtraColumn[] {
    return [...this.cols].map(([name, c]) =>
      c.numeric === c.count ? { name, count: c.count, min: c.min, max: c.max, mean: c.sum / c.count } : { name, count: c.count },
    );
  }
}
