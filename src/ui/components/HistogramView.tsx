import type { Histogram } from '../../worker/protocol';
import { histogramBars } from '../lib/histogramLayout';

const W = 140;
const H = 48;

/** A small SVG bar chart; hover a bar for its range and count. */
export function HistogramView({ title, hist }: { title: string; hist: Histogram }) {
  const bars = histogramBars(hist, W, H);
  return (
    <figure className="hist">
      <figcaption>{title}</figcaption>
      <svg width="100%" viewBox={`0 0 ${W} ${H + 10}`} role="img" aria-label={title}>
        {bars.map((b, i) => (
          <rect key={i} x={b.x} y={b.y} width={b.w} height={b.h} fill="#6b8fc7">
            <title>{b.label}</title>
          </rect>
        ))}
        <text x={0} y={H + 9} fontSize={8}>
          {hist.edges[0]}
        </text>
        <text x={W} y={H + 9} fontSize={8} textAnchor="end">
          {hist.edges[hist.edges.length - 1]}
        </text>
      </svg>
    </figure>
  );
}
