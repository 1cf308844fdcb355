import { describe, expect, it } from 'vitest';
import { CHARTS, chartData } from './chartDefs';
import { armDeltas, chartSummary, deltasSentence, latestValues } from './chartSummary';

const points = {
  DPO: [
    { arm: 'DPO', step: 1, metrics: { 'delta/chosen': 0, 'delta/rejected': -0.01 } },
    { arm: 'DPO', step: 2, metrics: { 'delta/chosen': -1.234, 'delta/rejected': -4.567 } },
  ],
  DPOP: [{ arm: 'DPOP', step: 1, metrics: { 'delta/chosen': 0.0042 } }],
};
const arms = [
  { name: 'DPO', color: '#1f77b4' },
  { name: 'DPOP', color: '#d62728' },
];

describe('chart summaries', () => {
  it('reads each series at its last logged step', () => {
    const d = chartData(CHARTS[0], points, arms);
    expect(latestValues(d)).toEqual([
      { label: 'DPO chosen', step: 2, value: -1.234 },
      { label: 'DPO rejected', step: 2, value: -4.567 },
      { label: 'DPOP chosen', step: 1, value: 0.0042 },
      null,
    ]);
    expect(chartSummary(CHARTS[0], d)).toBe(
      'Log-likelihood change from the reference (nats): DPO chosen -1.23 at step 2, DPO rejected -4.57 at step 2, DPOP chosen +0.0042 at step 1.',
    );
  });
  it('names one step when every series is at the same one, and says when there is none', () => {
    const d = chartData(CHARTS[0], { DPO: points.DPO }, arms.slice(0, 1));
    expect(chartSummary(CHARTS[0], d)).toBe('Log-likelihood change from the reference (nats), at step 2: DPO chosen -1.23, DPO rejected -4.57.');
    expect(chartSummary(CHARTS[0], chartData(CHARTS[0], {}, arms))).toBe('Log-likelihood change from the reference (nats): no steps yet.');
  });
  it('gives each arm its current Δ chosen and Δ rejected', () => {
    expect(armDeltas(points, 'DPO')).toEqual({ arm: 'DPO', step: 2, chosen: -1.234, rejected: -4.567 });
    expect(deltasSentence(armDeltas(points, 'DPO')!)).toBe('DPO: Δ chosen -1.23 nats, Δ rejected -4.57 nats at step 2.');
    expect(deltasSentence(armDeltas(points, 'DPOP')!)).toBe('DPOP: Δ chosen +0.0042 nats at step 1.');
    expect(armDeltas(points, 'IPO')).toBeNull();
  });
});
