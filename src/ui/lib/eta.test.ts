import { describe, expect, it } from 'vitest';
import { etaSeconds, formatBytes, formatCount, formatDuration, formatRate } from './eta';

describe('eta', () => {
  it('extrapolates linearly', () => {
    expect(etaSeconds(10, 60, 5000)).toBeCloseTo(25);
    expect(etaSeconds(0, 60, 5000)).toBeNull();
    expect(etaSeconds(60, 60, 5000)).toBe(0);
  });
  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(12.4)).toBe('12s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
  });
  it('formats rates, bytes and counts', () => {
    expect(formatRate(undefined)).toBe('— tok/s');
    expect(formatRate(1234)).toBe('1.2k tok/s');
    expect(formatRate(99.6)).toBe('100 tok/s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatCount(124_439)).toBe('124.4k');
    expect(formatCount(135e6)).toBe('135.0M');
  });
});
