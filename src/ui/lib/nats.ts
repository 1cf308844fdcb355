// Numbers on the page: the engine's sentence formatters, and the legends' compact read-outs.

export { signed, magnitude, changeText } from '../../engine/numberText';

/** A legend read-out: three significant digits, minus kept, no exponent ("-3.13", "0.474", "0.0042", "25.1", "120"). */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  const s = Number(x.toPrecision(3));
  return Object.is(s, -0) || s === 0 ? '0' : s.toFixed(Math.max(0, Math.min(8, 2 - Math.floor(Math.log10(Math.abs(s)))))).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** Index of the last finite value of a column, or -1. */
export function lastFiniteIndex(ys: ArrayLike<number | null | undefined>): number {
  for (let i = ys.length - 1; i >= 0; i--) {
    const v = ys[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) return i;
  }
  return -1;
}

/** The last non-null value of a column, or null: what a legend shows while the pointer is off the chart. */
export function lastOf(ys: ArrayLike<number | null | undefined>): number | null {
  const i = lastFiniteIndex(ys);
  return i < 0 ? null : (ys[i] as number);
}
