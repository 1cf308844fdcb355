// Numbers in sentences: never "-0.00" or "fell by 0.00"; small changes keep two significant digits.

/** "+1.23", "-0.0031", "0": two decimals from 0.01 up, two significant digits below, no sign on zero. */
export function signed(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  const body = a >= 0.01 ? a.toFixed(2) : a.toPrecision(2);
  return (x < 0 ? '-' : '+') + body;
}

/** signed() without the plus sign, for magnitudes ("fell by 0.0042"). */
export function magnitude(x: number): string {
  return signed(Math.abs(x)).replace(/^\+/, '');
}

/** "grew by 0.42" / "fell by 0.0031" / "is unchanged". */
export function changeText(x: number): string {
  if (x === 0) return 'is unchanged';
  return `${x > 0 ? 'grew' : 'fell'} by ${magnitude(x)}`;
}

/** A legend read-out: three significant digits, minus kept, no exponent ("-3.13", "0.474", "0.0042", "25.1", "120"). */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  const s = Number(x.toPrecision(3));
  return Object.is(s, -0) || s === 0 ? '0' : s.toFixed(Math.max(0, Math.min(8, 2 - Math.floor(Math.log10(Math.abs(s)))))).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** The last non-null value of a column, or null: what a legend shows while the pointer is off the chart. */
export function lastOf(ys: ArrayLike<number | null | undefined>): number | null {
  for (let i = ys.length - 1; i >= 0; i--) {
    const v = ys[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) return v;
  }
  return null;
}
