import { describe, expect, it } from 'vitest';
import { CHARTS, chartData } from './chartDefs';

describe('chartData', () => {
  it('gives chosen (solid) and rejected (dashed) per arm on a shared x axis', () => {
    const points = {
      DPO: [{ arm: 'DPO', step: 1, metrics: { 'delta/chosen': -0.1, 'delta/rejected': -0.3 } }],
      DPOP: [
        { arm: 'DPOP', step: 1, metrics: { 'delta/chosen': 0.1 } },
        { arm: 'DPOP', step: 2, metrics: { 'delta/chosen': 0.2, 'delta/rejected': -0.5 } },
      ],
    };
    const d = chartData(CHARTS[0], points, [
      { name: 'DPO', color: '#111111' },
      { name: 'DPOP', color: '#222222' },
    ]);
    expect(d.xs).toEqual([1, 2]);
    expect(d.series.map((s) => [s.label, s.dashed])).toEqual([
      ['DPO chosen', false],
      ['DPO rejected', true],
      ['DPOP chosen', false],
      ['DPOP rejected', true],
    ]);
    expect(d.series[0].ys).toEqual([-0.1, null]);
    expect(d.series[3].ys).toEqual([null, -0.5]);
  });
});
