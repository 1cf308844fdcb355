// Charts as a standalone SVG built from the series data (not a DOM snapshot), so it scales in papers and slides.

export interface SvgSeries {
  label: string;
  color: string;
  dashed?: boolean;
  xs: number[];
  ys: (number | null)[];
}

export interface SvgPanel {
  title: string;
  series: SvgSeries[];
  /** Draws y = 0 and shades the area below it. */
  zeroBand?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(+v.toFixed(3)));

/** [min, max] of the finite values, widened when flat; includes 0 when asked. */
export function extent(values: number[], withZero = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (withZero) (lo = Math.min(lo, 0)), (hi = Math.max(hi, 0));
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

/** Polyline path, broken at nulls. */
export function pathD(xs: number[], ys: (number | null)[], sx: (x: number) => number, sy: (y: number) => number): string {
  let d = '';
  let pen = false;
  xs.forEach((x, i) => {
    const y = ys[i];
    if (y === null || !Number.isFinite(y)) return void (pen = false);
    d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
    pen = true;
  });
  return d;
}

function panelSvg(p: SvgPanel, ox: number, oy: number, w: number, h: number): string {
  const m = { l: 52, r: 10, t: 22, b: 26 };
  const xs = p.series.flatMap((s) => s.xs);
  const ys = p.series.flatMap((s) => s.ys.filter((v): v is number => v !== null));
  const [x0, x1] = extent(xs);
  const [y0, y1] = extent(ys, p.zeroBand);
  const sx = (x: number) => ox + m.l + ((x - x0) / (x1 - x0)) * (w - m.l - m.r);
  const sy = (y: number) => oy + h - m.b - ((y - y0) / (y1 - y0)) * (h - m.t - m.b);
  const out: string[] = [`<text x="${ox + m.l}" y="${oy + 15}" font-size="13" font-weight="600">${esc(p.title)}</text>`];
  out.push(`<rect x="${ox + m.l}" y="${oy + m.t}" width="${w - m.l - m.r}" height="${h - m.t - m.b}" fill="none" stroke="#ccc"/>`);
  if (p.zeroBand) {
    const z = sy(0);
    out.push(`<rect x="${ox + m.l}" y="${z.toFixed(1)}" width="${w - m.l - m.r}" height="${(oy + h - m.b - z).toFixed(1)}" fill="#d62728" fill-opacity="0.07"/>`);
    out.push(`<line x1="${ox + m.l}" x2="${ox + w - m.r}" y1="${z.toFixed(1)}" y2="${z.toFixed(1)}" stroke="#555" stroke-dasharray="3 3"/>`);
  }
  for (const [v, anchor] of [[y0, 'end'], [y1, 'end']] as const)
    out.push(`<text x="${ox + m.l - 4}" y="${sy(v).toFixed(1)}" font-size="10" text-anchor="${anchor}" dominant-baseline="middle">${fmt(v)}</text>`);
  out.push(`<text x="${sx(x0)}" y="${oy + h - 8}" font-size="10">${fmt(x0)}</text>`);
  out.push(`<text x="${sx(x1)}" y="${oy + h - 8}" font-size="10" text-anchor="end">step ${fmt(x1)}</text>`);
  p.series.forEach((s, i) => {
    const d = pathD(s.xs, s.ys, sx, sy);
    if (d) out.push(`<path d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${esc(s.label)}</title></path>`);
    const lx = ox + m.l + 6 + (i % 2) * 150;
    const ly = oy + m.t + 12 + Math.floor(i / 2) * 13;
    out.push(`<line x1="${lx}" x2="${lx + 14}" y1="${ly - 3}" y2="${ly - 3}" stroke="${esc(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 2"' : ''}/>`);
    out.push(`<text x="${lx + 18}" y="${ly}" font-size="10">${esc(s.label)}</text>`);
  });
  return out.join('');
}

/** Panels in a grid of `cols` columns, each w×h. */
export function chartsSvg(panels: SvgPanel[], cols = 2, w = 480, h = 260): string {
  const rows = Math.ceil(panels.length / cols);
  const body = panels.map((p, i) => panelSvg(p, (i % cols) * w, Math.floor(i / cols) * h, w, h)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${cols * w}" height="${rows * h}" viewBox="0 0 ${cols * w} ${rows * h}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
}
