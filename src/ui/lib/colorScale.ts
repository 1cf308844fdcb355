// Diverging colour scale for per-token log-prob changes: red = fell, white = unchanged, green = rose.

/** Maps a delta (nats) to an rgb() colour, saturating at ±limit. */
export function deltaColor(delta: number, limit = 2): string {
  if (!Number.isFinite(delta)) return 'rgb(200,200,200)';
  const t = Math.max(-1, Math.min(1, delta / limit));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * Math.abs(t));
  // White → red (214,39,40) for falls, white → green (44,160,44) for rises.
  const [r, g, b] = t < 0 ? [214, 39, 40] : [44, 160, 44];
  return `rgb(${mix(255, r)},${mix(255, g)},${mix(255, b)})`;
}

/** Dark text on light backgrounds, white on saturated ones. */
export function textColorFor(delta: number, limit = 2): string {
  return Math.abs(delta) / limit > 0.6 ? '#fff' : '#1d2330';
}
