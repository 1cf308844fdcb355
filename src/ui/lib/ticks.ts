// Axis tick labels: one decimal count per axis, minus signs kept, whole numbers only on step axes.

/** Fewest decimals (0–8) that write every tick exactly enough to tell it from its neighbours. */
export function tickDecimals(ticks: readonly number[]): number {
  const finite = ticks.filter((t) => Number.isFinite(t));
  for (let d = 0; d < 8; d++) {
    const scale = 10 ** d;
    // A tick like 0.015 is 14.999999… × 10⁻³ in binary, so "exact at d decimals" allows a relative slack.
    if (finite.every((t) => Math.abs(t * scale - Math.round(t * scale)) < 1e-6 * Math.max(1, Math.abs(t * scale)))) return d;
  }
  return 8;
}

/** One label per tick with the same decimals on the whole axis; "-0" is written "0", negatives keep their "-". */
export function formatTicks(ticks: readonly (number | null)[]): string[] {
  const d = tickDecimals(ticks.filter((t): t is number => t !== null));
  return ticks.map((t) => {
    if (t === null || !Number.isFinite(t)) return '';
    const s = t.toFixed(d);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  });
}

/** Tick increments a step axis may use: 1, 2, 5, 10, 20, 50, … — never a fraction of a step. */
export const INTEGER_INCRS: number[] = Array.from({ length: 8 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

/** Step ticks: whole numbers only (a fractional split, which uPlot makes for a range under one step, gets no label). */
export function formatStepTicks(ticks: readonly (number | null)[]): string[] {
  return ticks.map((t) => (t !== null && Number.isInteger(t) ? String(t) : ''));
}

/** Width in px an axis needs for its longest label, so "-0.015" is never clipped to "0.015". */
export function axisWidth(labels: readonly string[], measure: (s: string) => number, tickAndGap = 12): number {
  const widest = labels.reduce((w, s) => Math.max(w, measure(s)), 0);
  return Math.ceil(widest + tickAndGap + 4);
}
