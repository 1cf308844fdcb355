import { describe, expect, it } from 'vitest';
import { histogramBars } from './histogramLayout';

describe('histogramBars', () => {
  it('scales bars to the tallest bin', () => {
    const bars = histogramBars({ edges: [0, 5, 10, 15], counts: [2, 4, 0] }, 300, 100);
    expect(bars).toHaveLength(3);
    expect(bars[1]).toMatchObject({ x: 100, y: 0, h: 100, count: 4, label: '5–10: 4' });
    expect(bars[0].h).toBe(50);
    expect(bars[2].h).toBe(0);
    expect(bars[0].w).toBe(99);
  });
  it('handles empty histograms', () => {
    expect(histogramBars({ edges: [], counts: [] }, 100, 100)).toEqual([]);
  });
});
