// Numbers in sentences (verdicts, banners, read-outs): never "-0.00" or "fell by 0.00"; small changes keep two significant digits.

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
