import { describe, expect, it } from 'vitest';
import { deltaColor, textColorFor } from './colorScale';

describe('deltaColor', () => {
  it('is white at zero, red when falling, green when rising', () => {
    expect(deltaColor(0)).toBe('rgb(255,255,255)');
    expect(deltaColor(-2)).toBe('rgb(214,39,40)');
    expect(deltaColor(5)).toBe('rgb(44,160,44)');
  });
  it('is grey for non-finite values', () => {
    expect(deltaColor(NaN)).toBe('rgb(200,200,200)');
  });
  it('picks readable text', () => {
    expect(textColorFor(0)).toBe('#1d2330');
    expect(textColorFor(-3)).toBe('#fff');
  });
});
