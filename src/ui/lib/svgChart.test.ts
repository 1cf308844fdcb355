import { describe, expect, it } from 'vitest';
import { axisTicks, extent, legendRows, panelSvg, pathD, slideLayout, slideSvg, tickText, wrapText, SLIDE, type SvgPanel } from './svgChart';

const DISPLACED = 'Share of batch pairs with chosen below the reference (displaced/fraction; dashed: dpop/penalty_active)';
const series = (label: string, color: string, dashed: boolean) => ({ label, color, dashed, xs: [1, 2, 3], ys: [0, -0.5, dashed ? -2 : -1] });
const panels: SvgPanel[] = [
  { title: 'Log-likelihood change from the reference (nats)', zeroBand: true, bandLabel: 'below the reference', yLabel: 'nats', series: [series('DPO chosen', '#1f77b4', false), series('DPO rejected', '#1f77b4', true), series('DPOP chosen', '#ff7f0e', false), series('DPOP rejected', '#ff7f0e', true)] },
  ...['Reward margin', 'Accuracy', 'Loss', DISPLACED, 'DPOP penalty, mean max(0, ref − policy) in nats (dpop/penalty)'].map((title) => ({ title, series: [series('DPO', '#1f77b4', false), series('DPOP', '#ff7f0e', false)] })),
];

describe('svgChart', () => {
  it('computes extents with zero and flat data', () => {
    expect(extent([1, 2, 3], true)).toEqual([0, 3]);
    expect(extent([2, 2])).toEqual([1, 3]);
    expect(extent([])).toEqual([0, 1]);
  });
  it('breaks paths at nulls', () => {
    const d = pathD([0, 1, 2, 3], [0, null, 1, 2], (x) => x, (y) => y);
    expect(d).toBe('M0.0,0.0M2.0,1.0L3.0,2.0');
  });
  it('ticks: round steps that keep their sign, whole steps on a step axis', () => {
    const t = axisTicks(-0.0153, 0.0052, 4);
    expect(t.values.map((v) => tickText(v, t.decimals))).toEqual(['\u22120.015', '\u22120.010', '\u22120.005', '0.000', '0.005']);
    const s = axisTicks(1, 3, 8, true);
    expect(s.values).toEqual([1, 2, 3]);
    expect(s.decimals).toBe(0);
    expect(axisTicks(0, 80, 5, true).values).toEqual([0, 20, 40, 60, 80]);
  });
  it('wraps a long title inside its panel instead of running into the next one', () => {
    const lines = wrapText(DISPLACED, 640 - 28 * 1.4, 15 * 1.4);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(DISPLACED);
    for (const l of lines) expect(l.length * 15 * 1.4 * 0.56).toBeLessThanOrEqual(640 - 28 * 1.4);
  });
  it('lays the slide out as a 2×2 headline chart and five cells that tile 1920×1080 without overlap', () => {
    const boxes = slideLayout(6, 100).map((c) => c.box);
    expect(boxes[0]).toEqual({ x: 0, y: 100, w: 1280, h: (2 * 980) / 3 });
    const area = boxes.reduce((a, b) => a + b.w * b.h, 0);
    expect(area).toBeCloseTo(1920 * 980, 6);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(a.x + a.w <= b.x + 1e-9 || b.x + b.w <= a.x + 1e-9 || a.y + a.h <= b.y + 1e-9 || b.y + b.h <= a.y + 1e-9).toBe(true);
  });
  it('puts the legend between title and plot, one line sample per series with its dash, and the band', () => {
    const box = { x: 0, y: 100, w: 1280, h: 653 };
    const { svg, plot } = panelSvg(panels[0], box, 2);
    const samples = [...svg.matchAll(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="[\d.]+" stroke="(#[0-9a-f]+)" stroke-width="4.0"( stroke-dasharray="[^"]+")?\/>/g)];
    expect(samples.map((m) => [m[2], !!m[3]])).toEqual([
      ['#1f77b4', false],
      ['#1f77b4', true],
      ['#ff7f0e', false],
      ['#ff7f0e', true],
    ]);
    for (const m of samples) expect(Number(m[1])).toBeLessThan(plot.y);
    expect(svg).toContain('below the reference</text>');
    expect(plot.x + plot.w).toBeLessThanOrEqual(box.x + box.w);
    expect(plot.y + plot.h).toBeLessThan(box.y + box.h);
    expect(plot.h).toBeGreaterThan(box.h * 0.6);
    expect(legendRows([{ label: 'a'.repeat(40), color: '#000' }, { label: 'b'.repeat(40), color: '#000' }], 500, 20).rows).toBe(2);
  });
  it('builds a 1920×1080 svg with escaped labels, axis labels and every title once', () => {
    const svg = slideSvg([{ ...panels[0], title: 'Δ <log-lik>', series: [{ label: 'DPO & co', color: '#1f77b4', xs: [1, 2], ys: [0, -1] }] }, ...panels.slice(1)], { title: 'Run', key: 'solid: chosen' });
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${SLIDE.w}" height="${SLIDE.h}"`)).toBe(true);
    expect(svg).toContain('Δ &lt;log-lik&gt;');
    expect(svg).toContain('DPO &amp; co');
    expect(svg).toContain('>nats</text>');
    expect(svg.match(/>training step<|>step</g)).toHaveLength(6);
    expect(svg.match(/<path /g)).toHaveLength(1 + 5 * 2);
    expect(svg.match(/DPOP penalty, mean/g)).toHaveLength(1);
  });
  it('draws an empty slide (before the first step) without NaN coordinates', () => {
    const empty = panels.map((p) => ({ ...p, series: p.series.map((x) => ({ ...x, xs: [], ys: [] })) }));
    const svg = slideSvg(empty, { title: 'Run, step 0', key: '' });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg.match(/<path /g)).toBeNull();
  });
});
