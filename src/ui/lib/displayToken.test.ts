import { describe, expect, it } from 'vitest';
import { displayToken } from './displayToken';

describe('displayToken', () => {
  it('turns byte-level markers into visible text', () => {
    expect(displayToken('Ġ17')).toBe(' 17');
    expect(displayToken('ĊĊ')).toBe('↵↵');
    expect(displayToken('<|endoftext|>')).toBe('<|endoftext|>');
  });
});
