import { describe, expect, test } from 'vitest';
import type { EvalResult } from '../../engine/train/evaluate';
import { alignedData, labSteps } from './alignedData';

const ev = (arm: string, step: number, pts: [string, number, number, number][]) =>
  ({ arm, step, examples: [], metrics: {}, displacement: pts.map(([side, offset, meanDelta, pairs]) => ({ side, offset, meanDelta, pairs })) }) as EvalResult;

describe('alignedData', () => {
  const evals = {
    DPO: [ev('DPO', 2, [['chosen', 0, -1, 5]]), ev('DPO', 4, [['chosen', -1, -0.5, 5], ['chosen', 0, -2, 5], ['rejected', 0, -9, 5], ['chosen', 7, -4, 1]])],
    DPOP: [ev('DPOP', 4, [['chosen', 0, 0.1, 5], ['rejected', 1, -3, 5]])],
  };
  test('offsets on x, one series per arm and side, the latest evaluation at or before the step; sparse offsets dropped', () => {
    expect(labSteps(evals)).toEqual([2, 4]);
    const d = alignedData(evals, ['DPO', 'DPOP'], 4);
    expect(d.xs).toEqual([-1, 0, 1]); // offset 7 has one pair only
    expect(d.series.map((s) => s.label)).toEqual(['DPO chosen', 'DPO rejected', 'DPOP chosen', 'DPOP rejected']);
    expect(d.series[0].ys).toEqual([-0.5, -2, null]);
    expect(d.series[3].ys).toEqual([null, null, -3]);
    const early = alignedData(evals, ['DPO', 'DPOP'], 2);
    expect(early.series[0].ys).toEqual([-1]);
    expect(early.series[2].ys).toEqual([null]); // DPOP has no evaluation by step 2
  });
});
