// Data of the aligned per-token chart: offsets from the first differing token on x, one series per arm and side.
import type { EvalResult } from '../../engine/train/evaluate';

export interface AlignedSeries {
  label: string;
  arm: string;
  side: 'chosen' | 'rejected';
  ys: (number | null)[];
}

/** Evaluation steps present for any arm, ascending. */
export function labSteps(evals: Record<string, EvalResult[]>): number[] {
  return [...new Set(Object.values(evals).flatMap((l) => l.map((e) => e.step)))].sort((a, b) => a - b);
}

/**
 * Offsets (x) and per arm × side mean Δlog-prob at `step` (the latest at or before it per arm). Offsets held by fewer
 * than minPairs pairs are left out (a mean of one or two pairs is noise).
 */
export function alignedData(evals: Record<string, EvalResult[]>, arms: string[], step: number, minPairs = 3): { xs: number[]; series: AlignedSeries[] } {
  const at = arms.map((arm) => [...(evals[arm] ?? [])].reverse().find((e) => e.step <= step));
  const most = Math.max(0, ...at.flatMap((e) => (e?.displacement ?? []).map((p) => p.pairs)));
  const floor = Math.min(minPairs, most);
  const xs = [...new Set(at.flatMap((e) => (e?.displacement ?? []).filter((p) => p.pairs >= floor).map((p) => p.offset)))].sort((a, b) => a - b);
  const series = arms.flatMap((arm, i) =>
    (['chosen', 'rejected'] as const).map((side) => {
      const by = new Map((at[i]?.displacement ?? []).filter((p) => p.side === side && p.pairs >= floor).map((p) => [p.offset, p.meanDelta]));
      return { label: `${arm} ${side}`, arm, side, ys: xs.map((x) => by.get(x) ?? null) };
    }),
  );
  return { xs, series };
}
