// Charts as one standalone 16:9 SVG slide built from the series data (not a DOM snapshot): the SVG export, and the PNG
// export rasterises the same picture, so both carry titles, axis labels and legends with line samples.

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
  /** What the band means, written in the legend. */
  bandLabel?: string;
  yLabel?: string;
  xLabel?: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const SLIDE = { w: 1920, h: 1080 } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Average advance of a sans-serif glyph as a share of the font size: enough to wrap and place text without a DOM.
const textWidth = (s: string, size: number) => s.length * size * 0.56;

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

/** Round ticks (1, 2 or 5 × 10^k apart) inside [lo, hi], about `count` of them; whole numbers only when `integer`. */
export function axisTicks(lo: number, hi: number, count: number, integer = false): { values: number[]; decimals: number } {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The round step whose tick count comes nearest the asked-for count.
  let step = [1, 2, 5, 10].map((m) => m * mag).reduce((a, b) => (Math.abs((hi - lo) / b - count) < Math.abs((hi - lo) / a - count) ? b : a));
  if (integer) step = Math.max(1, Math.round(step));
  const values: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { values, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

/** A tick label with a true minus sign, so negatives read as negatives on a projector. */
export const tickText = (v: number, decimals: number) => (v < 0 ? '\u2212' : '') + Math.abs(v).toFixed(decimals);

/** Greedy word wrap to `width` pixels at `size`. */
export function wrapText(s: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) (lines.push(line), (line = word));
    else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
  band?: boolean;
}

/** Legend entries in rows that fit `width`: [x offset, row] per entry. */
export function legendRows(entries: LegendEntry[], width: number, size: number): { at: [number, number][]; rows: number } {
  const at: [number, number][] = [];
  let x = 0;
  let row = 0;
  for (const e of entries) {
    const w = size * 2.4 + 6 + textWidth(e.label, size) + size * 1.2;
    if (x > 0 && x + w > width) (row++, (x = 0));
    at.push([x, row]);
    x += w;
  }
  return { at, rows: entries.length ? row + 1 : 0 };
}

/** One chart in `box` at font scale k: title, legend, axes with labels and round ticks, the zero band, the lines. */
export function panelSvg(p: SvgPanel, box: Box, k: number): { svg: string; plot: Box } {
  const pad = 14 * k;
  const titleSize = 15 * k;
  const size = 11 * k;
  const out: string[] = [`<g class="panel">`];
  const titleLines = wrapText(p.title, box.w - 2 * pad, titleSize);
  let y = box.y + pad;
  for (const line of titleLines) {
    y += titleSize * 1.2;
    out.push(`<text x="${box.x + pad}" y="${y.toFixed(1)}" font-size="${titleSize.toFixed(1)}" font-weight="600">${esc(line)}</text>`);
  }
  // The legend sits between the title and the plot, never over the lines.
  const entries: LegendEntry[] = p.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }));
  if (p.zeroBand) entries.push({ label: p.bandLabel ?? 'below 0', color: '#d62728', band: true });
  const legend = legendRows(entries, box.w - 2 * pad, size);
  const legendTop = y + size * 0.6;
  entries.forEach((e, i) => {
    const [lx, row] = legend.at[i];
    const x0 = box.x + pad + lx;
    const cy = legendTop + row * size * 1.6 + size * 0.6;
    const sample = size * 2.4;
    if (e.band) out.push(`<rect x="${x0.toFixed(1)}" y="${(cy - size * 0.45).toFixed(1)}" width="${sample.toFixed(1)}" height="${(size * 0.9).toFixed(1)}" fill="#d62728" fill-opacity="0.12" stroke="#555" stroke-dasharray="${(3 * k).toFixed(1)} ${(3 * k).toFixed(1)}" stroke-width="${(0.8 * k).toFixed(1)}"/>`);
    else out.push(`<line x1="${x0.toFixed(1)}" x2="${(x0 + sample).toFixed(1)}" y1="${cy.toFixed(1)}" y2="${cy.toFixed(1)}" stroke="${esc(e.color)}" stroke-width="${(2 * k).toFixed(1)}"${e.dashed ? ` stroke-dasharray="${(6 * k).toFixed(1)} ${(4 * k).toFixed(1)}"` : ''}/>`);
    out.push(`<text x="${(x0 + sample + 6).toFixed(1)}" y="${(cy + size * 0.35).toFixed(1)}" font-size="${size.toFixed(1)}">${esc(e.label)}</text>`);
  });
  const top = legendTop + legend.rows * size * 1.6 + size * 0.4;

  const xs = p.series.flatMap((s) => s.xs);
  const ys = p.series.flatMap((s) => s.ys.filter((v): v is number => v !== null));
  const [x0, x1] = extent(xs);
  let [y0, y1] = extent(ys, p.zeroBand);
  const padY = (y1 - y0) * 0.05;
  (y0 -= padY), (y1 += padY);
  const yt = axisTicks(y0, y1, 5);
  const tickW = Math.max(...yt.values.map((v) => textWidth(tickText(v, yt.decimals), size)));
  const plot: Box = { x: box.x + pad + size * 1.6 + tickW + 6, y: top, w: 0, h: 0 };
  plot.w = box.x + box.w - pad - plot.x;
  plot.h = box.y + box.h - pad - size * 2.9 - plot.y;
  const sx = (x: number) => plot.x + ((x - x0) / (x1 - x0)) * plot.w;
  const sy = (v: number) => plot.y + plot.h - ((v - y0) / (y1 - y0)) * plot.h;
  if (p.zeroBand) {
    const z = Math.max(plot.y, Math.min(plot.y + plot.h, sy(0)));
    out.push(`<rect x="${plot.x.toFixed(1)}" y="${z.toFixed(1)}" width="${plot.w.toFixed(1)}" height="${(plot.y + plot.h - z).toFixed(1)}" fill="#d62728" fill-opacity="0.07"/>`);
  }
  for (const v of yt.values) {
    const py = sy(v).toFixed(1);
    out.push(`<line x1="${plot.x.toFixed(1)}" x2="${(plot.x + plot.w).toFixed(1)}" y1="${py}" y2="${py}" stroke="${v === 0 && p.zeroBand ? '#555' : '#e4e4e4'}"${v === 0 && p.zeroBand ? ` stroke-dasharray="${(4 * k).toFixed(1)} ${(4 * k).toFixed(1)}"` : ''}/>`);
    out.push(`<text x="${(plot.x - 6).toFixed(1)}" y="${(sy(v) + size * 0.35).toFixed(1)}" font-size="${size.toFixed(1)}" text-anchor="end">${tickText(v, yt.decimals)}</text>`);
  }
  const xt = axisTicks(x0, x1, Math.max(2, Math.floor(plot.w / (size * 6))), true);
  for (const v of xt.values)
    out.push(`<text x="${sx(v).toFixed(1)}" y="${(plot.y + plot.h + size * 1.3).toFixed(1)}" font-size="${size.toFixed(1)}" text-anchor="middle">${tickText(v, xt.decimals)}</text>`);
  out.push(`<rect x="${plot.x.toFixed(1)}" y="${plot.y.toFixed(1)}" width="${plot.w.toFixed(1)}" height="${plot.h.toFixed(1)}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${(plot.x + plot.w / 2).toFixed(1)}" y="${(plot.y + plot.h + size * 2.7).toFixed(1)}" font-size="${size.toFixed(1)}" text-anchor="middle">${esc(p.xLabel ?? 'step')}</text>`);
  if (p.yLabel) {
    const cx = box.x + pad + size * 0.8;
    const cy = plot.y + plot.h / 2;
    out.push(`<text x="${cx.toFixed(1)}" y="${cy.toFixed(1)}" font-size="${size.toFixed(1)}" text-anchor="middle" transform="rotate(-90 ${cx.toFixed(1)} ${cy.toFixed(1)})">${esc(p.yLabel)}</text>`);
  }
  for (const s of p.series) {
    const d = pathD(s.xs, s.ys, sx, sy);
    if (d) out.push(`<path d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="${(1.8 * k).toFixed(1)}" stroke-linejoin="round"${s.dashed ? ` stroke-dasharray="${(6 * k).toFixed(1)} ${(4 * k).toFixed(1)}"` : ''}><title>${esc(s.label)}</title></path>`);
  }
  out.push('</g>');
  return { svg: out.join(''), plot };
}

/**
 * Where each panel goes on the slide under a header of `headerH`: the first (the headline chart) takes the top-left
 * 2×2 cells of a 3×3 grid and the next five fill the rest; more than six panels fall back to an even 3-column grid.
 */
export function slideLayout(n: number, headerH: number): { box: Box; k: number }[] {
  const area = { x: 0, y: headerH, w: SLIDE.w, h: SLIDE.h - headerH };
  if (n > 6) {
    const rows = Math.ceil(n / 3);
    const cw = area.w / 3;
    const ch = area.h / rows;
    return Array.from({ length: n }, (_, i) => ({ box: { x: (i % 3) * cw, y: area.y + Math.floor(i / 3) * ch, w: cw, h: ch }, k: 1.4 }));
  }
  const cw = area.w / 3;
  const ch = area.h / 3;
  const cells = [
    [2, 0],
    [2, 1],
    [0, 2],
    [1, 2],
    [2, 2],
  ];
  return Array.from({ length: n }, (_, i) =>
    i === 0 ? { box: { x: 0, y: area.y, w: 2 * cw, h: 2 * ch }, k: 2 } : { box: { x: cells[i - 1][0] * cw, y: area.y + cells[i - 1][1] * ch, w: cw, h: ch }, k: 1.4 },
  );
}

/** The slide: a title and a one-line key (what solid, dashed, colour and the band mean), then the panels. */
export function slideSvg(panels: SvgPanel[], head: { title: string; key: string }): string {
  const headerH = 100;
  const body = slideLayout(panels.length, headerH)
    .map(({ box, k }, i) => panelSvg(panels[i], box, k).svg)
    .join('');
  const header =
    `<text x="28" y="48" font-size="34" font-weight="700">${esc(head.title)}</text>` +
    `<text x="28" y="84" font-size="22" fill="#444">${esc(head.key)}</text>`;
  const { w, h } = SLIDE;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif"><title>${esc(head.title)}</title><rect width="100%" height="100%" fill="#fff"/>${header}${body}</svg>`;
}
