import { describe, expect, it } from 'vitest';
import { INTEGER_INCRS, axisWidth, formatStepTicks, formatTicks, tickDecimals } from './ticks';

describe('formatTicks', () => {
  it('keeps minus signs and writes every tick with the same decimals', () => {
    // The reward-margin axis of issue 23 read "0, 0.005, -0.01, 0.015": signs lost, decimals mixed.
    expect(formatTicks([0.005, 0, -0.005, -0.01, -0.015])).toEqual(['0.005', '0.000', '-0.005', '-0.010', '-0.015']);
    expect(formatTicks([-2, -1.5, -1, -0.5, 0, 0.5])).toEqual(['-2.0', '-1.5', '-1.0', '-0.5', '0.0', '0.5']);
  });
  it('writes whole-number axes without decimals and never "-0"', () => {
    expect(formatTicks([-20, -10, -0, 10])).toEqual(['-20', '-10', '0', '10']);
    expect(formatTicks([-1e-17, 0.1, 0.2])).toEqual(['0.0', '0.1', '0.2']);
  });
  it('takes as many decimals as the finest tick needs, ignoring float noise', () => {
    expect(tickDecimals([0.1 + 0.2, 0.6])).toBe(1);
    expect(tickDecimals([0.0002, 0.0004])).toBe(4);
    expect(tickDecimals([25, 50])).toBe(0);
    expect(formatTicks([null, 1.25, 2.5])).toEqual(['', '1.25', '2.50']);
  });
});

describe('step axis', () => {
  it('offers only whole-number increments', () => {
    expect(INTEGER_INCRS.slice(0, 7)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(INTEGER_INCRS.every((i) => Number.isInteger(i) && i >= 1)).toBe(true);
  });
  it('labels whole steps only (no 1.5 or 2.5)', () => {
    expect(formatStepTicks([1, 1.5, 2, 2.5, 3])).toEqual(['1', '', '2', '', '3']);
    expect(formatStepTicks([0, 20, 40, 80])).toEqual(['0', '20', '40', '80']);
  });
});

describe('axisWidth', () => {
  it('grows with the widest label, minus sign included', () => {
    const px = (s: string) => s.length * 7;
    expect(axisWidth(['0.005', '-0.015'], px)).toBe(6 * 7 + 16);
    expect(axisWidth(['-0.015'], px)).toBeGreaterThan(axisWidth(['0.015'], px));
  });
});
