import { describe, expect, it } from 'vitest';
import { CHARTS, chartData, viewValues } from './chartDefs';

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

describe('loss views', () => {
  const points = {
    IPO: [25, 20, 15].map((loss, i) => ({ arm: 'IPO', step: i + 1, metrics: { loss } })),
    DPO: [0.69, 0.5, 0.3].map((loss, i) => ({ arm: 'DPO', step: i + 1, metrics: { loss } })),
  };
  const arms = [
    { name: 'IPO', color: '#2ca02c' },
    { name: 'DPO', color: '#1f77b4' },
  ];
  const loss = CHARTS.find((c) => c.id === 'loss')!;
  it('relative: each arm divided by its own first value, so both start at 1', () => {
    const d = chartData(loss, points, arms, 0, 'relative');
    expect(d.series[0].ys).toEqual([1, 0.8, 0.6]);
    expect(d.series[1].ys.map((y) => +y!.toFixed(6))).toEqual([1, +(0.5 / 0.69).toFixed(6), +(0.3 / 0.69).toFixed(6)]);
    expect(loss.views).toBe(true);
  });
  it('log drops values a log axis cannot show; relative gives nothing when the first value is not positive', () => {
    expect(viewValues([2, 0, -1, null, 3], 'log')).toEqual([2, null, null, null, 3]);
    expect(viewValues([null, -2, 4], 'relative')).toEqual([null, null, null]);
    expect(viewValues([null, 2, 4], 'relative')).toEqual([null, 1, 2]);
    expect(viewValues([1, -1], 'linear')).toEqual([1, -1]);
  });
});
