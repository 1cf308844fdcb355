import { describe, expect, it } from 'vitest';
import { changeText, compact, lastOf, magnitude, signed } from './nats';

describe('signed', () => {
  it('never writes -0.00: small values keep two significant digits', () => {
    expect(signed(-0.0031)).toBe('-0.0031');
    expect(signed(0.000456)).toBe('+0.00046');
    expect(signed(-1.234)).toBe('-1.23');
    expect(signed(12.5)).toBe('+12.50');
    expect(signed(0)).toBe('0');
    expect(signed(-0)).toBe('0');
  });
  it('writes magnitudes and changes in words', () => {
    expect(magnitude(-0.0042)).toBe('0.0042');
    expect(changeText(-0.0042)).toBe('fell by 0.0042');
    expect(changeText(2.345)).toBe('grew by 2.35');
    expect(changeText(0)).toBe('is unchanged');
  });
});

describe('compact', () => {
  it('writes three significant digits with the minus sign, no exponent and no trailing zeros', () => {
    expect([-3.1349, 0.47412, 0.0042, 25.13, 123.7, -0.000012345, 0, 1].map(compact)).toEqual(['-3.13', '0.474', '0.0042', '25.1', '124', '-0.0000123', '0', '1']);
  });
  it('finds the last logged value behind trailing gaps', () => {
    expect(lastOf([1, 2, null, 3, null, undefined])).toBe(3);
    expect(lastOf([null, NaN])).toBeNull();
  });
});
