import { describe, expect, it } from 'vitest';
import { csvField, metricRows, metricsCsv, metricsJson } from './exportMetrics';
import { alignedColumn, unionSteps } from './metricSeries';

const byArm = {
  DPO: [
    { arm: 'DPO', step: 2, metrics: { loss: 0.6, 'rewards/margins': 0.2 } },
    { arm: 'DPO', step: 1, metrics: { loss: 0.69, 'rewards/margins': 0 } },
  ],
  'DPOP, λ=50': [{ arm: 'DPOP, λ=50', step: 1, metrics: { loss: 0.7, 'delta/chosen': -0.1 } }],
};

describe('metric exports', () => {
  it('has columns arm, step, then TRL names in order', () => {
    const { columns, rows } = metricRows(byArm, ['DPO', 'DPOP, λ=50']);
    expect(columns).toEqual(['arm', 'step', 'loss', 'rewards/margins', 'delta/chosen']);
    expect(rows.map((r) => [r.arm, r.step])).toEqual([
      ['DPO', 1],
      ['DPO', 2],
      ['DPOP, λ=50', 1],
    ]);
    expect(rows[2]['rewards/margins']).toBeNull();
  });
  it('writes CSV with quoting and empty cells for missing values', () => {
    const csv = metricsCsv(byArm, ['DPO', 'DPOP, λ=50']).trim().split('\n');
    expect(csv[0]).toBe('arm,step,loss,rewards/margins,delta/chosen');
    expect(csv[1]).toBe('DPO,1,0.69,0,');
    expect(csv[3]).toBe('"DPOP, λ=50",1,0.7,,-0.1');
    expect(csvField('a"b')).toBe('"a""b"');
  });
  it('writes JSON rows', () => {
    expect(JSON.parse(metricsJson(byArm, ['DPO']))).toHaveLength(2);
  });
  it('aligns columns to the union of steps', () => {
    const steps = unionSteps(byArm, ['DPO', 'DPOP, λ=50']);
    expect(steps).toEqual([1, 2]);
    expect(alignedColumn(byArm['DPOP, λ=50'], steps, 'loss')).toEqual([0.7, null]);
  });
});
