import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

describe('shortcuts', () => {
  it('maps space and → outside inputs', () => {
    expect(shortcutFor(' ', { tagName: 'DIV' })).toBe('toggle');
    expect(shortcutFor('ArrowRight', null)).toBe('step');
    expect(shortcutFor('a', { tagName: 'DIV' })).toBeNull();
  });
  it('ignores inputs, selects, buttons, editable text and modifier keys', () => {
    for (const tagName of ['INPUT', 'textarea', 'SELECT', 'BUTTON']) expect(shortcutFor(' ', { tagName })).toBeNull();
    expect(shortcutFor(' ', { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(shortcutFor(' ', { tagName: 'DIV' }, true)).toBeNull();
  });
});
