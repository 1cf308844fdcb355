import { describe, expect, it } from 'vitest';
import { scatterLayout } from './scatterLayout';

describe('scatterLayout', () => {
  it('maps points inside the plot and keeps zero visible', () => {
    const l = scatterLayout([{ index: 0, x: 1, y: 2 }, { index: 1, x: 5, y: 4 }], 300, 170);
    expect(l.points[0].px).toBeCloseTo(l.plot.left + (1 / 5) * l.plot.width);
    expect(l.points[1].py).toBeCloseTo(l.plot.top);
    expect(l.zeroY).toBeCloseTo(l.plot.top + l.plot.height);
  });
  it('copes with no points', () => {
    expect(scatterLayout([], 300, 170).points).toEqual([]);
  });
});
