import { describe, expect, it } from 'vitest';
import { chartsSvg, extent, pathD } from './svgChart';

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
  it('builds a well-formed svg with escaped labels and a zero band', () => {
    const svg = chartsSvg([{ title: 'Δ <log-lik>', zeroBand: true, series: [{ label: 'DPO & co', color: '#1f77b4', xs: [1, 2], ys: [0, -1] }] }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Δ &lt;log-lik&gt;');
    expect(svg).toContain('DPO &amp; co');
    expect(svg).toContain('fill-opacity="0.07"');
    expect(svg.match(/<path /g)).toHaveLength(1);
  });
});
