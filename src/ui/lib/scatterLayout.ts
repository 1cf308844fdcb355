// Scatter of eval examples in pixel space: margins, scales (zero always visible on y) and tick labels.
import { extent } from './svgChart';

export interface ScatterInput {
  index: number;
  x: number;
  y: number;
}

export function scatterLayout(pts: ScatterInput[], w: number, h: number, xLabel = 'edit distance') {
  const plot = { left: 40, top: 8, width: w - 48, height: h - 30 };
  const [x0, x1] = extent(pts.map((p) => p.x).concat(0));
  const [y0, y1] = extent(pts.map((p) => p.y), true);
  const px = (x: number) => plot.left + ((x - x0) / (x1 - x0)) * plot.width;
  const py = (y: number) => plot.top + plot.height - ((y - y0) / (y1 - y0)) * plot.height;
  const f = (v: number) => String(+v.toFixed(2));
  return {
    plot,
    zeroY: py(0),
    points: pts.map((p) => ({ ...p, px: px(p.x), py: py(p.y) })),
    ticks: [
      { text: f(y1), x: 2, y: plot.top + 8 },
      { text: f(y0), x: 2, y: plot.top + plot.height },
      { text: f(x0), x: plot.left, y: h - 6 },
      { text: `${xLabel} ${f(x1)}`, x: plot.left + plot.width - 6 * (xLabel.length + 5), y: h - 6 },
    ],
  };
}
