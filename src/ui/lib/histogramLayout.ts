// Histogram (edges + counts from the DataReport) → bar rectangles in a w×h box, with bin labels.
import type { Histogram } from '../../worker/protocol';

export interface Bar {
  x: number;
  y: number;
  w: number;
  h: number;
  count: number;
  label: string;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function histogramBars(hist: Histogram, width: number, height: number, gap = 1): Bar[] {
  const n = hist.counts.length;
  if (n === 0) return [];
  const max = Math.max(1, ...hist.counts);
  const bw = width / n;
  return hist.counts.map((count, i) => {
    const h = (count / max) * height;
    const lo = hist.edges[i] ?? i;
    const hi = hist.edges[i + 1] ?? lo;
    return { x: i * bw, y: height - h, w: Math.max(0, bw - gap), h, count, label: `${num(lo)}–${num(hi)}: ${count}` };
  });
}
