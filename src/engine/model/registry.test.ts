import { expect, it } from 'vitest';
import { FAMILY_NAMES, SUPPORTED_FAMILIES_TEXT } from './familyNames';
import { SUPPORTED_FAMILIES } from './registry';

it('the tf-free family list the page shows is the registry', () => {
  expect(SUPPORTED_FAMILIES_TEXT).toBe(SUPPORTED_FAMILIES.join(', '));
  expect(FAMILY_NAMES).toHaveLength(8);
});
